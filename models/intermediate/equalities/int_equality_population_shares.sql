{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_periods_changed('period_end') }}",
    )
}}
{#-
    Population profiles: the share of women in each ethnic group and IMD decile and quintile,
    and the two data-quality measures, per window and organisation.
    - share_pct: group count / all women counted in the dimension (every category, recorded or
      not), with a Wilson 95% interval from the lowest / highest true counts the disclosure
      rounding allows (wilson_lower / upper on the bounds; the upper end's total is never
      below the group's own upper count, since the group is part of the total).
    - share_of_recorded_pct: group count / women with a recorded group (ethnicity: not missing,
      not stated, not known; deprivation: not pseudo-postcode, elsewhere in the UK or missing).
    - completeness rows (group_type 'completeness'): ethnicity_recorded and
      deprivation_identifiable as a share of all women counted in the dimension.
    - England: the National row's share of the same group (the files' own figure).
-#}
-- depends_on: {{ ref('int_maternity_periods_changed') }}
with

windows as (

    select * from {{ ref('int_equality_windows') }}
    where {{ in_periods_changed('period_end') }}

),

population as (

    select
        * exclude (denominator, denominator_lower, denominator_upper, published_rate),
        case
            when group_code in ('not_stated', 'not_known', 'missing') then 'not_recorded'
            when group_code in ('pseudo_postcode', 'elsewhere_uk') then 'not_recorded'
            when dimension = 'ethnicity' then 'ethnic_group'
            else 'imd_decile'
        end as group_type
    from windows
    where metric = 'women_in_group'

),

quintiles as (

    select
        * exclude (group_code, group_type, numerator, numerator_lower, numerator_upper),
        'q' || cast(ceil(cast(group_code as integer) / 2.0) as integer) as group_code,
        'imd_quintile' as group_type,
        numerator,
        numerator_lower,
        numerator_upper
    from population
    where group_type = 'imd_decile'

),

quintiles_summed as (

    -- a quintile is its two deciles: counts summed, flags and published codes of both (not
    -- those of one decile picked at random)
    select
        period_grain,
        period_end,
        source,
        org_level,
        org_code,
        dimension,
        group_code,
        group_type,
        sum(numerator) as numerator,
        sum(numerator_lower) as numerator_lower,
        sum(numerator_upper) as numerator_upper,
        {{ equality_rows_combined() }}
    from quintiles
    group by
        period_grain,
        period_end,
        source,
        org_level,
        org_code,
        dimension,
        group_code,
        group_type

),

completeness as (

    select
        period_grain,
        period_end,
        source,
        org_level,
        org_code,
        dimension,
        case dimension
            when 'ethnicity' then 'ethnicity_recorded'
            else 'deprivation_identifiable'
        end as group_code,
        'completeness' as group_type,
        sum(numerator) filter (where group_type <> 'not_recorded') as numerator,
        sum(numerator_lower) filter (where group_type <> 'not_recorded') as numerator_lower,
        sum(numerator_upper) filter (where group_type <> 'not_recorded') as numerator_upper,
        {{ equality_rows_combined() }}
    from population
    group by period_grain, period_end, source, org_level, org_code, dimension

),

all_groups as (

    select * from population
    union all by name
    select * from quintiles_summed
    union all by name
    select * from completeness

),

totals as (

    select
        period_grain,
        period_end,
        source,
        org_level,
        org_code,
        dimension,
        sum(numerator) as dimension_total,
        sum(numerator_lower) as dimension_total_lower,
        sum(numerator_upper) as dimension_total_upper,
        sum(numerator) filter (where group_type <> 'not_recorded') as recorded_total,
        sum(numerator_lower) filter (where group_type <> 'not_recorded')
            as recorded_total_lower,
        sum(numerator_upper) filter (where group_type <> 'not_recorded')
            as recorded_total_upper
    from population
    group by period_grain, period_end, source, org_level, org_code, dimension

),

shares as (

    select
        all_groups.*,
        totals.dimension_total,
        totals.dimension_total_lower,
        totals.dimension_total_upper,
        totals.recorded_total,
        100.0 * all_groups.numerator / nullif(totals.dimension_total, 0) as raw_share_pct,
        100.0 * {{ wilson_lower('all_groups.numerator_lower', 'totals.dimension_total_upper') }}
            as raw_share_lower_pct,
        100.0 * {{ wilson_upper(
            'all_groups.numerator_upper',
            'greatest(totals.dimension_total_lower, all_groups.numerator_upper, 1)'
        ) }} as raw_share_upper_pct,
        case
            when all_groups.group_type in ('ethnic_group', 'imd_decile', 'imd_quintile')
                then 100.0 * all_groups.numerator / nullif(totals.recorded_total, 0)
        end as raw_share_of_recorded_pct,
        {{ disclosure_suppression_reason(
            'all_groups.numerator_lower', 'totals.dimension_total'
        ) }} as suppression_reason
    from all_groups
    inner join totals
        on
            all_groups.period_grain = totals.period_grain
            and all_groups.period_end = totals.period_end
            and all_groups.source = totals.source
            and all_groups.org_level = totals.org_level
            and all_groups.org_code = totals.org_code
            and all_groups.dimension = totals.dimension

),

england as (

    select
        period_grain,
        period_end,
        source,
        dimension,
        group_code,
        raw_share_pct as england_share_pct,
        suppression_reason as england_suppression_reason
    from shares
    where org_level = 'National'

),

dimension_completeness as (

    select
        period_grain,
        period_end,
        source,
        org_level,
        org_code,
        dimension,
        raw_share_pct as dimension_completeness_pct
    from shares
    where group_type = 'completeness'

),

final as (

    select
        shares.period_grain,
        shares.period_start,
        shares.period_end,
        shares.window_months,
        shares.months_in_window,
        shares.org_months_in_window,
        shares.first_month_start,
        shares.source,
        shares.org_level,
        shares.org_code,
        shares.org_name,
        shares.dimension,
        shares.group_type,
        shares.group_code,
        shares.numerator as group_count,
        shares.numerator_lower as group_count_lower,
        shares.numerator_upper as group_count_upper,
        shares.dimension_total,
        shares.dimension_total_lower,
        shares.dimension_total_upper,
        shares.recorded_total,
        shares.raw_share_pct,
        shares.raw_share_lower_pct,
        shares.raw_share_upper_pct,
        shares.raw_share_of_recorded_pct,
        shares.suppression_reason,
        shares.is_rounded,
        shares.is_provisional,
        shares.org_codes_published,
        shares.n_org_codes_published,
        case
            when england.england_suppression_reason is null then england.england_share_pct
        end as england_share_pct,
        dimension_completeness.dimension_completeness_pct,
        shares.suppression_reason is not null as is_suppressed,
        case
            when shares.suppression_reason is null and england.england_suppression_reason is null
                then shares.raw_share_pct - england.england_share_pct
        end as share_gap_to_england_pp
    from shares
    left join england
        on
            shares.period_grain = england.period_grain
            and shares.period_end = england.period_end
            and shares.source = england.source
            and shares.dimension = england.dimension
            and shares.group_code = england.group_code
    left join dimension_completeness
        on
            shares.period_grain = dimension_completeness.period_grain
            and shares.period_end = dimension_completeness.period_end
            and shares.source = dimension_completeness.source
            and shares.org_level = dimension_completeness.org_level
            and shares.org_code = dimension_completeness.org_code
            and shares.dimension = dimension_completeness.dimension

)

select * from final
