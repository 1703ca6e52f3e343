with

checked as (

    select * from {{ ref('base_rtt__trust_series_checked') }}

),

final as (

    select
        file_id,
        line_number,
        trust_code,
        trust_name,
        month_start,
        treatment,
        treatment = 'Total' as is_total,
        cast(waits_over_18_weeks as bigint) as waits_over_18_weeks,
        cast(waits_over_52_weeks as bigint) as waits_over_52_weeks
    from checked
    where quarantine_reason is null

)

select * from final
