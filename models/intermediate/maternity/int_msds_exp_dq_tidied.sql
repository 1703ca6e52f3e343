{{ config(materialized='view') }}
-- exp-dq counts as tidy rows: one row per data item and count type (Valid, Default, Invalid,
-- Missing), with the item's denominator.
with

exp_dq as (

    select * from {{ ref('stg_msds__exp_dq') }}

),

unpivoted as (

    unpivot exp_dq
    on valid_count, default_count, invalid_count, missing_count
    into name count_column value value

),

labelled as (

    select
        *,
        case count_column
            when 'valid_count' then 'Valid'
            when 'default_count' then 'Default'
            when 'invalid_count' then 'Invalid'
            when 'missing_count' then 'Missing'
        end as category
    from unpivoted

),

final as (

    select
        file_id,
        'msds_exp_dq' as source,
        'Provider' as org_level,
        org_code_published,
        org_code,
        cast(null as varchar) as org_name,
        period_start,
        period_end,
        'month' as period_grain,
        data_table as measure_family,
        category,
        'Records' as count_of,
        value,
        value as numerator,
        denominator,
        'percent' as rate_unit,
        cast(null as varchar) as result_text,
        value_status as status,
        uid || ' ' || data_item as measure,
        100.0 * value / nullif(denominator, 0) as rate
    from labelled

)

select * from final
