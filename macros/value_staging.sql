{#-
    Parsing of the value index inputs (issue 6). Numbers may be written in plain or scientific
    notation (catchment shares such as 3.76e-06); anything else is null and quarantined by the
    base model that calls these. Financial years: the panel files label a financial year by its
    first calendar year (YEAR 2013 = 2013/14, the RTT snapshot of 31 March 2014).
-#}
{% macro value_number(column) -%}
    case
        when regexp_matches(trim({{ column }}), '^[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$')
            then cast(trim({{ column }}) as double)
    end
{%- endmacro %}

{#- True when a present value is not a number. -#}
{% macro value_not_a_number(column) -%}
    ({{ column }} is not null and {{ value_number(column) }} is null)
{%- endmacro %}

{#- True when any of the text `columns` holds a value that is not a number (other than the
    `markers`, such as '-') or a number for which `invalid_number` holds (the SQL after the
    number: '< 0', 'not between 0 and 1'); false when every value is blank or valid. One lambda
    over a list, not an `or` per column, so that the compiled SQL stays short whatever the number
    of columns (an `or` chain over 24 columns took sqlfluff 25 s to lint). `prefix` qualifies
    each column ('source.'). -#}
{% macro value_any_invalid(columns, invalid_number='< 0', markers=[], prefix='') -%}
    {%- set not_a_marker = 'trim(v) not in (' ~ sql_string_list(markers) ~ ')' if markers
        else 'true' %}
    coalesce(list_bool_or(list_transform(
        [{{ prefix ~ columns | join(', ' ~ prefix) }}],
        lambda v: ({{ value_not_a_number('v') }} and {{ not_a_marker }})
            or {{ value_number('v') }} {{ invalid_number }}
    )), false)
{%- endmacro %}

{#- True when any of the `columns` is blank (null). -#}
{% macro value_any_missing(columns, prefix='') -%}
    list_bool_or(list_transform(
        [{{ prefix ~ columns | join(', ' ~ prefix) }}], lambda v: v is null
    ))
{%- endmacro %}

{#- Three-significant-figure scientific notation (4.00E+03): precision lost by a spreadsheet. -#}
{% macro value_is_truncated_scientific(column) -%}
    coalesce(regexp_matches(trim({{ column }}), '^-?[0-9]\.[0-9]{1,2}E\+[0-9]+$'), false)
{%- endmacro %}

{% macro value_fy_label(start_year) -%}
    ({{ start_year }})::varchar || '/' || lpad((({{ start_year }} + 1) % 100)::varchar, 2, '0')
{%- endmacro %}
