with

source as (

    select * from {{ source('trust_panel', 'trust_staff') }}

),

typed as (

    select
        file_id,
        line_number,
        upper(trim(org_code)) as org_code,
        {{ value_number('all_staff_fte') }} as all_staff_fte,
        try_cast(trim(year) as integer) as fy_start_year,
        {{ raw_text(['org_code', 'all_staff_fte', 'year']) }} as raw_text
    from source

),

checked as (

    select
        *,
        case
            when fy_start_year is null then 'year is not a year'
            when org_code is null then 'missing organisation code'
            when all_staff_fte is null then 'staff FTE missing or not a number'
            when all_staff_fte < 0 then 'staff FTE negative'
        end as quarantine_reason
    from typed

),

final as (

    select * from checked

)

select * from final
