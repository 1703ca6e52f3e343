{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_periods_changed('period_end') }}",
    )
}}
{#-
    Numerator and denominator of every catalogue measure for every provider and base period
    (a month from the monthly files, a financial year from the annual files, a calendar year
    from MBRRACE-UK), summed over the published codes that map to one current trust.
    Dimension measures: numerator = the listed categories, denominator = the dimension's
    categories less the excluded ones (a category a file does not publish is zero, METHODS.md).
-#}
-- depends_on: {{ ref('int_maternity_periods_changed') }}
with

observations as (

    select * from {{ ref('int_maternity_observations_unioned') }}
    where {{ in_periods_changed('period_end') }}

),

mbrrace as (

    select * from {{ ref('int_mbrrace_perinatal_mapped') }}

),

measures as (

    select * from {{ ref('maternity_measures') }}

),

provider_rows as (

    select
        org_code,
        period_grain,
        period_start,
        period_end,
        source,
        measure,
        measure_family,
        lower(category) as category,
        value,
        numerator,
        denominator,
        result_text,
        status,
        is_rounded
    from observations
    where org_level = 'Provider'

),

dimension_numerators as (

    select
        measures.measure_code,
        provider_rows.org_code,
        provider_rows.period_grain,
        provider_rows.period_start,
        provider_rows.period_end,
        sum(provider_rows.value) as numerator,
        sum({{ rounded_count_lower('provider_rows.value') }}) as numerator_lower,
        sum({{ rounded_count_upper('provider_rows.value') }}) as numerator_upper
    from measures
    inner join provider_rows
        on
            measures.source_measure = provider_rows.measure
            and list_contains(
                string_split(lower(measures.numerator_categories), '|'), provider_rows.category
            )
    where
        measures.source_kind = 'dimension'
        and provider_rows.source in ('msds_exp_data', 'msds_annual')
    group by all

),

dimension_denominators as (

    select
        measures.measure_code,
        provider_rows.org_code,
        provider_rows.period_grain,
        provider_rows.period_start,
        provider_rows.period_end,
        sum(provider_rows.value) as denominator,
        sum({{ rounded_count_lower('provider_rows.value') }}) as denominator_lower,
        sum({{ rounded_count_upper('provider_rows.value') }}) as denominator_upper,
        bool_or(provider_rows.is_rounded) as is_rounded
    from measures
    inner join provider_rows
        on
            coalesce(nullif(measures.denominator_measure, ''), measures.source_measure)
            = provider_rows.measure
            and not list_contains(
                string_split(lower(coalesce(measures.denominator_excludes, '')), '|'),
                provider_rows.category
            )
    where
        measures.source_kind = 'dimension'
        and provider_rows.source in ('msds_exp_data', 'msds_annual')
    group by all

),

dimension_counts as (

    select
        dimension_denominators.measure_code,
        dimension_denominators.org_code,
        dimension_denominators.period_grain,
        dimension_denominators.period_start,
        dimension_denominators.period_end,
        -- a category the file does not publish for a trust is zero, not missing
        coalesce(dimension_numerators.numerator, 0) as numerator,
        coalesce(dimension_numerators.numerator_lower, 0) as numerator_lower,
        coalesce(dimension_numerators.numerator_upper, 0) as numerator_upper,
        dimension_denominators.denominator,
        dimension_denominators.denominator_lower,
        dimension_denominators.denominator_upper,
        cast(null as double) as continuous_value,
        false as is_suppressed,
        dimension_denominators.is_rounded
    from dimension_denominators
    left join dimension_numerators
        on
            dimension_denominators.measure_code = dimension_numerators.measure_code
            and dimension_denominators.org_code = dimension_numerators.org_code
            and dimension_denominators.period_start = dimension_numerators.period_start
            and dimension_denominators.period_end = dimension_numerators.period_end

),

indicator_counts as (

    select
        measures.measure_code,
        provider_rows.org_code,
        provider_rows.period_grain,
        provider_rows.period_start,
        provider_rows.period_end,
        sum(provider_rows.numerator) as numerator,
        sum({{ rounded_count_lower('provider_rows.numerator') }}) as numerator_lower,
        sum({{ rounded_count_upper('provider_rows.numerator') }}) as numerator_upper,
        sum(provider_rows.denominator) as denominator,
        sum({{ rounded_count_lower('provider_rows.denominator') }}) as denominator_lower,
        sum({{ rounded_count_upper('provider_rows.denominator') }}) as denominator_upper,
        cast(null as double) as continuous_value,
        -- The publisher hides a rate (Rate per Thousand '*') when the true count is 1 to 7 but
        -- still publishes the rounded numerator (5) and denominator: those are used, with
        -- their disclosure bounds. Only a missing count, DNS or Low DQ excludes the month.
        bool_or(
            provider_rows.status in ('did_not_submit', 'low_data_quality')
            or provider_rows.numerator is null
            or provider_rows.denominator is null
        ) as is_suppressed,
        true as is_rounded
    from measures
    inner join provider_rows
        on measures.source_measure = provider_rows.measure
    where
        measures.source_kind = 'indicator'
        and provider_rows.source = 'msds_exp_measures'
    group by all

),

indicator_result_counts as (

    select
        measures.measure_code,
        provider_rows.org_code,
        provider_rows.period_grain,
        provider_rows.period_start,
        provider_rows.period_end,
        cast(count(*) filter (
            where provider_rows.result_text = measures.numerator_categories
        ) as double) as numerator,
        cast(count(*) filter (
            where provider_rows.result_text in ('Pass', 'Fail')
        ) as double) as denominator,
        cast(null as double) as continuous_value,
        false as is_suppressed,
        false as is_rounded
    from measures
    inner join provider_rows
        on measures.source_measure = provider_rows.measure_family
    where
        measures.source_kind = 'indicator_results'
        and provider_rows.source = 'msds_exp_measures'
    group by all

),

mbrrace_all_causes as (

    select * from mbrrace
    where series = 'all_causes' and org_code is not null

),

mbrrace_counts as (

    select
        measures.measure_code,
        mbrrace_all_causes.org_code,
        'calendar_year' as period_grain,
        mbrrace_all_causes.period_start,
        mbrrace_all_causes.period_end,
        sum(
            case measures.source_measure
                when 'stillbirth' then mbrrace_all_causes.total_stillbirths
                else mbrrace_all_causes.total_neonatal_deaths
            end
        ) as numerator,
        sum(
            case measures.source_measure
                when 'stillbirth' then mbrrace_all_causes.total_births
                else mbrrace_all_causes.total_live_births
            end
        ) as denominator,
        -- stabilised rates are already rates: kept as a continuous value (one organisation
        -- per code in practice; the maximum guards a code two MBRRACE ids map to)
        max(
            case measures.source_measure
                when 'stillbirth' then mbrrace_all_causes.stabilised_stillbirth_rate
                else mbrrace_all_causes.stabilised_neonatal_death_rate
            end
        ) filter (where measures.source_kind = 'mbrrace_stabilised') as continuous_value,
        bool_or(
            measures.source_kind = 'mbrrace'
            and case measures.source_measure
                when 'stillbirth' then mbrrace_all_causes.is_stillbirths_suppressed
                else mbrrace_all_causes.is_neonatal_deaths_suppressed
            end
        ) as is_suppressed,
        false as is_rounded
    from measures
    cross join mbrrace_all_causes
    where measures.source_kind in ('mbrrace', 'mbrrace_stabilised')
    group by all

),

unioned as (

    select * from dimension_counts
    union all by name
    select * from indicator_counts
    union all by name
    select * from indicator_result_counts
    union all by name
    select * from mbrrace_counts

),

final as (

    select
        measure_code,
        org_code,
        period_grain,
        period_start,
        period_end,
        numerator,
        denominator,
        -- disclosure control: the true counts lie within these bounds (exact when not rounded)
        coalesce(numerator_lower, numerator) as numerator_lower,
        coalesce(numerator_upper, numerator) as numerator_upper,
        coalesce(denominator_lower, denominator) as denominator_lower,
        coalesce(denominator_upper, denominator) as denominator_upper,
        continuous_value,
        is_suppressed,
        is_rounded
    from unioned
    where {{ in_periods_changed('period_end') }}

)

select * from final
