{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_periods_changed('period_end') }}",
    )
}}
-- depends_on: {{ ref('int_maternity_periods_changed') }}
with

shares as (

    select * from {{ ref('int_equality_population_shares') }}
    where {{ in_periods_changed('period_end') }}

),

period_context as (

    select * from {{ ref('int_equality_period_context') }}
    where {{ in_periods_changed('period_end') }}

),

published as (

    select
        shares.org_level,
        shares.org_code,
        shares.org_name,
        shares.period_grain,
        shares.period_start,
        shares.period_end,
        shares.months_in_window,
        shares.org_months_in_window,
        period_context.data_period_label,
        shares.source,
        shares.dimension,
        shares.group_type,
        shares.group_code,
        {{ equality_group_label('shares.group_code') }} as group_label,
        cast({{ disclosure_rounded('shares.group_count') }} as bigint) as group_count,
        cast({{ disclosure_rounded('shares.dimension_total') }} as bigint)
            as dimension_total,
        shares.is_rounded,
        shares.suppression_reason is not null as is_suppressed,
        shares.suppression_reason,
        case when shares.suppression_reason is null then shares.raw_share_pct end as share_pct,
        case when shares.suppression_reason is null then shares.raw_share_lower_pct end
            as share_lower_pct,
        case when shares.suppression_reason is null then shares.raw_share_upper_pct end
            as share_upper_pct,
        case when shares.suppression_reason is null then shares.raw_share_of_recorded_pct end
            as share_of_recorded_pct,
        shares.dimension_completeness_pct,
        shares.england_share_pct,
        shares.share_gap_to_england_pp,
        period_context.trust_type,
        period_context.comparator_group_name,
        period_context.icb_code,
        period_context.icb_name,
        period_context.has_merger_in_period,
        period_context.mergers_in_period,
        period_context.combines_predecessor_codes,
        shares.org_codes_published,
        shares.is_provisional
    from shares
    left join period_context
        on
            shares.period_grain = period_context.period_grain
            and shares.period_end = period_context.period_end
            and shares.source = period_context.source
            and shares.org_level = period_context.org_level
            and shares.org_code = period_context.org_code

),

final as (

    select * from published

)

select * from final
