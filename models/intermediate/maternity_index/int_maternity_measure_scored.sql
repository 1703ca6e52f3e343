{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_periods_changed('index_end') }}",
    )
}}
{#-
    Every catalogue measure for every trust and index period, scored or excluded with the
    reason: the rows the composite and the drivers read. A measure is scored when the trust's
    rate was eligible (int_maternity_measure_windowed) and at least
    var('min_trusts_to_standardise') trusts were eligible to compare it with.
    contribution = weight x oriented adjusted z / (sum of weights scored for the trust).
-#}
-- depends_on: {{ ref('int_maternity_periods_changed') }}
with

windowed as (

    select * from {{ ref('int_maternity_measure_windowed') }}
    where {{ in_periods_changed('index_end') }}

),

standardised as (

    select * from {{ ref('int_maternity_measure_standardised') }}
    where {{ in_periods_changed('index_end') }}

),

measures as (

    select * from {{ ref('maternity_measures') }}

),

joined as (

    select
        windowed.index_grain,
        windowed.index_start,
        windowed.index_end,
        windowed.org_code,
        windowed.measure_code,
        measures.domain,
        measures.direction,
        measures.weight,
        windowed.window_start,
        windowed.window_end,
        windowed.months_in_window,
        windowed.numerator,
        windowed.denominator,
        windowed.is_rounded,
        standardised.rate,
        standardised.england_rate,
        standardised.rate_lower_95,
        standardised.rate_upper_95,
        standardised.trusts_scored,
        standardised.z_plain,
        standardised.z_adjusted,
        standardised.z_oriented,
        coalesce(
            windowed.exclusion_reason,
            case
                when standardised.trusts_scored < {{ var('min_trusts_to_standardise') }}
                    then
                        'too few trusts to compare with: ' || standardised.trusts_scored
                        || ' under ' || {{ var('min_trusts_to_standardise') }}
                when standardised.z_oriented is null then 'no variation to standardise'
            end
        ) as exclusion_reason
    from windowed
    inner join measures
        on windowed.measure_code = measures.measure_code
    left join standardised
        on
            windowed.index_grain = standardised.index_grain
            and windowed.index_start = standardised.index_start
            and windowed.org_code = standardised.org_code
            and windowed.measure_code = standardised.measure_code

),

weighted as (

    select
        *,
        exclusion_reason is null as is_scored,
        sum(case when exclusion_reason is null then weight end) over (
            partition by index_grain, index_start, org_code
        ) as trust_weight_scored
    from joined

),

final as (

    select
        *,
        case
            when is_scored then weight * z_oriented / trust_weight_scored
        end as contribution
    from weighted

)

select * from final
