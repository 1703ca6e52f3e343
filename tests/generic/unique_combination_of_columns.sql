{#- Fails with one row per duplicated key: the key values and how often they occur.
    changed_rows ('file' | 'period' | 'index_period', with changed_rows_column): on an
    incremental build, check only the rows this build wrote (macros/incremental_periods.sql);
    the key must hold the file or the period, so those rows cannot clash with the others.
    On every row, only the keys whose hash occurs more than once are grouped by their values
    (macros/duplicate_key_candidates.sql). #}
{% test unique_combination_of_columns(
    model, combination_of_columns, changed_rows=none, changed_rows_column=none
) %}

    select
        {{ combination_of_columns | join(', ') }},
        count(*) as occurrences
    from {{ model }}
    where
        ({{ test_rows_changed(changed_rows, changed_rows_column) }})
        {{ duplicate_key_candidates(model, combination_of_columns, changed_rows) }}
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1

{% endtest %}
