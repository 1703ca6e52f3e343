{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_index_periods_changed() }}",
    )
}}
{#-
    12-month trend of every measure for every trust and index period. The series is the
    measure's single-month rates over the 12 months to the period where at least 12 exist, its
    annual rates up to the period otherwise, oriented by direction (higher = worse). Points are
    the base counts, not the rolling windows: overlapping windows share data, and their
    autocorrelation would make the slope interval too narrow. A point is left out when its
    numerator is suppressed, its denominator is zero or its rate is outside the measure's
    plausibility band. Slope interval, SPC rules and classification: macros/trend.sql.
-#}
-- depends_on: {{ ref('int_maternity_periods_changed') }}
with

scored as (

    select * from {{ ref('int_maternity_measure_scored') }}
    where {{ in_periods_changed('index_end') }}

),

counts as (

    select * from {{ ref('int_maternity_measure_counts') }}
    where period_grain <> 'month' or {{ in_periods_changed('period_end', 12) }}

),

measures as (

    select * from {{ ref('maternity_measures') }}

),

targets as (

    select distinct
        index_grain,
        index_start,
        org_code,
        measure_code
    from scored

),

points as (

    select
        counts.period_grain as point_grain,
        counts.period_start as point_start,
        counts.org_code,
        counts.measure_code,
        measures.direction * measures.rate_scale * counts.numerator / counts.denominator as y
    from counts
    inner join measures
        on counts.measure_code = measures.measure_code
    where
        counts.period_grain in ('month', 'year')
        and not counts.is_suppressed
        and counts.denominator > 0
        and measures.source_kind <> 'mbrrace_stabilised'
        and measures.rate_scale * counts.numerator / counts.denominator
        between coalesce(measures.plausible_min, -1e300)
        and coalesce(measures.plausible_max, 1e300)

),

target_periods as (

    select distinct
        index_grain,
        index_start
    from targets

),

point_periods as (

    select distinct
        point_grain,
        point_start
    from points

),

period_pairs as (

    -- which point periods belong to each target period's series: a small join of the distinct
    -- periods, so targets and points are then matched by equality (a hash join), not by range
    select
        target_periods.index_grain,
        target_periods.index_start,
        point_periods.point_grain,
        point_periods.point_start
    from target_periods
    inner join point_periods
        on
            (
                target_periods.index_grain = 'month'
                and point_periods.point_grain = 'month'
                and target_periods.index_start >= point_periods.point_start
                and point_periods.point_start > target_periods.index_start - interval 12 month
            )
            or (
                point_periods.point_grain = 'year'
                and target_periods.index_start >= point_periods.point_start
            )

),

candidates as (

    select
        targets.index_grain as target_grain,
        targets.index_start as target_start,
        targets.org_code,
        targets.measure_code,
        points.point_grain,
        points.point_start,
        points.y
    from targets
    inner join period_pairs
        on
            targets.index_grain = period_pairs.index_grain
            and targets.index_start = period_pairs.index_start
    inner join points
        on
            targets.org_code = points.org_code
            and targets.measure_code = points.measure_code
            and period_pairs.point_grain = points.point_grain
            and period_pairs.point_start = points.point_start

),

{{ trend_ctes('candidates', ['org_code', 'measure_code']) }}

select * from final
