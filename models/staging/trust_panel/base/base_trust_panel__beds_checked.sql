with

source as (

    select * from {{ source('trust_panel', 'trust_beds') }}

),

typed as (

    select
        file_id,
        line_number,
        try_cast(trim(year) as integer) as fy_start_year,
        upper(trim(org_code)) as org_code,
        {{ value_number('beds') }} as beds,
        {{ value_number('beds_occupied_percent') }} as beds_occupied_share,
        {{ raw_text(['year', 'org_code', 'beds', 'beds_occupied_percent']) }} as raw_text
    from source

),

checked as (

    select
        *,
        case
            when fy_start_year is null then 'year is not a year'
            when org_code is null then 'missing organisation code'
            when beds is null then 'beds missing or not a number'
            when beds < 0 then 'beds negative'
            when beds_occupied_share < 0 or beds_occupied_share > 1.5
                then 'bed occupancy share outside 0-1.5'
        end as quarantine_reason
    from typed

),

final as (

    select * from checked

)

select * from final
