{{
    config(
        materialized='incremental',
        unique_key=['org_code', 'index_grain', 'period_start', 'measure_code'],
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        full_refresh=false,
    )
}}

-- depends_on: {{ ref('int_maternity_periods_changed') }}
with

scored as (

    select * from {{ ref('int_maternity_measure_scored') }}
    where {{ in_periods_changed('index_end', 12) }}

),

measure_trends as (

    select * from {{ ref('int_maternity_measure_trends') }}
    where {{ in_periods_changed(index_period_end('index_grain', 'index_start')) }}

),

measures as (

    select * from {{ ref('maternity_measures') }}

),

year_earlier as (

    select
        index_grain,
        index_start + interval 12 month as index_start,
        org_code,
        measure_code,
        z_oriented as z_oriented_12m_earlier
    from scored
    where is_scored

),

final as (

    select
        scored.org_code,
        scored.index_grain,
        scored.index_start as period_start,
        scored.index_end as period_end,
        scored.measure_code,
        measures.measure_name,
        scored.domain,
        scored.direction,
        scored.weight,
        scored.is_scored,
        scored.exclusion_reason,
        scored.window_start,
        scored.window_end,
        scored.months_in_window,
        scored.numerator,
        scored.denominator,
        scored.is_rounded,
        scored.rate,
        scored.rate_lower_95,
        scored.rate_upper_95,
        scored.england_rate,
        measures.rate_scale,
        scored.trusts_scored,
        scored.z_plain,
        scored.z_adjusted,
        scored.z_oriented,
        scored.contribution,
        case
            when scored.is_scored
                then rank() over (
                    partition by scored.org_code, scored.index_grain, scored.index_start
                    order by scored.contribution desc
                )
        end as contribution_rank,
        scored.z_oriented - year_earlier.z_oriented_12m_earlier as z_change_12m,
        measure_trends.trend_class,
        measure_trends.slope_per_year as trend_slope_per_year,
        '{{ var("maternity_index_version") }}' as index_version
    from scored
    inner join measures
        on scored.measure_code = measures.measure_code
    left join year_earlier
        on
            scored.index_grain = year_earlier.index_grain
            and cast(scored.index_start as timestamp) = year_earlier.index_start
            and scored.org_code = year_earlier.org_code
            and scored.measure_code = year_earlier.measure_code
    left join measure_trends
        on
            scored.index_grain = measure_trends.index_grain
            and scored.index_start = measure_trends.index_start
            and scored.org_code = measure_trends.org_code
            and scored.measure_code = measure_trends.measure_code
    where {{ in_periods_changed('scored.index_end') }}

)

select * from final
