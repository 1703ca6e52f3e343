{#-
    Population-need index of each acute trust and year (value index equity domain, issue 6 item 3).
    Components (seed value_need_components): catchment IMD score, share of the catchment in the
    most deprived IMD quintile, catchment health deprivation and disability score (OHID
    catchments of the trust's current successor x IMD 2019) and the share of the trust's
    admissions aged 75 and over (that year). Each component is standardised across the trusts of
    the year that have it: z = (value - mean) / sample sd. need_z = sum(weight x z) / sum(weight)
    over the components present; population_need_index = 100 + 10 x need_z (100 = the average
    trust, 10 points = one standard deviation). Published only when the catchment IMD score is
    present (the main component); need_coverage = weight present / total weight.
    Grain: one row per org_code and fy_start_year.
-#}
with

trust_years as (

    select * from {{ ref('int_value_trust_years') }}

),

successors as (

    select * from {{ ref('int_ods_successors_resolved') }}

),

catchment as (

    select * from {{ ref('int_value_catchment_deprivation') }}

),

components as (

    select * from {{ ref('value_need_components') }}

),

trust_values as (

    select
        trust_years.org_code,
        trust_years.fy_start_year,
        trust_years.financial_year,
        catchment.catchment_imd_score,
        catchment.share_most_deprived_quintile,
        catchment.health_deprivation_score,
        trust_years.share_admissions_75_plus
    from trust_years
    left join successors
        on trust_years.org_code = successors.org_code
    left join catchment
        on coalesce(successors.current_code, trust_years.org_code) = catchment.trust_code

),

long as (

    unpivot trust_values
    on catchment_imd_score, share_most_deprived_quintile, health_deprivation_score,
    share_admissions_75_plus
    into name component value component_value

),

standardised as (

    select
        long.org_code,
        long.fy_start_year,
        long.component,
        long.component_value,
        components.weight,
        (
            long.component_value
            - avg(long.component_value order by long.org_code) over (
                partition by long.fy_start_year, long.component
            )
        ) / nullif(stddev_samp(long.component_value order by long.org_code) over (
            partition by long.fy_start_year, long.component
        ), 0) as component_z
    from long
    inner join components
        on long.component = components.component

),

combined as (

    select
        org_code,
        fy_start_year,
        sum(weight * component_z order by component)
        / nullif(sum(weight order by component), 0) as need_z,
        sum(weight order by component)
        / (select sum(components.weight order by components.component) from components)
            as need_coverage,
        count(*) as components_present,
        max(component_z) filter (where component = 'catchment_imd_score') as catchment_imd_z,
        max(component_z) filter (where component = 'share_most_deprived_quintile')
            as most_deprived_quintile_z,
        max(component_z) filter (where component = 'health_deprivation_score')
            as health_deprivation_z,
        max(component_z) filter (where component = 'share_admissions_75_plus')
            as admissions_75_plus_z
    from standardised
    where component_z is not null
    group by org_code, fy_start_year

),

final as (

    select
        trust_values.org_code,
        trust_values.fy_start_year,
        trust_values.financial_year,
        trust_values.catchment_imd_score,
        trust_values.share_most_deprived_quintile,
        trust_values.health_deprivation_score,
        trust_values.share_admissions_75_plus,
        round(combined.catchment_imd_z, 6) as catchment_imd_z,
        round(combined.most_deprived_quintile_z, 6) as most_deprived_quintile_z,
        round(combined.health_deprivation_z, 6) as health_deprivation_z,
        round(combined.admissions_75_plus_z, 6) as admissions_75_plus_z,
        coalesce(combined.components_present, 0) as components_present,
        round(coalesce(combined.need_coverage, 0), 6) as need_coverage,
        case
            when trust_values.catchment_imd_score is not null then round(combined.need_z, 6)
        end as need_z,
        case
            when trust_values.catchment_imd_score is not null
                then round(100 + 10 * combined.need_z, 6)
        end as population_need_index,
        case
            when trust_values.catchment_imd_score is null
                then 'no OHID catchment for the trust or its successor'
        end as need_missing_reason
    from trust_values
    left join combined
        on
            trust_values.org_code = combined.org_code
            and trust_values.fy_start_year = combined.fy_start_year

)

select * from final
