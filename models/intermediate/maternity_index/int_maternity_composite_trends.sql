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

{{ trend_ctes('candidates', ['org_code']) }}

select * from final
