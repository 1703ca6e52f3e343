with

checked as (

    select * from {{ ref('base_eric__trust_profiles_checked') }}

),

final as (

    select
        file_id,
        line_number,
        org_code,
        fy_start_year,
        org_name,
        commissioning_region,
        organisation_type,
        organisation_type = 'ACUTE - TEACHING' as is_teaching
    from checked
    where quarantine_reason is null

)

select * from final
