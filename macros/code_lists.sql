{#- Published-code lists ('A;B;C', sorted codes joined by ';', as int_equality_observations
    writes them) combined over the rows of a group. -#}

{#- The window and flag columns of equality window rows (int_equality_windows) combined into
    one group row (a quintile of two deciles, a completeness row of every group): the window
    columns are the same on every row of the group; flags and published codes of any row. -#}
{% macro equality_rows_combined() -%}
    min(period_start) as period_start,
    min(window_months) as window_months,
    min(months_in_window) as months_in_window,
    min(org_months_in_window) as org_months_in_window,
    min(first_month_start) as first_month_start,
    min(org_name) as org_name,
    min(metric) as metric,
    bool_or(is_rounded) as is_rounded,
    bool_or(is_provisional) as is_provisional,
    max(n_low_data_quality_orgs) as n_low_data_quality_orgs,
    {{ code_lists_union('org_codes_published') }} as org_codes_published,
    {{ code_lists_union_count('org_codes_published') }} as n_org_codes_published
{%- endmacro %}

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
