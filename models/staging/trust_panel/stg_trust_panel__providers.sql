with

checked as (

    select * from {{ ref('base_trust_panel__providers_checked') }}

),

final as (

    select
        file_id,
        line_number,
        org_code,
        org_name,
        org_type,
        hee_region_code,
        is_specialist
    from checked
    where quarantine_reason is null

)

select * from final
