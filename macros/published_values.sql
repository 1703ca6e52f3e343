{#-
    Shared parsing of published text. Markers never become zero:
    blank -> 'blank', DNS -> 'did_not_submit', * or - -> 'suppressed', Low DQ -> 'low_data_quality',
    Pass / Fail -> 'result', a number -> 'numeric', anything else -> 'invalid' (quarantined).
    A number with a thousands separator (1,234) is 'invalid': ambiguous text is never guessed.
-#}
{% macro value_marker_status(column) -%}
    case
        when {{ column }} is null or trim({{ column }}) = '' then 'blank'
        when upper(trim({{ column }})) = 'DNS' then 'did_not_submit'
        when trim({{ column }}) in ('*', '-') then 'suppressed'
        when upper(trim({{ column }})) = 'LOW DQ' then 'low_data_quality'
        when trim({{ column }}) in ('Pass', 'Fail') then 'result'
        when regexp_matches(trim({{ column }}), '^-?[0-9]+(\.[0-9]+)?$') then 'numeric'
        else 'invalid'
    end
{%- endmacro %}

{% macro numeric_value(column) -%}
    case
        when regexp_matches(trim({{ column }}), '^-?[0-9]+(\.[0-9]+)?$')
            then cast(trim({{ column }}) as double)
    end
{%- endmacro %}

{#- dd/mm/yyyy text to a date; null when the text is not a real calendar date. -#}
{% macro ddmmyyyy_to_date(column) -%}
    cast(try_strptime(trim({{ column }}), '%d/%m/%Y') as date)
{%- endmacro %}

{% macro yyyymmdd_to_date(column) -%}
    cast(try_strptime(trim({{ column }}), '%Y%m%d') as date)
{%- endmacro %}

{#- Org levels as spelt by the 2019-20 and 2017-18 annual files, mapped to the current names. -#}
{% macro normalise_org_level(column) -%}
    case upper(trim({{ column }}))
        when 'PROVIDER' then 'Provider'
        when 'REGION' then 'NHS England (Region)'
        when 'ALL SUBMITTERS' then 'National'
        when 'NATIONAL' then 'National'
        else trim({{ column }})
    end
{%- endmacro %}

{#- National rows are 'ALL' / 'National' in different files: one code, 'ALL'. -#}
{% macro normalise_org_code(org_code, org_level, org_name) -%}
    case
        when {{ normalise_org_level(org_level) }} = 'National' then 'ALL'
        when {{ org_code }} is null and upper({{ org_name }}) like '%UNKNOWN%' then 'UNKNOWN'
        else upper(trim({{ org_code }}))
    end
{%- endmacro %}

{#-
    Category labels: no label -> 'All'; deprivation deciles that an Excel re-save stripped of
    their leading zero (2 -> 02); the 'Missing value / Value outside reporting parameters' label
    spelt several ways across years -> one spelling.
-#}
{% macro normalise_category(dimension, measure) -%}
    case
        when {{ measure }} is null or trim({{ measure }}) = '' then 'All'
        when
            lower({{ dimension }}) = 'deprivationdecileatbooking'
            and regexp_matches(trim({{ measure }}), '^[0-9]$')
            then lpad(trim({{ measure }}), 2, '0')
        when
            lower(regexp_replace(trim({{ measure }}), '\s*/\s*', ' / '))
            = 'missing value / value outside reporting parameters'
            then 'Missing Value / Value outside reporting parameters'
        else trim({{ measure }})
    end
{%- endmacro %}

{#- The fields of a landed row joined back into text, for quarantine rows. -#}
{% macro raw_text(columns) -%}
    concat_ws(','{% for c in columns %}, coalesce({{ c }}, ''){% endfor %})
{%- endmacro %}
