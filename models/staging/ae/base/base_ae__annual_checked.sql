with

source as (

    select * from {{ source('ae', 'ae_annual') }}

),

typed as (

    select
        file_id,
        line_number,
        try_cast(trim(year) as integer) as fy_start_year,
        upper(trim(org_code)) as org_code,
        {{ value_number('ae_score') }} as share_within_4_hours,
        {{ raw_text(['year', 'org_code', 'ae_score']) }} as raw_text
    from source

),

checked as (

    select
        *,
        case
            when fy_start_year is null then 'year is not a year'
            when org_code is null then 'missing organisation code'
            when share_within_4_hours is null then 'A&E score missing or not a number'
            when share_within_4_hours not between 0 and 1 then 'A&E score outside 0-1'
        end as quarantine_reason
    from typed

),

final as (

    select * from checked

)

select * from final
