with

checked as (

    select * from {{ ref('base_shmi__annual_checked') }}

),

final as (

    select
        file_id,
        line_number,
        fy_start_year,
        {{ value_fy_label('fy_start_year') }} as financial_year,
        org_code,
        shmi_value
    from checked
    where quarantine_reason is null

)

select * from final
