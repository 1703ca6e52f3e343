{#- Excess adverse events of one scored measure against England, oriented so more harm is
    positive: (trust rate - England rate) / rate_scale x the trust's denominator x direction.
    `scored` is a relation with rate, england_rate, denominator and direction; `measures` one
    with rate_scale. -#}
{% macro excess_events(scored, measures) -%}
    ({{ scored }}.rate - {{ scored }}.england_rate) / {{ measures }}.rate_scale
    * {{ scored }}.denominator * {{ scored }}.direction
{%- endmacro %}

{#- Rank 1 = the largest value of `column` in each index period; null where it is null. -#}
{% macro rank_desc_within_period(column) -%}
    case
        when {{ column }} is not null
            then rank() over (
                partition by index_grain, index_start, {{ column }} is not null
                order by {{ column }} desc
            )
    end
{%- endmacro %}
