{#-
    Peer features of each acute trust, one value per trust: size (beds, staff FTE, operating
    cost, admissions: means over the trust's years in the panel), case mix (share of admissions
    aged 75+), catchment deprivation (through the trust's current ODS successor, since the
    catchments use 2022 codes), specialist flag, MBRRACE comparator group and region.
    Numeric features are standardised across the acute trusts (log first where the seed says
    so); a missing feature stays null and is left out of the distance (see
    int_value_peer_distances). Grain: one row per org_code and feature.
-#}
with

trust_years as (

    select * from {{ ref('int_value_trust_years') }}

),

successors as (

    select * from {{ ref('int_ods_successors_resolved') }}

),

comparator_groups as (

    select * from {{ ref('int_trust_comparator_groups_resolved') }}

),

catchment as (

    select * from {{ ref('int_value_catchment_deprivation') }}

),

features as (

    select * from {{ ref('value_peer_features') }}

),

eric as (

    select * from {{ ref('stg_eric__trust_profiles') }}

),

current_files as (

    select * from {{ ref('int_landed_files_current') }}

),

teaching as (

    select
        eric.org_code,
        arg_max(eric.is_teaching, eric.fy_start_year) as is_teaching
    from eric
    inner join current_files
        on eric.file_id = current_files.file_id
    group by eric.org_code

),

trust_means as (

    select
        org_code,
        arg_max(is_specialist, fy_start_year) as is_specialist,
        arg_max(hee_region_code, fy_start_year) as hee_region_code,
        avg(beds order by fy_start_year) as beds,
        avg(staff_fte order by fy_start_year) as staff_fte,
        avg(operating_cost_gbp order by fy_start_year) as operating_cost,
        avg(admissions order by fy_start_year) as admissions,
        avg(share_admissions_75_plus order by fy_start_year) as share_admissions_75_plus
    from trust_years
    group by org_code

),

trust_context as (

    select
        trust_means.*,
        coalesce(successors.current_code, trust_means.org_code) as current_code,
        catchment.catchment_imd_score,
        coalesce(comparator_groups.mbrrace_comparator_group, 'none') as mbrrace_comparator_group,
        teaching.is_teaching
    from trust_means
    left join successors
        on trust_means.org_code = successors.org_code
    left join catchment
        on coalesce(successors.current_code, trust_means.org_code) = catchment.trust_code
    left join comparator_groups
        on coalesce(successors.current_code, trust_means.org_code) = comparator_groups.org_code
    left join teaching
        on trust_means.org_code = teaching.org_code

),

long as (

    unpivot (
        select
            org_code,
            beds::varchar as beds,
            staff_fte::varchar as staff_fte,
            operating_cost::varchar as operating_cost,
            admissions::varchar as admissions,
            share_admissions_75_plus::varchar as share_admissions_75_plus,
            catchment_imd_score::varchar as catchment_imd_score,
            is_specialist::varchar as is_specialist,
            is_teaching::varchar as is_teaching,
            mbrrace_comparator_group,
            hee_region_code as region
        from trust_context
    )
    on
    beds, staff_fte, operating_cost, admissions, share_admissions_75_plus,
    catchment_imd_score, is_specialist, is_teaching, mbrrace_comparator_group, region
    into name feature value feature_value

),

typed as (

    select
        long.org_code,
        long.feature,
        features.kind,
        features.weight,
        long.feature_value as category,
        case
            when features.kind = 'numeric' and features.transform = 'log'
                then ln(nullif(long.feature_value::double, 0))
            when features.kind = 'numeric' then long.feature_value::double
        end as numeric_value
    from long
    inner join features
        on long.feature = features.feature

),

final as (

    select
        org_code,
        feature,
        kind,
        weight,
        case when kind = 'categorical' then category end as category,
        numeric_value,
        (numeric_value - avg(numeric_value order by org_code) over (partition by feature))
        / nullif(stddev_samp(numeric_value order by org_code) over (partition by feature), 0)
            as standardised_value
    from typed

)

select * from final
