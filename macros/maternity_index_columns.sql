{#- The columns every version of fct_maternity_index publishes unchanged from
    int_maternity_index_assembled (the versions differ in the excess-event columns and
    index_version only). -#}
{% macro maternity_index_unchanged_columns() -%}
    {%- for column in [
        'org_code', 'org_name', 'index_grain', 'period_start', 'period_end', 'period_label',
        'births', 'measures_available', 'measures_scored', 'measures_excluded', 'coverage',
        'composite_score', 'composite_z', 'risk_rank', 'risk_band', 'trend_class',
        'trend_series_grain', 'trend_points', 'trend_slope_per_year', 'deteriorating_measures',
        'improving_measures', 'system_risk_score', 'system_risk_rank',
    ] %}
        {{ column }},
    {%- endfor %}
{%- endmacro %}
