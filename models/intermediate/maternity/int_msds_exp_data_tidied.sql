{{ config(materialized='view') }}
with

exp_data as (

    select * from {{ ref('stg_msds__exp_data') }}

),

final as (

    select
        file_id,
        'msds_exp_data' as source,
        org_level,
        org_code_published,
        org_code,
        org_name,
        period_start,
        period_end,
        'month' as period_grain,
        cast(null as varchar) as measure_family,
        dimension as measure,
        category,
        count_of,
        value,
        cast(null as double) as numerator,
        cast(null as double) as denominator,
        cast(null as double) as rate,
        cast(null as varchar) as rate_unit,
        cast(null as varchar) as result_text,
        value_status as status
    from exp_data

)

select * from final
