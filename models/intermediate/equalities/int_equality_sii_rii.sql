{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_periods_changed('period_end') }}",
    )
}}
{#-
    Slope and relative index of inequality across the ten IMD deciles (METHODS.md) for each
    window, organisation and continuity-of-carer metric.
    - Each decile's rate y_i (percent) sits at the mid-point of its cumulative population rank
      x_i in 0..1, ordered from 01 (most deprived, x near 0) to 10 (least deprived, x near 1);
      the population weight w_i is the decile's share of the metric's denominator.
    - Weighted least squares slope b = sum w (x - xbar)(y - ybar) / sum w (x - xbar)^2.
      sii_pp = -b: the fitted rate of the most deprived minus that of the least deprived, in
      percentage points (positive: higher among the most deprived).
    - rii = sii_pp / mean rate (the rate over all ten deciles).
    - Interval: b is a weighted sum of the decile rates, b = sum c_i y_i with
      c_i = w_i (x_i - xbar) / Sxx, so var(b) = sum c_i^2 var(y_i) with var(y_i) taken from the
      decile's Wilson interval that carries the disclosure rounding ((upper - lower) / 2z)^2;
      sii +/- 1.96 se. The RII interval divides the SII interval by the mean rate (its own
      uncertainty ignored). PHE's tools simulate instead; this analytic form is a departure.
    - Computed only with enough volume: all ten deciles with a denominator, the deciles' total
      denominator at least var('equalities_sii_min_denominator', 500), a numerator that cannot be
      under 8, and no Low DQ mark from the publisher; sii_status says why not otherwise.
-#}
{%- set z = 1.959964 %}

-- depends_on: {{ ref('int_maternity_periods_changed') }}
with

group_rates as (

    select * from {{ ref('int_equality_group_rates') }}
    where {{ in_periods_changed('period_end') }}

),

deciles as (

    select * from group_rates
    where dimension = 'deprivation' and group_code between '01' and '10'

),

volumes as (

    select
        period_grain,
        period_end,
        source,
        org_level,
        org_code,
        metric,
        count(*) filter (where denominator > 0) as n_deciles,
        sum(denominator) as total_denominator,
        sum(numerator) as total_numerator,
        sum(numerator_lower) as total_numerator_lower,
        max(n_low_data_quality_orgs) as n_low_data_quality_orgs
    from deciles
    group by period_grain, period_end, source, org_level, org_code, metric

),

weighted as (

    select
        deciles.period_grain,
        deciles.period_end,
        deciles.source,
        deciles.org_level,
        deciles.org_code,
        deciles.metric,
        deciles.group_code,
        deciles.raw_rate_pct as y,
        deciles.denominator / volumes.total_denominator as w,
        (
            (deciles.raw_rate_upper_pct - deciles.raw_rate_lower_pct) / (2 * {{ z }})
        ) ^ 2 as var_y
    from deciles
    inner join volumes
        on
            deciles.period_grain = volumes.period_grain
            and deciles.period_end = volumes.period_end
            and deciles.source = volumes.source
            and deciles.org_level = volumes.org_level
            and deciles.org_code = volumes.org_code
            and deciles.metric = volumes.metric
    where volumes.n_deciles = 10

),

ranked as (

    select
        *,
        sum(w) over (
            partition by period_grain, period_end, source, org_level, org_code, metric
            order by group_code
            rows between unbounded preceding and current row
        ) - w / 2 as x
    from weighted

),

means as (

    select
        *,
        sum(w * x order by group_code) over org_metric as x_bar,
        sum(w * y order by group_code) over org_metric as y_bar
    from ranked
    window org_metric as (
        partition by period_grain, period_end, source, org_level, org_code, metric
    )

),

moments as (

    select
        *,
        sum(w * (x - x_bar) ^ 2 order by group_code) over org_metric as s_xx
    from means
    window org_metric as (
        partition by period_grain, period_end, source, org_level, org_code, metric
    )

),

slopes as (

    select
        period_grain,
        period_end,
        source,
        org_level,
        org_code,
        metric,
        any_value(y_bar) as mean_rate_pct,
        sum(w * (x - x_bar) * (y - y_bar) order by group_code) / any_value(s_xx) as slope,
        sqrt(sum((w * (x - x_bar) / s_xx) ^ 2 * var_y order by group_code)) as slope_se
    from moments
    group by period_grain, period_end, source, org_level, org_code, metric

),

indices as (

    select
        volumes.period_grain,
        volumes.period_end,
        volumes.source,
        volumes.org_level,
        volumes.org_code,
        volumes.metric,
        volumes.n_deciles,
        volumes.total_numerator,
        volumes.total_denominator,
        case
            when volumes.n_deciles < 10 then 'missing_deciles'
            when
                volumes.org_level = 'Provider' and volumes.n_low_data_quality_orgs > 0
                then 'publisher_low_data_quality'
            when
                volumes.total_denominator < {{ var('equalities_sii_min_denominator', 500) }}
                then 'low_volume'
            when volumes.total_numerator_lower < 8 then 'numerator_under_8'
            else 'computed'
        end as sii_status,
        slopes.mean_rate_pct,
        -slopes.slope as sii_pp,
        slopes.slope_se as sii_se_pp
    from volumes
    left join slopes
        on
            volumes.period_grain = slopes.period_grain
            and volumes.period_end = slopes.period_end
            and volumes.source = slopes.source
            and volumes.org_level = slopes.org_level
            and volumes.org_code = slopes.org_code
            and volumes.metric = slopes.metric

),

final as (

    select
        period_grain,
        period_end,
        source,
        org_level,
        org_code,
        metric,
        n_deciles,
        total_numerator,
        total_denominator,
        sii_status,
        case when sii_status = 'computed' then mean_rate_pct end as mean_rate_pct,
        case when sii_status = 'computed' then sii_pp end as sii_pp,
        case when sii_status = 'computed' then sii_pp - {{ z }} * sii_se_pp end
            as sii_lower_pp,
        case when sii_status = 'computed' then sii_pp + {{ z }} * sii_se_pp end
            as sii_upper_pp,
        case when sii_status = 'computed' then sii_pp / nullif(mean_rate_pct, 0) end as rii,
        case
            when sii_status = 'computed'
                then (sii_pp - {{ z }} * sii_se_pp) / nullif(mean_rate_pct, 0)
        end as rii_lower,
        case
            when sii_status = 'computed'
                then (sii_pp + {{ z }} * sii_se_pp) / nullif(mean_rate_pct, 0)
        end as rii_upper
    from indices

)

select * from final
