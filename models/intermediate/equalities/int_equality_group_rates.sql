{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_periods_changed('period_end') }}",
    )
}}
{#-
    Continuity of carer (exp-measures COC_Rate family) by ethnic group and IMD decile: the rate
    recomputed from numerator / denominator (percent), its Wilson 95% interval carrying the
    disclosure rounding (lowest numerator with highest denominator, and the reverse), the gap
    (percentage points) and ratio to the reference group of the same organisation (White;
    10 - least deprived) and to England's rate for the same group (the files' National row),
    each gap with Newcombe's hybrid score interval and whether that interval excludes zero.
    Disclosure control: a rate is hidden (rate_pct null) when its numerator could be under 8
    or the publisher marked it Low DQ; a gap or ratio is null when either rate is hidden.
    raw_* columns keep the unsuppressed values for downstream summaries (SII / RII) only.
-#}
-- depends_on: {{ ref('int_maternity_periods_changed') }}
with

windows as (

    select * from {{ ref('int_equality_windows') }}
    where {{ in_periods_changed('period_end') }}

),

coc as (

    select * from windows
    where metric in ('coc_by_28weeks', 'coc_receiving_ongoing')

),

rates as (

    select
        *,
        case
            when dimension = 'ethnicity' and group_code = 'white' then true
            when dimension = 'deprivation' and group_code = '10' then true
            else false
        end as is_reference_group,
        100.0 * numerator / nullif(denominator, 0) as raw_rate_pct,
        100.0 * {{ wilson_lower('numerator_lower', 'denominator_upper') }} as raw_rate_lower_pct,
        100.0 * {{ wilson_upper(
            'numerator_upper', 'greatest(denominator_lower, numerator_upper, 1)'
        ) }} as raw_rate_upper_pct,
        {{ disclosure_suppression_reason(
            'numerator_lower',
            'denominator',
            "org_level = 'Provider' and n_low_data_quality_orgs > 0"
        ) }} as suppression_reason
    from coc

),

reference as (

    select
        period_grain,
        period_end,
        source,
        org_level,
        org_code,
        metric,
        dimension,
        raw_rate_pct as reference_rate_pct,
        raw_rate_lower_pct as reference_lower_pct,
        raw_rate_upper_pct as reference_upper_pct,
        suppression_reason as reference_suppression_reason
    from rates
    where is_reference_group

),

england as (

    select
        period_grain,
        period_end,
        source,
        metric,
        dimension,
        group_code,
        raw_rate_pct as england_rate_pct,
        raw_rate_lower_pct as england_lower_pct,
        raw_rate_upper_pct as england_upper_pct,
        suppression_reason as england_suppression_reason
    from rates
    where org_level = 'National'

),

joined as (

    select
        rates.*,
        reference.reference_rate_pct,
        reference.reference_lower_pct,
        reference.reference_upper_pct,
        reference.reference_suppression_reason,
        england.england_rate_pct,
        england.england_lower_pct,
        england.england_upper_pct,
        england.england_suppression_reason,
        rates.suppression_reason is null
        and reference.reference_suppression_reason is null
        and rates.dimension <> 'all' as can_compare_reference,
        rates.suppression_reason is null
        and england.england_suppression_reason is null as can_compare_england
    from rates
    left join reference
        on
            rates.period_grain = reference.period_grain
            and rates.period_end = reference.period_end
            and rates.source = reference.source
            and rates.org_level = reference.org_level
            and rates.org_code = reference.org_code
            and rates.metric = reference.metric
            and rates.dimension = reference.dimension
    left join england
        on
            rates.period_grain = england.period_grain
            and rates.period_end = england.period_end
            and rates.source = england.source
            and rates.metric = england.metric
            and rates.dimension = england.dimension
            and rates.group_code = england.group_code

),

gaps as (

    select
        *,
        case when can_compare_reference then raw_rate_pct - reference_rate_pct end
            as gap_to_reference_pp,
        case
            when can_compare_reference
                then {{ newcombe_gap_lower(
                    'raw_rate_pct', 'raw_rate_lower_pct', 'raw_rate_upper_pct',
                    'reference_rate_pct', 'reference_lower_pct', 'reference_upper_pct'
                ) }}
        end as gap_to_reference_lower_pp,
        case
            when can_compare_reference
                then {{ newcombe_gap_upper(
                    'raw_rate_pct', 'raw_rate_lower_pct', 'raw_rate_upper_pct',
                    'reference_rate_pct', 'reference_lower_pct', 'reference_upper_pct'
                ) }}
        end as gap_to_reference_upper_pp,
        case
            when can_compare_reference
                then raw_rate_pct / nullif(reference_rate_pct, 0)
        end as ratio_to_reference,
        case when can_compare_england then raw_rate_pct - england_rate_pct end
            as gap_to_england_pp,
        case
            when can_compare_england
                then {{ newcombe_gap_lower(
                    'raw_rate_pct', 'raw_rate_lower_pct', 'raw_rate_upper_pct',
                    'england_rate_pct', 'england_lower_pct', 'england_upper_pct'
                ) }}
        end as gap_to_england_lower_pp,
        case
            when can_compare_england
                then {{ newcombe_gap_upper(
                    'raw_rate_pct', 'raw_rate_lower_pct', 'raw_rate_upper_pct',
                    'england_rate_pct', 'england_lower_pct', 'england_upper_pct'
                ) }}
        end as gap_to_england_upper_pp,
        case
            when can_compare_england
                then raw_rate_pct / nullif(england_rate_pct, 0)
        end as ratio_to_england
    from joined

),

final as (

    select
        period_grain,
        period_start,
        period_end,
        window_months,
        months_in_window,
        org_months_in_window,
        first_month_start,
        source,
        org_level,
        org_code,
        org_name,
        metric,
        dimension,
        group_code,
        is_reference_group,
        numerator,
        numerator_lower,
        numerator_upper,
        denominator,
        denominator_lower,
        denominator_upper,
        {{ disclosure_rounded('numerator') }} as numerator_rounded,
        {{ disclosure_rounded('denominator') }} as denominator_rounded,
        published_rate,
        suppression_reason,
        suppression_reason is not null as is_suppressed,
        case when suppression_reason is null then raw_rate_pct end as rate_pct,
        case when suppression_reason is null then raw_rate_lower_pct end as rate_lower_pct,
        case when suppression_reason is null then raw_rate_upper_pct end as rate_upper_pct,
        case
            when suppression_reason is not null then 'group_rate_suppressed'
            when dimension = 'all' then 'no_reference_group'
            when reference_suppression_reason is not null then 'reference_rate_suppressed'
            when reference_rate_pct is null then 'no_reference_row'
        end as reference_comparison_note,
        case when can_compare_reference then reference_rate_pct end as reference_rate_pct,
        gap_to_reference_pp,
        gap_to_reference_lower_pp,
        gap_to_reference_upper_pp,
        gap_to_reference_lower_pp > 0 or gap_to_reference_upper_pp < 0
            as gap_to_reference_excludes_zero,
        ratio_to_reference,
        case
            when suppression_reason is not null then 'group_rate_suppressed'
            when england_suppression_reason is not null then 'england_rate_suppressed'
            when england_rate_pct is null then 'no_england_row'
        end as england_comparison_note,
        case when england_suppression_reason is null then england_rate_pct end
            as england_rate_pct,
        gap_to_england_pp,
        gap_to_england_lower_pp,
        gap_to_england_upper_pp,
        gap_to_england_lower_pp > 0 or gap_to_england_upper_pp < 0
            as gap_to_england_excludes_zero,
        ratio_to_england,
        raw_rate_pct,
        raw_rate_lower_pct,
        raw_rate_upper_pct,
        is_rounded,
        is_provisional,
        n_low_data_quality_orgs,
        org_codes_published,
        n_org_codes_published
    from gaps

)

select * from final
