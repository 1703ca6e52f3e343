with

checked as (

    select * from {{ ref('base_finance__trust_finances_checked') }}

),

final as (

    select
        file_id,
        line_number,
        org_code,
        fy_start_year,
        {{ value_fy_label('fy_start_year') }} as financial_year,
        financial_position * 1000 as surplus_gbp,
        op_income * 1000 as operating_income_gbp,
        -op_cost * 1000 as operating_cost_gbp
    from checked
    where quarantine_reason is null

)

select * from final
