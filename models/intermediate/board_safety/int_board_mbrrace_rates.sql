-- MBRRACE-UK stillbirth and neonatal death rates of English trusts in the long shape the
-- trajectory comparison reads: one row per ambition, series, year and MBRRACE organisation.
-- The compared rate is the stabilised rate with its published 95% interval.
with

perinatal as (

    select * from {{ ref('int_mbrrace_perinatal_mapped') }}

),

english_trusts as (

    select * from perinatal
    where country_name = 'England' and org_code is not null

),

stillbirths as (

    select
        org_code,
        mbrrace_org_id,
        mbrrace_org_name as org_name,
        'stillbirth' as ambition,
        series,
        period_start,
        period_end,
        'year' as period_grain,
        report_year as trajectory_year,
        total_stillbirths as events,
        total_births as population,
        crude_stillbirth_rate as crude_rate,
        stabilised_stillbirth_rate as rate,
        stabilised_stillbirth_lower as rate_lower,
        stabilised_stillbirth_upper as rate_upper,
        group_average_stillbirth_rate as comparator_group_rate,
        comparator_group_name,
        source_file_id,
        source_file
    from english_trusts

),

neonatal_deaths as (

    select
        org_code,
        mbrrace_org_id,
        mbrrace_org_name as org_name,
        'neonatal_death' as ambition,
        series,
        period_start,
        period_end,
        'year' as period_grain,
        report_year as trajectory_year,
        total_neonatal_deaths as events,
        total_live_births as population,
        crude_neonatal_death_rate as crude_rate,
        stabilised_neonatal_death_rate as rate,
        stabilised_neonatal_death_lower as rate_lower,
        stabilised_neonatal_death_upper as rate_upper,
        group_average_neonatal_death_rate as comparator_group_rate,
        comparator_group_name,
        source_file_id,
        source_file
    from english_trusts

),

unioned as (

    select * from stillbirths
    union all by name
    select * from neonatal_deaths

),

final as (

    select
        *,
        'mbrrace_perinatal' as source,
        'per_1000' as rate_unit,
        'MBRRACE-UK stabilised rate, published 95% interval' as rate_method
    from unioned

)

select * from final
