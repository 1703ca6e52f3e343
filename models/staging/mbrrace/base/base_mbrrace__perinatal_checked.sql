{%- set numbers = [
    'total_births', 'total_stillbirths', 'crude_stillbirth_rate', 'stabilised_stillbirth_rate',
    'total_live_births', 'total_neonatal_deaths', 'crude_neonatal_death_rate',
    'stabilised_neonatal_death_rate', 'total_perinatal_deaths', 'crude_perinatal_death_rate',
    'stabilised_perinatal_death_rate', 'group_average_stillbirth_rate',
    'group_average_neonatal_death_rate', 'group_average_perinatal_death_rate',
] -%}

with

source as (

    select * from {{ source('mbrrace', 'mbrrace_perinatal') }}

),

typed as (

    select
        file_id,
        line_number,
        try_cast(trim(report_year) as integer) as report_year,
        trim(organisation_code) as mbrrace_org_id,
        trim(organisation_name) as mbrrace_org_name,
        trim(country_name) as country_name,
        trim(region_name) as region_name,
        trim(neonatal_network_name) as neonatal_network_name,
        try_cast(trim(comparator_group_id) as integer) as comparator_group_id,
        trim(comparator_group_name) as comparator_group_name,
        trim(stabilised_stillbirth_ci) as stabilised_stillbirth_ci,
        trim(stabilised_neonatal_death_ci) as stabilised_neonatal_death_ci,
        {%- for n in numbers %}
            {{ numeric_value(n) }} as {{ n }}_number,
            {{ value_marker_status(n) }} as {{ n }}_marker,
        {%- endfor %}
        {{ raw_text(['report_year', 'organisation_code', 'organisation_name',
            'total_births', 'total_stillbirths', 'total_live_births',
            'total_neonatal_deaths']) }} as raw_text
    from source

),

checked as (

    select
        *,
        case
            when report_year is null then 'report year is not a year'
            when mbrrace_org_id is null or mbrrace_org_name is null
                then 'missing organisation id or name'
            {%- for n in numbers %}
                when {{ n }}_marker = 'invalid' then '{{ n }} is not a number or a known marker'
                when {{ n }}_number < 0 and {{ n }}_number <> -1 then '{{ n }} is negative'
            {%- endfor %}
        end as quarantine_reason
    from typed

),

final as (

    select * from checked

)

select * from final
