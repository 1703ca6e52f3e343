{%- set numbers = [
    'total_episodes', 'admissions', 'male_admissions', 'female_admissions', 'age_0_14',
    'age_15_29', 'age_30_44', 'age_45_59', 'age_60_74', 'age_75_89', 'age_90_plus',
] -%}

with

source as (

    select * from {{ source('trust_panel', 'trust_admissions') }}

),

typed as (

    select
        file_id,
        line_number,
        try_cast(trim(year) as integer) as fy_start_year,
        upper(trim(org_code)) as org_code,
        {%- for n in numbers %}
            {{ value_number(n) }} as {{ n }},
        {%- endfor %}
        {{ raw_text(['year', 'org_code'] + numbers) }} as raw_text
    from source

),

checked as (

    select
        *,
        case
            when fy_start_year is null then 'year is not a year'
            when org_code is null then 'missing organisation code'
            {%- for n in numbers %}
                when {{ n }} is null then '{{ n }} missing or not a number'
                when {{ n }} < 0 then '{{ n }} negative'
            {%- endfor %}
        end as quarantine_reason
    from typed

),

final as (

    select * from checked

)

select * from final
