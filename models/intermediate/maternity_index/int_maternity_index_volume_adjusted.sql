{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_periods_changed('index_end') }}",
    )
}}
{#-
    Birth volume beside risk, so a small high-risk trust does not outrank a somewhat worse
    trust that serves many more families.
    - births: TotalBabies summed over the index window (the last 3 months of the monthly files
      for a monthly index, the year for an annual one);
    - excess adverse events against England (int_maternity_excess_events), counting every
      outcome measure (v1) and each family of overlapping measures once (v2), each ranked;
    - system-risk score = composite score x births / mean births of the trusts ranked.
    Both are ranked (1 = most risk to the system).
-#}
-- depends_on: {{ ref('int_maternity_periods_changed') }}
with

composite as (

    select * from {{ ref('int_maternity_index_composite') }}
    where {{ in_periods_changed('index_end') }}

),

excess as (

    select * from {{ ref('int_maternity_excess_events') }}
    where {{ in_periods_changed(index_period_end('index_grain', 'index_start')) }}

),

observations as (

    select * from {{ ref('int_maternity_observations_unioned') }}
    where {{ in_periods_changed('period_end', 12) }}

),

births_base as (

    select
        org_code,
        period_grain,
        period_start,
        sum(value) as births
    from observations
    where
        org_level = 'Provider'
        and measure = 'TotalBabies'
        and source in ('msds_exp_data', 'msds_annual')
    group by org_code, period_grain, period_start

),

births_windowed as (

    select
        composite.index_grain,
        composite.index_start,
        composite.org_code,
        sum(births_base.births) as births,
        count(*) as births_months
    from composite
    inner join births_base
        on
            composite.org_code = births_base.org_code
            and composite.index_grain = births_base.period_grain
            and composite.index_start >= births_base.period_start
            and births_base.period_start > composite.index_start - case
                when composite.index_grain = 'month' then interval 3 month
                else interval 1 day
            end
    group by composite.index_grain, composite.index_start, composite.org_code

),

joined as (

    select
        composite.index_grain,
        composite.index_start,
        composite.index_end,
        composite.org_code,
        composite.measures_available,
        composite.measures_scored,
        composite.measures_excluded,
        composite.weight_scored,
        composite.coverage,
        composite.composite_score,
        composite.composite_se,
        composite.composite_z,
        composite.risk_band,
        composite.risk_rank,
        births_windowed.births,
        births_windowed.births_months,
        excess.excess_adverse_events,
        excess.excess_adverse_events_weighted,
        excess.excess_adverse_events_dedup,
        excess.excess_adverse_events_weighted_dedup,
        avg(births_windowed.births order by composite.org_code)
        filter (where composite.risk_rank is not null)
            over (partition by composite.index_grain, composite.index_start)
            as mean_births
    from composite
    left join births_windowed
        on
            composite.index_grain = births_windowed.index_grain
            and composite.index_start = births_windowed.index_start
            and composite.org_code = births_windowed.org_code
    left join excess
        on
            composite.index_grain = excess.index_grain
            and composite.index_start = excess.index_start
            and composite.org_code = excess.org_code

),

final as (

    select
        index_grain,
        index_start,
        index_end,
        org_code,
        measures_available,
        measures_scored,
        measures_excluded,
        weight_scored,
        coverage,
        composite_score,
        composite_se,
        composite_z,
        risk_band,
        risk_rank,
        births,
        births_months,
        excess_adverse_events,
        excess_adverse_events_weighted,
        excess_adverse_events_dedup,
        excess_adverse_events_weighted_dedup,
        mean_births,
        case
            when risk_rank is not null then composite_score * births / mean_births
        end as system_risk_score,
        case
            when risk_rank is not null and births is not null
                then rank() over (
                    partition by
                        index_grain,
                        index_start,
                        risk_rank is not null and births is not null
                    order by composite_score * births / mean_births desc
                )
        end as system_risk_rank,
        {{ rank_desc_within_period('excess_adverse_events_weighted') }} as excess_events_rank,
        {{ rank_desc_within_period('excess_adverse_events_weighted_dedup') }}
            as excess_events_rank_dedup
    from joined

)

select * from final
