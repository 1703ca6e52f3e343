{#-
    12-month trend of every measure for every trust and index period. The series is the
    measure's single-month rates over the 12 months to the period where at least 12 exist, its
    annual rates up to the period otherwise, oriented by direction (higher = worse). Points are
    the base counts, not the rolling windows: overlapping windows share data, and their
    autocorrelation would make the slope interval too narrow. A point is left out when its
    numerator is suppressed, its denominator is zero or its rate is outside the measure's
    plausibility band. Slope interval, SPC rules and classification: macros/trend.sql.
-#}
with

scored as (

    select * from {{ ref('int_maternity_measure_scored') }}

),

counts as (

    select * from {{ ref('int_maternity_measure_counts') }}

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
    inner join points
        on
            targets.org_code = points.org_code
            and targets.measure_code = points.measure_code
            and (
                (
                    targets.index_grain = 'month'
                    and points.point_grain = 'month'
                    and targets.index_start >= points.point_start
                    and points.point_start > targets.index_start - interval 12 month
                )
                or (
                    points.point_grain = 'year'
                    and targets.index_start >= points.point_start
                )
            )

),

{{ trend_ctes('candidates', ['org_code', 'measure_code']) }}

select * from final
