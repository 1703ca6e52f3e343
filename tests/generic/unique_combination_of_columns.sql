{#- Fails with one row per duplicated key: the key values and how often they occur. #}
{% test unique_combination_of_columns(model, combination_of_columns) %}

    select
        {{ combination_of_columns | join(', ') }},
        count(*) as occurrences
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1

{% endtest %}
