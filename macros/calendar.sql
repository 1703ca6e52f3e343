{#- A date's month counted from year 0 (January 2025 is 2025 * 12 + 1): consecutive calendar
    months differ by 1, so a window of n months is a range frame of n - 1 preceding. -#}
{% macro month_number(date_column) -%}
    (year({{ date_column }}) * 12 + month({{ date_column }}))
{%- endmacro %}
