with

checked as (

    select * from {{ ref('base_rtt__provider_completed_checked') }}

),

final as (

    select
        file_id,
        line_number,
        period_start,
        pathway_type,
        region_code,
        provider_code,
        provider_name,
        treatment_function_code,
        treatment_function,
        cast(pathways_in_week_bands as bigint) as completed_pathways_known_start,
        cast(within_18_weeks as bigint) as within_18_weeks,
        cast(unknown_clock_start as bigint) as unknown_clock_start,
        cast(total_all as bigint) as published_total_all,
        cast(total_52_plus_weeks as bigint) as over_52_weeks,
        cast(total_65_plus_weeks as bigint) as over_65_weeks,
        cast(total_78_plus_weeks as bigint) as over_78_weeks,
        median_weeks as published_median_weeks,
        p95_weeks as published_p95_weeks
    from checked
    where quarantine_reason is null

)

select * from final
