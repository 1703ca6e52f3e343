with

need as (

    select * from {{ ref('int_value_population_need') }}

),

trust_years as (

    select * from {{ ref('int_value_trust_years') }}

),

quality as (

    select * from {{ ref('int_value_quality_deprivation_adjusted') }}

),

computed as (

    select * from {{ ref('int_value_index_computed') }}

),

successors as (

    select * from {{ ref('int_ods_successors_resolved') }}

),

ranked as (

    select
        need.*,
        case
            when need.population_need_index is not null
                then rank() over (
                    partition by need.fy_start_year, need.population_need_index is null
                    order by need.population_need_index desc
                )
        end as need_rank,
        count(need.population_need_index) over (partition by need.fy_start_year)
            as trusts_with_need_index
    from need

),

final as (

    select
        ranked.org_code,
        coalesce(successors.current_code, ranked.org_code) as current_code,
        trust_years.org_name,
        cast(ranked.fy_start_year as integer) as fy_start_year,
        ranked.financial_year,
        ranked.catchment_imd_score,
        ranked.share_most_deprived_quintile,
        ranked.health_deprivation_score,
        ranked.share_admissions_75_plus,
        ranked.catchment_imd_z,
        ranked.most_deprived_quintile_z,
        ranked.health_deprivation_z,
        ranked.admissions_75_plus_z,
        ranked.components_present,
        ranked.need_coverage,
        ranked.need_z,
        ranked.population_need_index,
        ranked.need_rank,
        ranked.trusts_with_need_index,
        ranked.need_missing_reason,
        quality.quality_z_unadjusted as quality_z_england,
        quality.quality_z_expected as quality_z_expected_for_deprivation,
        quality.quality_z_deprivation_adjusted as quality_deprivation_adjusted_z_england,
        computed.quality_z_peer,
        computed.quality_adjusted_z_peer as quality_deprivation_adjusted_z_peer,
        '{{ var("value_index_version", "1.0") }}' as index_version
    from ranked
    left join trust_years
        on
            ranked.org_code = trust_years.org_code
            and ranked.fy_start_year = trust_years.fy_start_year
    left join quality
        on
            ranked.org_code = quality.org_code
            and ranked.fy_start_year = quality.fy_start_year
    left join computed
        on
            ranked.org_code = computed.org_code
            and ranked.fy_start_year = computed.fy_start_year
    left join successors
        on ranked.org_code = successors.org_code

)

select * from final
