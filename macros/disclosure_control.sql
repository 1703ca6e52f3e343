{#-
    MSDS disclosure control applied to what the equality marts publish (METHODS.md): a count
    of 0 stays 0, 1 to 7 is shown as 5, every other count is rounded to the nearest 5. Counts
    that are sums of published (already rounded) counts are multiples of 5 and stay as they are.
-#}
{% macro disclosure_rounded(value) -%}
    case
        when {{ value }} is null then null
        when {{ value }} = 0 then 0
        when {{ value }} < 8 then 5
        else round({{ value }} / 5.0) * 5
    end
{%- endmacro %}

{#-
    Why a rate is hidden (null when it is shown). A rate is hidden when its numerator could be
    under 8: the lowest true numerator the published (rounded) counts allow is compared with 8,
    so a published 5 (true 1 to 7) or 0 hides the rate and a published 10 (true 8 to 12) shows
    it. Rates the publisher marked Low DQ stay hidden; a zero denominator has no rate.
-#}
{% macro disclosure_suppression_reason(
    numerator_lower, denominator, is_low_data_quality='false', min_numerator=8
) -%}
    case
        when {{ denominator }} is null or {{ denominator }} <= 0 then 'no_denominator'
        when {{ is_low_data_quality }} then 'publisher_low_data_quality'
        when {{ numerator_lower }} < {{ min_numerator }} then 'numerator_under_{{ min_numerator }}'
    end
{%- endmacro %}
