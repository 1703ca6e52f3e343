-- The national maternity ambition as a straight line per year from its baseline (2010) to its
-- target (2025); after the target year the target is held (is_target_held). An ambition without
-- a known baseline has a value only from its target year on.
with

ambitions as (

    select * from {{ ref('ambition_trajectories') }}

),

years as (

    select
        ambitions.ambition,
        unnest(
            range(
                coalesce(ambitions.baseline_year, ambitions.target_year),
                {{ var('board_trajectory_last_year', 2030) }} + 1
            )
        ) as trajectory_year
    from ambitions

),

interpolated as (

    select
        ambitions.ambition,
        ambitions.measure_label,
        years.trajectory_year,
        ambitions.baseline_year,
        ambitions.baseline_value,
        ambitions.target_year,
        ambitions.target_value,
        ambitions.rate_unit,
        ambitions.rate_basis,
        ambitions.is_compared,
        ambitions.source,
        years.trajectory_year > ambitions.target_year as is_target_held,
        case
            when years.trajectory_year >= ambitions.target_year then ambitions.target_value
            else
                ambitions.baseline_value
                + (ambitions.target_value - ambitions.baseline_value)
                * (years.trajectory_year - ambitions.baseline_year)
                / (ambitions.target_year - ambitions.baseline_year)
        end as trajectory_value,
        case
            when years.trajectory_year > ambitions.target_year
                then 'target held after ' || ambitions.target_year
            when years.trajectory_year = ambitions.target_year then 'target'
            when years.trajectory_year = ambitions.baseline_year then 'baseline'
            else 'straight line from baseline to target'
        end as trajectory_basis
    from ambitions
    inner join years
        on ambitions.ambition = years.ambition

),

final as (

    select * from interpolated

)

select * from final
