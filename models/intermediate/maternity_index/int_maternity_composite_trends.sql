{#-
    12-month trend of the composite risk score for every trust and index period, by the same
    rules as the measures (macros/trend.sql): monthly composites over the 12 months to the
    period where at least 12 exist, annual composites up to the period otherwise. The annual
    composites of early years rest on fewer measures (2019-20 publishes fewer dimensions), so
    read a long annual trend with the coverage beside it.
-#}
with

composite as (

    select * from {{ ref('int_maternity_index_composite') }}

),

ranked as (

    select * from composite
    where risk_rank is not null

),

candidates as (

    select
        targets.index_grain as target_grain,
        targets.index_start as target_start,
        targets.org_code,
        points.index_grain as point_grain,
        points.index_start as point_start,
        points.composite_score as y
    from ranked as targets
    inner join ranked as points
        on
            targets.org_code = points.org_code
            and (
                (
                    targets.index_grain = 'month'
                    and points.index_grain = 'month'
                    and targets.index_start >= points.index_start
                    and points.index_start > targets.index_start - interval 12 month
                )
                or (
                    points.index_grain = 'year'
                    and targets.index_start >= points.index_start
                )
            )

),

series_chosen as (

    select
        *,
        count(*) filter (where point_grain = 'month') over (
            partition by target_grain, target_start, org_code
        ) >= 12 as use_monthly
    from candidates

),

series_points as (

    select
        *,
        epoch(point_start) / (365.25 * 86400) as t_years,
        abs(y - lag(y) over (
            partition by target_grain, target_start, org_code order by point_start
        )) as moving_range
    from series_chosen
    where (point_grain = 'month') = use_monthly

),

aggregated as (

    select
        target_grain as index_grain,
        target_start as index_start,
        org_code,
        any_value(point_grain) as series_grain,
        {{ trend_aggregates('y', 't_years', 'moving_range') }}
    from series_points
    group by target_grain, target_start, org_code

),

classified as (

    select
        *,
        {{ slope_half_width('points', 'sxx', 'syy', 'sxy') }} as slope_half_width,
        {{ spc_signal('series', 'series_mean', 'mean_moving_range') }} as spc_signal
    from aggregated

),

final as (

    select
        index_grain,
        index_start,
        org_code,
        series_grain,
        points,
        slope_per_year,
        slope_per_year - slope_half_width as slope_lower_95,
        slope_per_year + slope_half_width as slope_upper_95,
        spc_signal,
        {{ trend_class('points', 'slope_per_year', 'slope_half_width', 'spc_signal') }}
            as trend_class
    from classified

)

select * from final
