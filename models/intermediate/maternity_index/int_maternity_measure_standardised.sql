{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_periods_changed('index_end') }}",
    )
}}
{#-
    Each eligible trust's rate against all England trusts for the same measure and period.
    Proportions (METHODS.md, Spiegelhalter 2005 as CQC uses it):
        p = numerator / denominator, p0 = sum(numerator) / sum(denominator) over the trusts;
        plain z = (p - p0) / sqrt(p0 (1 - p0) / n);
        y = asin(sqrt(p)), target_y = asin(sqrt(p0)), s = 1 / (2 sqrt(n)), z = (y - target_y) / s;
        z winsorised at its 10th and 90th percentiles; phi = mean of winsorised z^2;
        tau^2 = max(0, (k phi - (k - 1)) / (sum w - sum w^2 / sum w)), w = 1 / s^2 = 4n;
        adjusted z = (y - target_y) / sqrt(s^2 + tau^2).
    Continuous values (MBRRACE-UK stabilised rates, already shrunk and case-mix adjusted):
        z = (x - mean) / sd over the trusts; the adjusted z is that z.
    oriented z = adjusted z x direction, so a higher oriented z always means more risk.
    The Wilson 95% interval of the rate uses the disclosure bounds of the counts.
-#}
-- depends_on: {{ ref('int_maternity_periods_changed') }}
with

windowed as (

    select * from {{ ref('int_maternity_measure_windowed') }}
    where {{ in_periods_changed('index_end') }}

),

measures as (

    select * from {{ ref('maternity_measures') }}

),

eligible as (

    select
        windowed.*,
        measures.source_kind = 'mbrrace_stabilised' as is_continuous,
        measures.direction,
        measures.rate_scale,
        least(greatest(windowed.numerator / windowed.denominator, 0), 1) as proportion
    from windowed
    inner join measures
        on windowed.measure_code = measures.measure_code
    where windowed.exclusion_reason is null

),

england as (

    select
        index_grain,
        index_start,
        measure_code,
        count(*) as trusts_scored,
        sum(numerator) / nullif(sum(denominator), 0) as england_proportion,
        avg(continuous_value order by org_code) as england_mean,
        stddev_samp(continuous_value order by org_code) as england_sd
    from eligible
    group by index_grain, index_start, measure_code

),

unadjusted as (

    select
        eligible.*,
        england.trusts_scored,
        england.england_proportion,
        england.england_mean,
        england.england_sd,
        asin(sqrt(eligible.proportion)) as y,
        asin(sqrt(england.england_proportion)) as target_y,
        1 / (2 * sqrt(eligible.denominator)) as s,
        (eligible.proportion - england.england_proportion)
        / nullif(
            sqrt(
                england.england_proportion * (1 - england.england_proportion)
                / eligible.denominator
            ),
            0
        ) as z_binomial,
        (asin(sqrt(eligible.proportion)) - asin(sqrt(england.england_proportion)))
        * 2 * sqrt(eligible.denominator) as z_arcsine
    from eligible
    inner join england
        on
            eligible.index_grain = england.index_grain
            and eligible.index_start = england.index_start
            and eligible.measure_code = england.measure_code

),

winsor_bounds as (

    select
        index_grain,
        index_start,
        measure_code,
        quantile_cont(z_arcsine, 0.1) as z_p10,
        quantile_cont(z_arcsine, 0.9) as z_p90
    from unadjusted
    group by index_grain, index_start, measure_code

),

winsorised as (

    select
        unadjusted.*,
        least(greatest(unadjusted.z_arcsine, winsor_bounds.z_p10), winsor_bounds.z_p90)
            as z_winsorised
    from unadjusted
    inner join winsor_bounds
        on
            unadjusted.index_grain = winsor_bounds.index_grain
            and unadjusted.index_start = winsor_bounds.index_start
            and unadjusted.measure_code = winsor_bounds.measure_code

),

overdispersion as (

    select
        index_grain,
        index_start,
        measure_code,
        avg(z_winsorised ^ 2 order by org_code) as phi,
        greatest(
            0,
            (count(*) * avg(z_winsorised ^ 2 order by org_code) - (count(*) - 1))
            / nullif(
                sum(4 * denominator) - sum((4 * denominator) ^ 2) / sum(4 * denominator), 0
            )
        ) as tau_squared
    from winsorised
    group by index_grain, index_start, measure_code

),

adjusted as (

    select
        winsorised.*,
        overdispersion.phi,
        overdispersion.tau_squared,
        case
            when winsorised.is_continuous
                then
                    (winsorised.continuous_value - winsorised.england_mean)
                    / nullif(winsorised.england_sd, 0)
            else winsorised.z_binomial
        end as z_plain,
        case
            when winsorised.is_continuous
                then
                    (winsorised.continuous_value - winsorised.england_mean)
                    / nullif(winsorised.england_sd, 0)
            else
                (winsorised.y - winsorised.target_y)
                / sqrt(winsorised.s ^ 2 + coalesce(overdispersion.tau_squared, 0))
        end as z_adjusted
    from winsorised
    inner join overdispersion
        on
            winsorised.index_grain = overdispersion.index_grain
            and winsorised.index_start = overdispersion.index_start
            and winsorised.measure_code = overdispersion.measure_code

),

final as (

    select
        index_grain,
        index_start,
        index_end,
        org_code,
        measure_code,
        window_start,
        window_end,
        months_in_window,
        numerator,
        denominator,
        is_rounded,
        case
            when is_continuous then continuous_value
            else rate_scale * proportion
        end as rate,
        case
            when is_continuous then england_mean
            else rate_scale * england_proportion
        end as england_rate,
        case
            when not is_continuous
                then rate_scale * {{ wilson_lower('numerator_lower', 'denominator_upper') }}
        end as rate_lower_95,
        case
            when not is_continuous
                then
                    rate_scale
                    * {{ wilson_upper('numerator_upper', 'greatest(denominator_lower, 1)') }}
        end as rate_upper_95,
        trusts_scored,
        -- published to 6 decimals (8 for tau^2): no meaning beyond, and exact to test
        round(z_plain, 6) as z_plain,
        round(z_winsorised, 6) as z_winsorised,
        round(phi, 6) as phi,
        round(tau_squared, 8) as tau_squared,
        round(z_adjusted, 6) as z_adjusted,
        round(direction * z_adjusted, 6) as z_oriented
    from adjusted

)

select * from final
