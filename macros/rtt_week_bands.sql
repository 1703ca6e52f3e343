{#-
    The 105 weekly wait bands of the RTT publications (> 0-1 weeks .. > 103-104 weeks, then
    > 104 weeks), as one list so a model names them once: the bands are read into a list of
    texts, parsed into a list of counts, and summed with list functions. (Written column by
    column, the bands made the compiled SQL of each RTT base model some thousands of lines.)
-#}
{% macro rtt_week_bands() -%}
    {%- set bands = [] -%}
    {%- for w in range(104) -%}
        {%- set band = 'gt_' ~ '%02d' | format(w) ~ '_to_' ~ '%02d' | format(w + 1) ~ '_weeks' -%}
        {%- do bands.append(band) -%}
    {%- endfor -%}
    {%- do bands.append('gt_104_weeks') -%}
    {{ return(bands) }}
{%- endmacro %}

{#- The bands of `relation` as a list of their published texts, in week order. -#}
{% macro rtt_band_texts(relation) -%}
    [{%- for band in rtt_week_bands() -%}
        {{ relation }}.{{ band }}{% if not loop.last %}, {% endif %}
    {%- endfor -%}]
{%- endmacro %}

{#- Each band as a number (null when blank or not a number; see value_number). -#}
{% macro rtt_band_counts(texts) -%}
    list_transform({{ texts }}, lambda t: {{ value_number('t') }})
{%- endmacro %}

{#- True when a present band is not a number. -#}
{% macro rtt_band_not_a_number(texts) -%}
    coalesce(list_bool_or(list_transform({{ texts }}, lambda t: {{ value_not_a_number('t') }})), false)
{%- endmacro %}

{#- True when a band is negative. -#}
{% macro rtt_band_negative(counts) -%}
    coalesce(list_bool_or(list_transform({{ counts }}, lambda c: c < 0)), false)
{%- endmacro %}

{#- Sum of the bands from week `first` to week `last` (1-based, as the list), blanks as 0:
    1-105 all bands, 1-18 within 18 weeks (NHS England's 18-week standard), 53-105 over 52. -#}
{% macro rtt_band_sum(counts, first=1, last=105) -%}
    list_sum(list_transform({{ counts }}[{{ first }}:{{ last }}], lambda c: coalesce(c, 0)))
{%- endmacro %}
