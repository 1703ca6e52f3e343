with

checked as (

    select * from {{ ref('base_ods__trust_icb_lookup_checked') }}

),

final as (

    select
        file_id,
        line_number,
        org_code,
        org_name,
        trust_type,
        region_name,
        icb_name,
        predecessor_codes,
        merger_date
    from checked
    where quarantine_reason is null

)

select * from final
