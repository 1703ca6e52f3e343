-- One row per indicator, organisation and period: the Numerator, Denominator, Rate (or Rate per
-- Thousand) and Result rows of exp-measures side by side.
with

measures as (

    select * from {{ ref('stg_msds__exp_measures') }}

),

pivoted as (

    select
        file_id,
        org_level,
        org_code_published,
        period_start,
        period_end,
        indicator_family,
        indicator,
        any_value(org_code) as org_code,
        any_value(org_name) as org_name,
        max(value) filter (where currency = 'Numerator') as numerator,
        max(value) filter (where currency = 'Denominator') as denominator,
        max(value) filter (where currency in ('Rate', 'Rate per Thousand')) as rate,
        max(
            case currency when 'Rate' then 'percent' when 'Rate per Thousand' then 'per_1000' end
        ) as rate_unit,
        max(value_text) filter (where currency = 'Result') as result_text,
        max(value) filter (where currency = 'Result') as result_value,
        list(value_status) as statuses
    from measures
    group by
        file_id,
        org_level,
        org_code_published,
        period_start,
        period_end,
        indicator_family,
        indicator

),

final as (

    select
        file_id,
        'msds_exp_measures' as source,
        org_level,
        org_code_published,
        org_code,
        org_name,
        period_start,
        period_end,
        'month' as period_grain,
        indicator_family as measure_family,
        indicator as measure,
        'All' as category,
        cast(null as varchar) as count_of,
        numerator,
        denominator,
        rate,
        rate_unit,
        result_text,
        coalesce(rate, result_value, numerator) as value,
        case
            when list_contains(statuses, 'did_not_submit') then 'did_not_submit'
            when list_contains(statuses, 'suppressed') then 'suppressed'
            when list_contains(statuses, 'low_data_quality') then 'low_data_quality'
            when list_contains(statuses, 'rounded') then 'rounded'
            else 'published'
        end as status
    from pivoted

)

select * from final
