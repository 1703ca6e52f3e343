-- exp-dq counts as tidy rows: one row per data item and count type (Valid, Default, Invalid,
-- Missing), with the item's denominator.
with

exp_dq as (

    select * from {{ ref('stg_msds__exp_dq') }}

),

unpivoted as (

    unpivot exp_dq
    on valid_count as 'Valid',
    default_count as 'Default',
    invalid_count as 'Invalid',
    missing_count as 'Missing'
    into name category value value

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
        uid || ' ' || data_item as measure,
        category,
        'Records' as count_of,
        value,
        value as numerator,
        denominator,
        100.0 * value / nullif(denominator, 0) as rate,
        'percent' as rate_unit,
        cast(null as varchar) as result_text,
        value_status as status
    from unpivoted

)

select * from final
