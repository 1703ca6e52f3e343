-- Saving Babies' Lives process and outcome indicators and continuity-of-carer rates (with their
-- ethnicity and deprivation breakdowns) per provider (as published) and month, beside England's
-- rate, with a Wilson 95% interval widened for disclosure rounding and the change from the
-- provider's previous published month where more than one month exists.
with

observations as (

    select * from {{ ref('int_maternity_observations_unioned') }}

),

indicators as (

    select * from observations
    where
        source = 'msds_exp_measures'
        and measure_family in ('SBL', 'COC_Rate')
        and org_level in ('Provider', 'National')

),

parsed as (

    select
        *,
        case
            when measure_family = 'SBL' then 'saving_babies_lives'
            else 'continuity_of_carer'
        end as programme,
        case
            when measure like '%ProcessIndicator%' then 'process'
            when measure like '%OutcomeIndicator%' then 'outcome'
            else 'rate'
        end as indicator_type,
        cast(nullif(regexp_extract(measure, 'Element(\d+)', 1), '') as integer) as sbl_element,
        case
            when measure_family = 'COC_Rate'
                then regexp_extract(measure, '^(COC_by_28weeks|COC_receiving_ongoing)', 1)
            else measure
        end as base_indicator,
        case
            when measure_family = 'COC_Rate'
                then
                    coalesce(
                        nullif(
                            regexp_extract(
                                measure, '^(COC_by_28weeks|COC_receiving_ongoing)_(.*)$', 2
                            ),
                            ''
                        ),
                        'All'
                    )
            else 'All'
        end as breakdown
    from indicators

),

providers as (

    select * from parsed
    where org_level = 'Provider'

),

england as (

    select
        measure,
        period_start,
        numerator as england_numerator,
        denominator as england_denominator,
        rate as england_rate
    from parsed
    where org_level = 'National'

),

with_england as (

    select
        providers.org_code_published,
        providers.org_code,
        providers.org_name,
        providers.period_start,
        providers.period_end,
        providers.programme,
        providers.measure as indicator,
        providers.base_indicator,
        providers.breakdown,
        providers.indicator_type,
        providers.sbl_element,
        providers.numerator,
        providers.denominator,
        providers.rate,
        providers.status,
        providers.result_text,
        providers.source_file_id,
        england.england_numerator,
        england.england_denominator,
        england.england_rate,
        case
            when providers.rate is not null and providers.denominator > 0
                then
                    100.0
                    * {{ wilson_lower_rounded('providers.numerator', 'providers.denominator') }}
        end as rate_lower,
        case
            when providers.rate is not null and providers.denominator > 0
                then
                    100.0
                    * {{ wilson_upper_rounded('providers.numerator', 'providers.denominator') }}
        end as rate_upper
    from providers
    left join england
        on
            providers.measure = england.measure
            and providers.period_start = england.period_start

),

with_trend as (

    select
        *,
        count(rate) over (
            partition by org_code_published, indicator
        ) as periods_published,
        count(*) over (
            partition by org_code_published, indicator
        ) as periods_in_data,
        lag(period_start) over (
            partition by org_code_published, indicator order by period_start
        ) as previous_period_start,
        lag(rate) over (
            partition by org_code_published, indicator order by period_start
        ) as previous_rate
    from with_england

),

final as (

    select
        *,
        rate - previous_rate as change_from_previous,
        case
            when rate is null then 'not_published'
            when england_rate is null then 'no_england_rate'
            when rate_lower > england_rate then 'above_england'
            when rate_upper < england_rate then 'below_england'
            else 'similar_to_england'
        end as position_vs_england,
        case
            when rate is null then 'not_published'
            when periods_in_data = 1 then 'single_period'
            when previous_period_start is null then 'first_period'
            when previous_rate is null then 'previous_not_published'
            when rate > previous_rate then 'up'
            when rate < previous_rate then 'down'
            else 'no_change'
        end as trend
    from with_trend

)

select * from final
