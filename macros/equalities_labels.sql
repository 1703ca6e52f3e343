{#- Readable labels for the equality groups and metrics (codes from int_equality_observations). -#}
{% macro equality_group_label(group_code) -%}
    case {{ group_code }}
        when 'all' then 'All women'
        when 'white' then 'White'
        when 'asian' then 'Asian or Asian British'
        when 'black' then 'Black or Black British'
        when 'mixed' then 'Mixed'
        when 'other' then 'Any other ethnic group'
        when 'bame' then 'Black, Asian and minority ethnic (as published)'
        when 'not_stated' then 'Not stated'
        when 'not_known' then 'Not known'
        when 'missing' then 'Missing / outside reporting parameters'
        when 'missing_unknown' then 'Missing or unknown'
        when 'pseudo_postcode' then 'Pseudo postcode (no fixed abode, resident overseas)'
        when 'elsewhere_uk' then 'Resident elsewhere in the UK, Channel Islands, Isle of Man'
        when '01' then 'IMD decile 01 - most deprived'
        when '10' then 'IMD decile 10 - least deprived'
        when 'q1' then 'IMD quintile 1 - most deprived'
        when 'q5' then 'IMD quintile 5 - least deprived'
        when 'ethnicity_recorded' then 'Ethnicity recorded'
        when 'deprivation_identifiable' then 'Deprivation identifiable'
        else
            case
                when regexp_matches({{ group_code }}, '^[0-9]{2}$')
                    then 'IMD decile ' || {{ group_code }}
                when regexp_matches({{ group_code }}, '^q[0-9]$')
                    then 'IMD quintile ' || right({{ group_code }}, 1)
                else {{ group_code }}
            end
    end
{%- endmacro %}

{% macro equality_metric_label(metric) -%}
    case {{ metric }}
        when 'coc_by_28weeks'
            then 'Continuity of carer: women placed on a pathway by 28 weeks (%)'
        when 'coc_receiving_ongoing'
            then 'Continuity of carer: women receiving it on an ongoing basis (%)'
        when 'women_in_group' then 'Share of women in the group (%)'
        else {{ metric }}
    end
{%- endmacro %}
