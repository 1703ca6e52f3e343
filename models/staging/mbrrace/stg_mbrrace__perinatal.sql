{%- set numbers = [
    'total_births', 'total_stillbirths', 'crude_stillbirth_rate', 'stabilised_stillbirth_rate',
    'total_live_births', 'total_neonatal_deaths', 'crude_neonatal_death_rate',
    'stabilised_neonatal_death_rate', 'total_perinatal_deaths', 'crude_perinatal_death_rate',
    'stabilised_perinatal_death_rate', 'group_average_stillbirth_rate',
    'group_average_neonatal_death_rate', 'group_average_perinatal_death_rate',
] -%}

with

checked as (

    select * from {{ ref('base_mbrrace__perinatal_checked') }}

),

final as (

    select
        file_id,
        line_number,
        report_year,
        mbrrace_org_id,
        mbrrace_org_name,
        country_name,
        region_name,
        neonatal_network_name,
        comparator_group_id,
        comparator_group_name,
        stabilised_stillbirth_ci,
        stabilised_neonatal_death_ci,
        {%- for n in numbers %}
        -- -1 marks a value suppressed for small numbers: null, never a number
            case when {{ n }}_number <> -1 then {{ n }}_number end as {{ n }},
        {%- endfor %}
        total_stillbirths_number = -1 as is_stillbirths_suppressed,
        total_neonatal_deaths_number = -1 as is_neonatal_deaths_suppressed
    from checked
    where quarantine_reason is null

)

select * from final
