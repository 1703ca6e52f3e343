with

checked as (

    select * from {{ ref('base_trust_panel__beds_checked') }}

),

final as (

    select
        file_id,
        line_number,
        org_code,
        fy_start_year,
        beds,
        beds_occupied_share
    from checked
    where quarantine_reason is null

)

select * from final
