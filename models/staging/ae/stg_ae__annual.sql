with

checked as (

    select * from {{ ref('base_ae__annual_checked') }}

),

final as (

    select
        file_id,
        line_number,
        org_code,
        fy_start_year,
        share_within_4_hours
    from checked
    where quarantine_reason is null

)

select * from final
