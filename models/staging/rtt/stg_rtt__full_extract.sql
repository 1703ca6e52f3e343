with

checked as (

    select * from {{ ref('base_rtt__full_extract_checked') }}

),

final as (

    select
        file_id,
        line_number,
        period_start,
        provider_parent_org_code,
        provider_org_code,
        provider_org_name,
        commissioner_parent_org_code,
        commissioner_org_code,
        rtt_part_type,
        rtt_part_description,
        treatment_function_code,
        treatment_function_name,
        has_week_bands,
        cast(pathways_in_week_bands as bigint) as pathways_in_week_bands,
        cast(within_18_weeks as bigint) as within_18_weeks,
        cast(pathways_in_week_bands - within_18_weeks as bigint) as over_18_weeks,
        cast(over_52_weeks as bigint) as over_52_weeks,
        cast(over_104_weeks as bigint) as over_104_weeks,
        cast(published_total as bigint) as published_total,
        cast(unknown_clock_start as bigint) as unknown_clock_start,
        cast(published_total_all as bigint) as published_total_all
    from checked
    where quarantine_reason is null

)

select * from final
