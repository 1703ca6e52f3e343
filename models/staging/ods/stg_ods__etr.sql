with

checked as (

    select * from {{ ref('base_ods__etr_checked') }}

),

final as (

    select
        file_id,
        line_number,
        org_code,
        org_name,
        region_code,
        icb_code,
        postcode,
        open_date,
        close_date
    from checked
    where quarantine_reason is null

)

select * from final
