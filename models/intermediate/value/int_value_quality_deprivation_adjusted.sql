{#-
    Quality adjusted for deprivation, shown beside quality unadjusted (never instead of it).
    quality_z = weighted mean of the oriented England z-scores of the quality indicators a
    trust has that year; across the trusts of the year, quality_z is regressed on the
    catchment IMD score (ordinary least squares); the adjusted quality is the residual:
    quality above (+) or below (-) what trusts with the same catchment deprivation achieve.
    Grain: one row per org_code and fy_start_year (trusts with a quality score and a catchment).
-#}
with

indicator_values as (

    select * from {{ ref('int_value_indicator_values') }}

),

indicators as (

    select * from {{ ref('value_indicators') }}

),

quality_values as (

    select
        indicator_values.*,
        indicators.direction,
        indicators.weight
    from indicator_values
    inner join indicators
        on indicator_values.indicator_code = indicators.indicator_code
    where indicators.domain = 'quality'

),

england_z as (

    select
        *,
        direction * (
            indicator_value
            - avg(indicator_value order by org_code)
                over (partition by indicator_code, fy_start_year)
        ) / nullif(
            stddev_samp(indicator_value order by org_code)
                over (partition by indicator_code, fy_start_year),
            0
        ) as z_england
    from quality_values

),

quality_scores as (

    select
        org_code,
        fy_start_year,
        any_value(financial_year) as financial_year,
        sum(weight * z_england order by indicator_code)
        / sum(weight order by indicator_code) as quality_z_unadjusted
    from england_z
    where z_england is not null
    group by org_code, fy_start_year

),

deprivation as (

    select
        org_code,
        fy_start_year,
        indicator_value as catchment_imd_score
    from indicator_values
    where indicator_code = 'CATCHMENT_DEPRIVATION'

),

paired as (

    select
        quality_scores.*,
        deprivation.catchment_imd_score
    from quality_scores
    inner join deprivation
        on
            quality_scores.org_code = deprivation.org_code
            and quality_scores.fy_start_year = deprivation.fy_start_year

),

fitted as (

    select
        *,
        regr_slope(quality_z_unadjusted, catchment_imd_score order by org_code)
            over (partition by fy_start_year) as deprivation_slope,
        regr_intercept(quality_z_unadjusted, catchment_imd_score order by org_code)
            over (partition by fy_start_year) as deprivation_intercept
    from paired

),

final as (

    select
        org_code,
        fy_start_year,
        financial_year,
        quality_z_unadjusted,
        catchment_imd_score,
        deprivation_slope,
        deprivation_intercept,
        deprivation_intercept + deprivation_slope * catchment_imd_score as quality_z_expected,
        quality_z_unadjusted
        - (deprivation_intercept + deprivation_slope * catchment_imd_score)
            as quality_z_deprivation_adjusted
    from fitted

)

select * from final
