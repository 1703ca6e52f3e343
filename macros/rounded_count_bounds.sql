{#-
    The true count behind a count published under MSDS disclosure control: 0 stays 0, 1 to 7
    is published as 5, every other count is rounded to the nearest 5 (METHODS.md).
    published 0 -> [0, 0]; 5 -> [1, 7]; 10 -> [8, 12]; v -> [v - 2, v + 2].
-#}
{% macro rounded_count_lower(value) -%}
    case
        when {{ value }} = 0 then 0
        when {{ value }} = 5 then 1
        when {{ value }} = 10 then 8
        else {{ value }} - 2
    end
{%- endmacro %}

{% macro rounded_count_upper(value) -%}
    case
        when {{ value }} = 0 then 0
        when {{ value }} = 5 then 7
        else {{ value }} + 2
    end
{%- endmacro %}
