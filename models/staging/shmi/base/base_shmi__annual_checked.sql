with

source as (

    select * from {{ source('shmi', 'shmi_annual') }}

),

typed as (

    select
        file_id,
        line_number,
        try_cast(trim(year) as integer) as fy_start_year,
        upper(trim(org_code)) as org_code,
        {{ value_number('shmi_value') }} as shmi_value,
        {{ raw_text(['year', 'org_code', 'shmi_value']) }} as raw_text
    from source

),

checked as (

    select
        *,
        case
            when fy_start_year is null then 'year is not a year'
            when org_code is null then 'missing organisation code'
            when shmi_value is null then 'SHMI value missing or not a number'
            when shmi_value <= 0 then 'SHMI value not positive'
        end as quarantine_reason
    from typed

),

final as (

    select * from checked

)

select * from final
