{#- Published-code lists ('A;B;C', sorted codes joined by ';', as int_equality_observations
    writes them) combined over the rows of a group. -#}

{#- The sorted distinct codes of every list in the group (null when none). -#}
{% macro code_lists_union(column) -%}
    nullif(
        array_to_string(
            list_sort(list_distinct(flatten(list(string_split({{ column }}, ';'))))), ';'
        ),
        ''
    )
{%- endmacro %}

{#- How many distinct codes the lists of the group hold. -#}
{% macro code_lists_union_count(column) -%}
    len(list_distinct(flatten(list(string_split({{ column }}, ';')))))
{%- endmacro %}
