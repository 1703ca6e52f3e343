-- Trusts above the national ambition trajectory on both stillbirth and neonatal death in the
-- same year of births (MBRRACE-UK stabilised rates, all causes; above = the lower end of the
-- 95% interval above the trajectory value), with England's position and the trust's MIS safety
-- action 2 data-quality position from the latest MSDS measures month (a view from public data,
-- not NHS Resolution's assessment).
with

trajectories as (

    select * from {{ ref('fct_board_safety_trajectories') }}

),

data_quality as (

    select * from {{ ref('fct_mis_data_quality') }}

),

mbrrace as (

    select * from trajectories
    where source = 'mbrrace_perinatal' and series = 'all_causes'

),

stillbirth as (

    select * from mbrrace
    where ambition = 'stillbirth' and position_vs_trajectory = 'above_trajectory'

),

neonatal as (

    select * from mbrrace
    where ambition = 'neonatal_death' and position_vs_trajectory = 'above_trajectory'

),

both_above as (

    select
        stillbirth.org_code,
        stillbirth.org_name,
        stillbirth.mbrrace_org_id,
        stillbirth.trajectory_year as birth_year,
        stillbirth.comparator_group_name,
        stillbirth.rate as stillbirth_rate,
        stillbirth.rate_lower as stillbirth_lower,
        stillbirth.trajectory_value as stillbirth_trajectory,
        stillbirth.england_rate as england_stillbirth_rate,
        neonatal.rate as neonatal_death_rate,
        neonatal.rate_lower as neonatal_death_lower,
        neonatal.trajectory_value as neonatal_death_trajectory,
        neonatal.england_rate as england_neonatal_death_rate
    from stillbirth
    inner join neonatal
        on
            stillbirth.mbrrace_org_id = neonatal.mbrrace_org_id
            and stillbirth.period_start = neonatal.period_start

),

latest_dq as (

    select * from data_quality
    where
        org_code_published = org_code
        and period_start = (select max(dq.period_start) from data_quality as dq)

),

final as (

    select
        both_above.*,
        latest_dq.period_start as dq_month,
        latest_dq.readiness as mis_sa2_readiness,
        latest_dq.cqims_unpublished,
        latest_dq.unpublished_cqims,
        latest_dq.failed_cqim_dq_measures
    from both_above
    left join latest_dq
        on both_above.org_code = latest_dq.org_code

)

select * from final
order by birth_year, org_code
