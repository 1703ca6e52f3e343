{{
    config(
        materialized='incremental',
        unique_key=['org_code', 'index_grain', 'period_start'],
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        full_refresh=false,
    )
}}

with

scores as (

    select * from {{ ref('int_maternity_index_volume_adjusted') }}

),

composite_trends as (

    select * from {{ ref('int_maternity_composite_trends') }}

),

measure_trends as (

    select * from {{ ref('int_maternity_measure_trends') }}

),

trusts as (

    select * from {{ ref('int_trusts_enriched') }}

),

moved as (

    select
        index_grain,
        index_start,
        org_code,
        string_agg(measure_code, ';' order by measure_code)
        filter (where trend_class = 'deteriorating') as deteriorating_measures,
        string_agg(measure_code, ';' order by measure_code)
        filter (where trend_class = 'improving') as improving_measures
    from measure_trends
    group by index_grain, index_start, org_code

),

final as (

    select
        scores.org_code,
        trusts.org_name,
        scores.index_grain,
        scores.index_start as period_start,
        scores.index_end as period_end,
        case scores.index_grain
            when 'month' then strftime(scores.index_start, '%Y-%m')
            else
                cast(year(scores.index_start) as varchar) || '-'
                || right(cast(year(scores.index_start) + 1 as varchar), 2)
        end as period_label,
        scores.births,
        scores.measures_available,
        scores.measures_scored,
        scores.measures_excluded,
        scores.coverage,
        scores.composite_score,
        scores.composite_z,
        scores.risk_rank,
        scores.risk_band,
        coalesce(composite_trends.trend_class, 'insufficient points') as trend_class,
        composite_trends.series_grain as trend_series_grain,
        composite_trends.points as trend_points,
        composite_trends.slope_per_year as trend_slope_per_year,
        moved.deteriorating_measures,
        moved.improving_measures,
        scores.excess_adverse_events,
        scores.excess_adverse_events_weighted,
        scores.excess_events_rank,
        scores.system_risk_score,
        scores.system_risk_rank,
        '{{ var("maternity_index_version") }}' as index_version
    from scores
    left join trusts
        on scores.org_code = trusts.org_code
    left join composite_trends
        on
            scores.index_grain = composite_trends.index_grain
            and scores.index_start = composite_trends.index_start
            and scores.org_code = composite_trends.org_code
    left join moved
        on
            scores.index_grain = moved.index_grain
            and scores.index_start = moved.index_start
            and scores.org_code = moved.org_code

)

select * from final
