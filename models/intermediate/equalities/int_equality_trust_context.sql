{#-
    Context a reader needs before comparing trusts: trust type (trust -> ICB register), the
    MBRRACE-UK comparator group of the latest report year, the ICB (= the MSDS Local Maternity
    System code) from the current ODS etr file, and mergers announced in the register.
-#}
with

observations as (

    select * from {{ ref('int_equality_observations') }}

),

etr as (

    select * from {{ ref('stg_ods__etr') }}

),

current_files as (

    select * from {{ ref('int_landed_files_current') }}

),

trust_lookup as (

    select * from {{ ref('stg_ods__trust_icb_lookup') }}

),

mbrrace as (

    select * from {{ ref('int_mbrrace_perinatal_mapped') }}

),

providers as (

    select
        org_code,
        max(org_name) as org_name
    from observations
    where org_level = 'Provider'
    group by org_code

),

etr_current as (

    select
        etr.org_code,
        etr.icb_code,
        etr.region_code
    from etr
    inner join current_files
        on etr.file_id = current_files.file_id

),

comparator_latest as (

    select
        org_code,
        max(report_year) as comparator_report_year
    from mbrrace
    where org_code is not null and series = 'all_causes'
    group by org_code

),

comparator_groups as (

    select
        mbrrace.org_code,
        comparator_latest.comparator_report_year,
        string_agg(
            distinct mbrrace.comparator_group_name, '; '
            order by mbrrace.comparator_group_name
        ) as comparator_group_name
    from mbrrace
    inner join comparator_latest
        on
            mbrrace.org_code = comparator_latest.org_code
            and mbrrace.report_year = comparator_latest.comparator_report_year
    where mbrrace.series = 'all_causes'
    group by mbrrace.org_code, comparator_latest.comparator_report_year

),

final as (

    select
        providers.org_code,
        providers.org_name,
        trust_lookup.trust_type,
        comparator_groups.comparator_group_name,
        comparator_groups.comparator_report_year,
        etr_current.icb_code,
        nullif(trust_lookup.icb_name, '-') as icb_name,
        etr_current.region_code,
        trust_lookup.region_name,
        trust_lookup.merger_date as register_merger_date,
        trust_lookup.predecessor_codes as register_predecessor_codes
    from providers
    left join etr_current
        on providers.org_code = etr_current.org_code
    left join trust_lookup
        on providers.org_code = trust_lookup.org_code
    left join comparator_groups
        on providers.org_code = comparator_groups.org_code

)

select * from final
