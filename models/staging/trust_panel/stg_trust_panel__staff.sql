with

checked as (

    select * from {{ ref('base_trust_panel__staff_checked') }}

),

final as (

    select
        file_id,
        line_number,
        org_code,
        fy_start_year,
        all_staff_fte
    from checked
    where quarantine_reason is null

)

select * from final
