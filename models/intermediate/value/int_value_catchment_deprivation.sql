{#-
    Catchment deprivation of each acute trust (OHID catchments, 2022 trust codes):
    - catchment_imd_score = sum over LTLAs of catchment share x LTLA IMD 2019 score, divided by
      the share matched to an English LTLA score;
    - share_most_deprived_quintile = sum over LTLAs of catchment share x the LTLA's share of
      LSOAs in national IMD deciles 1-2 (LSOAs hold similar populations, about 1,500 people);
    - health_deprivation_score = the same weighting of the IMD health and disability score
      (population need).
    Grain: one row per catchment trust code.
-#}
with

catchments as (

    select * from {{ ref('stg_deprivation__catchment_ltla') }}

),

imd_ltla as (

    select * from {{ ref('stg_deprivation__imd_ltla') }}

),

imd_lsoa as (

    select * from {{ ref('stg_deprivation__imd_lsoa') }}

),

lsoa_ltla as (

    select * from {{ ref('stg_deprivation__lsoa_ltla') }}

),

ltla_quintile_shares as (

    select
        lsoa_ltla.ltla_code,
        count(*) as lsoas,
        avg(case when imd_lsoa.imd_decile <= 2 then 1.0 else 0.0 end order by imd_lsoa.lsoa_code)
            as share_lsoas_most_deprived_quintile
    from imd_lsoa
    inner join lsoa_ltla
        on imd_lsoa.lsoa_code = lsoa_ltla.lsoa_code
    group by lsoa_ltla.ltla_code

),

weighted as (

    select
        catchments.trust_code,
        catchments.ltla_code,
        catchments.catchment_share,
        imd_ltla.imd_score,
        imd_ltla.health_deprivation_score,
        ltla_quintile_shares.share_lsoas_most_deprived_quintile
    from catchments
    left join imd_ltla
        on catchments.ltla_code = imd_ltla.ltla_code
    left join ltla_quintile_shares
        on catchments.ltla_code = ltla_quintile_shares.ltla_code

),

final as (

    select
        trust_code,
        count(*) as ltlas,
        sum(catchment_share order by ltla_code) as catchment_share_total,
        sum(catchment_share order by ltla_code) filter (where imd_score is not null)
            as catchment_share_matched,
        sum(catchment_share * imd_score order by ltla_code) / nullif(
            sum(catchment_share order by ltla_code) filter (where imd_score is not null), 0
        ) as catchment_imd_score,
        sum(catchment_share * share_lsoas_most_deprived_quintile order by ltla_code) / nullif(
            sum(catchment_share order by ltla_code)
            filter (where share_lsoas_most_deprived_quintile is not null),
            0
        ) as share_most_deprived_quintile,
        sum(catchment_share * health_deprivation_score order by ltla_code) / nullif(
            sum(catchment_share order by ltla_code)
            filter (where health_deprivation_score is not null),
            0
        ) as health_deprivation_score
    from weighted
    group by trust_code

)

select * from final
