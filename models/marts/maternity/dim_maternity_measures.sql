with

measures as (

    select * from {{ ref('maternity_measures') }}

),

scored as (

    select * from {{ ref('int_maternity_measure_scored') }}

),

usage as (

    select
        measure_code,
        count(distinct index_grain || index_start) filter (where is_scored) as periods_scored,
        max(index_start) filter (where is_scored) as latest_period_scored
    from scored
    group by measure_code

),

final as (

    select
        measures.measure_code,
        measures.measure_name,
        measures.source_kind,
        measures.source_measure,
        measures.numerator_categories,
        measures.denominator_measure,
        measures.denominator_excludes,
        measures.rate_scale,
        measures.domain,
        measures.direction,
        measures.weight,
        measures.weight_rationale,
        measures.min_denominator,
        measures.rolling_window_months,
        coalesce(usage.periods_scored, 0) as periods_scored,
        usage.latest_period_scored
    from measures
    left join usage
        on measures.measure_code = usage.measure_code

)

select * from final
