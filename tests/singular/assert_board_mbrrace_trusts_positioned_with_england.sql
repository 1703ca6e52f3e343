{#-
    Every English trust with MBRRACE-UK data for a year of births has its position against the
    stillbirth and neonatal death trajectories in the board mart, with England beside it, for
    both series. Returns the trust, year, series and ambition that lack it.
-#}
with

perinatal as (

    select * from {{ ref('int_mbrrace_perinatal_mapped') }}

),

trajectories as (

    select * from {{ ref('fct_board_safety_trajectories') }}

),

ambitions as (

    select unnest(['stillbirth', 'neonatal_death']) as ambition

),

expected as (

    select distinct
        perinatal.org_code,
        perinatal.mbrrace_org_id,
        perinatal.series,
        perinatal.period_start,
        ambitions.ambition
    from perinatal
    cross join ambitions
    where perinatal.country_name = 'England' and perinatal.org_code is not null

),

final as (

    select
        expected.*,
        trajectories.position_vs_trajectory,
        trajectories.england_rate
    from expected
    left join trajectories
        on
            expected.org_code = trajectories.org_code
            and expected.mbrrace_org_id = trajectories.mbrrace_org_id
            and expected.series = trajectories.series
            and expected.period_start = trajectories.period_start
            and expected.ambition = trajectories.ambition
    where
        trajectories.position_vs_trajectory is null
        or trajectories.position_vs_trajectory in ('no_trajectory', 'no_interval')
        or trajectories.england_rate is null
        or trajectories.england_position_vs_trajectory is null

)

select * from final
