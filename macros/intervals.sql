{#-
    Confidence intervals (PHE / OHID Fingertips methods, METHODS.md). z defaults to 1.959964
    (95%); pass 3.090232 for 99.8%.

    Wilson score interval for a proportion x / n:
        (2x + z^2 -/+ z sqrt(z^2 + 4x(1 - x/n))) / (2(n + z^2))
    Null when n is null or 0.
-#}
{% macro wilson_lower(x, n, z=1.959964) -%}
    case
        when {{ n }} > 0
            then
                (
                    2 * {{ x }} + {{ z }} ^ 2
                    - {{ z }} * sqrt({{ z }} ^ 2 + 4 * {{ x }} * (1 - {{ x }} / {{ n }}))
                )
                / (2 * ({{ n }} + {{ z }} ^ 2))
    end
{%- endmacro %}

{% macro wilson_upper(x, n, z=1.959964) -%}
    case
        when {{ n }} > 0
            then
                (
                    2 * {{ x }} + {{ z }} ^ 2
                    + {{ z }} * sqrt({{ z }} ^ 2 + 4 * {{ x }} * (1 - {{ x }} / {{ n }}))
                )
                / (2 * ({{ n }} + {{ z }} ^ 2))
    end
{%- endmacro %}

{#-
    Wilson interval that carries MSDS disclosure rounding: the lower end uses the lowest true
    counts the published ones allow (lowest numerator, highest denominator), the upper end the
    highest (see rounded_count_lower / rounded_count_upper).
-#}
{% macro wilson_lower_rounded(x, n, z=1.959964) -%}
    {{ wilson_lower(rounded_count_lower(x), rounded_count_upper(n), z) }}
{%- endmacro %}

{% macro wilson_upper_rounded(x, n, z=1.959964) -%}
    {{ wilson_upper(rounded_count_upper(x), 'greatest(' ~ rounded_count_lower(n) ~ ', 1)', z) }}
{%- endmacro %}
