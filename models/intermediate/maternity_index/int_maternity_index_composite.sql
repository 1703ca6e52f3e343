{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_periods_changed('index_end') }}",
    )
}}
{#-
    The composite risk score per trust and index period: the weighted mean of the oriented
    adjusted z-scores of the measures scored, the weights renormalised over the measures
    present. coverage = weight scored / weight of every measure scored for any trust in that
    period. Under independence the composite has standard error sqrt(sum w^2) / sum w, so
    composite_z = composite / that. Bands (the rule): composite_z > 3.090232 significantly
    higher risk; > 1.959964 higher risk; < -3.090232 significantly lower risk; < -1.959964
    lower risk; otherwise typical. A trust whose coverage is under var('min_coverage') is
    'insufficient coverage' and not ranked. Measures are correlated, so composite_z overstates
    significance somewhat; the bands are a screening aid, not a verdict.
-#}
-- depends_on: {{ ref('int_maternity_periods_changed') }}
with

scored as (

    select * from {{ ref('int_maternity_measure_scored') }}
    where {{ in_periods_changed('index_end') }}

),

available_weight as (

    select
        index_grain,
        index_start,
        sum(weight) as weight_available,
        count(*) as measures_available
    from (
        select distinct
            index_grain,
            index_start,
            measure_code,
            weight
        from scored
        where is_scored
    ) as measures_in_period
    group by index_grain, index_start

),

per_trust as (

    select
        index_grain,
        index_start,
        any_value(index_end) as index_end,
        org_code,
        count(*) filter (where is_scored) as measures_scored,
        count(*) filter (where not is_scored) as measures_excluded,
        -- summed in measure order: a sum in arrival order differs in its last bits between a
        -- full and an incremental build (rows arrive in another order)
        sum(weight order by measure_code) filter (where is_scored) as weight_scored,
        sum(contribution order by measure_code) as composite_score,
        sqrt(sum(weight ^ 2 order by measure_code) filter (where is_scored))
        / sum(weight order by measure_code) filter (where is_scored) as composite_se
    from scored
    group by index_grain, index_start, org_code

),

with_coverage as (

    select
        per_trust.*,
        available_weight.measures_available,
        per_trust.weight_scored / available_weight.weight_available as coverage
    from per_trust
    inner join available_weight
        on
            per_trust.index_grain = available_weight.index_grain
            and per_trust.index_start = available_weight.index_start
    where per_trust.measures_scored > 0

),

final as (

    select
        per_trust.*,
        per_trust.composite_score / per_trust.composite_se as composite_z,
        case
            when per_trust.coverage < {{ var('min_coverage') }} then 'insufficient coverage'
            when per_trust.composite_score / per_trust.composite_se > 3.090232
                then 'significantly higher risk'
            when per_trust.composite_score / per_trust.composite_se > 1.959964
                then 'higher risk'
            when per_trust.composite_score / per_trust.composite_se < -3.090232
                then 'significantly lower risk'
            when per_trust.composite_score / per_trust.composite_se < -1.959964
                then 'lower risk'
            else 'typical'
        end as risk_band,
        case
            when per_trust.coverage >= {{ var('min_coverage') }}
                then rank() over (
                    partition by
                        per_trust.index_grain,
                        per_trust.index_start,
                        per_trust.coverage >= {{ var('min_coverage') }}
                    order by per_trust.composite_score desc
                )
        end as risk_rank
    from with_coverage as per_trust

)

select * from final
