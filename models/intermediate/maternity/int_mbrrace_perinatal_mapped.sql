-- MBRRACE-UK perinatal mortality from current files, with the series (all causes or excluding
-- congenital anomalies) and the current ODS trust code.
with

perinatal as (

    select * from {{ ref('stg_mbrrace__perinatal') }}

),

current_files as (

    select * from {{ ref('int_landed_files_current') }}

),

orgs as (

    select * from {{ ref('int_mbrrace_orgs_mapped') }}

),

final as (

    select
        orgs.org_code,
        perinatal.mbrrace_org_id,
        perinatal.mbrrace_org_name,
        orgs.country_name,
        orgs.match_method,
        current_files.publication_series as series,
        perinatal.report_year,
        make_date(perinatal.report_year, 1, 1) as period_start,
        make_date(perinatal.report_year, 12, 31) as period_end,
        perinatal.comparator_group_id,
        perinatal.comparator_group_name,
        perinatal.total_births,
        perinatal.total_stillbirths,
        perinatal.is_stillbirths_suppressed,
        perinatal.crude_stillbirth_rate,
        perinatal.stabilised_stillbirth_rate,
        perinatal.stabilised_stillbirth_ci,
        perinatal.total_live_births,
        perinatal.total_neonatal_deaths,
        perinatal.is_neonatal_deaths_suppressed,
        perinatal.crude_neonatal_death_rate,
        perinatal.stabilised_neonatal_death_rate,
        perinatal.stabilised_neonatal_death_ci,
        perinatal.group_average_stillbirth_rate,
        perinatal.group_average_neonatal_death_rate,
        cast(
            nullif(split_part(perinatal.stabilised_stillbirth_ci, ' to ', 1), '') as double
        ) as stabilised_stillbirth_lower,
        cast(
            nullif(split_part(perinatal.stabilised_stillbirth_ci, ' to ', 2), '') as double
        ) as stabilised_stillbirth_upper,
        cast(
            nullif(split_part(perinatal.stabilised_neonatal_death_ci, ' to ', 1), '') as double
        ) as stabilised_neonatal_death_lower,
        cast(
            nullif(split_part(perinatal.stabilised_neonatal_death_ci, ' to ', 2), '') as double
        ) as stabilised_neonatal_death_upper,
        perinatal.file_id as source_file_id,
        current_files.relative_path as source_file
    from perinatal
    inner join current_files
        on perinatal.file_id = current_files.file_id
    left join orgs
        on perinatal.mbrrace_org_id = orgs.mbrrace_org_id

)

select * from final
