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

group_rates as (

    select * from {{ ref('int_equality_group_rates') }}
    where {{ in_periods_changed('period_end') }}

),

inequality_indices as (

    select * from {{ ref('int_equality_sii_rii') }}
    where {{ in_periods_changed('period_end') }}

),

period_context as (

    select * from {{ ref('int_equality_period_context') }}
    where {{ in_periods_changed('period_end') }}

),

published as (

    select
        group_rates.org_level,
        group_rates.org_code,
        group_rates.org_name,
        group_rates.period_grain,
        group_rates.period_start,
        group_rates.period_end,
        group_rates.months_in_window,
        group_rates.org_months_in_window,
        period_context.data_period_label,
        group_rates.source,
        group_rates.metric,
        {{ equality_metric_label('group_rates.metric') }} as metric_label,
        group_rates.dimension,
        group_rates.group_code,
        {{ equality_group_label('group_rates.group_code') }} as group_label,
        group_rates.is_reference_group,
        cast(group_rates.numerator_rounded as bigint) as numerator,
        cast(group_rates.denominator_rounded as bigint) as denominator,
        group_rates.is_rounded,
        group_rates.is_suppressed,
        group_rates.suppression_reason,
        group_rates.rate_pct,
        group_rates.rate_lower_pct,
        group_rates.rate_upper_pct,
        case when not group_rates.is_suppressed then group_rates.published_rate end
            as published_rate_pct,
        group_rates.reference_rate_pct,
        group_rates.gap_to_reference_pp,
        group_rates.gap_to_reference_lower_pp,
        group_rates.gap_to_reference_upper_pp,
        group_rates.gap_to_reference_excludes_zero,
        group_rates.ratio_to_reference,
        group_rates.reference_comparison_note,
        group_rates.england_rate_pct,
        group_rates.gap_to_england_pp,
        group_rates.gap_to_england_lower_pp,
        group_rates.gap_to_england_upper_pp,
        group_rates.gap_to_england_excludes_zero,
        group_rates.ratio_to_england,
        group_rates.england_comparison_note,
        inequality_indices.sii_status,
        inequality_indices.sii_pp,
        inequality_indices.sii_lower_pp,
        inequality_indices.sii_upper_pp,
        inequality_indices.rii,
        inequality_indices.rii_lower,
        inequality_indices.rii_upper,
        cast(group_rates.n_low_data_quality_orgs as integer) as n_low_data_quality_orgs,
        period_context.trust_type,
        period_context.comparator_group_name,
        period_context.icb_code,
        period_context.icb_name,
        period_context.has_merger_in_period,
        period_context.mergers_in_period,
        period_context.combines_predecessor_codes,
        group_rates.org_codes_published,
        group_rates.is_provisional
    from group_rates
    left join inequality_indices
        on
            group_rates.period_grain = inequality_indices.period_grain
            and group_rates.period_end = inequality_indices.period_end
            and group_rates.source = inequality_indices.source
            and group_rates.org_level = inequality_indices.org_level
            and group_rates.org_code = inequality_indices.org_code
            and group_rates.metric = inequality_indices.metric
            and group_rates.dimension = 'deprivation'
    left join period_context
        on
            group_rates.period_grain = period_context.period_grain
            and group_rates.period_end = period_context.period_end
            and group_rates.source = period_context.source
            and group_rates.org_level = period_context.org_level
            and group_rates.org_code = period_context.org_code

),

final as (

    select * from published

)

select * from final
