-- Each trust's rate beside the national ambition trajectory for its year and England's own
-- position, flagged with the interval taken into account: above the trajectory only when the
-- lower end of the trust's 95% interval is above it, below when the upper end is below it,
-- otherwise consistent with it. The same rule places England against the trajectory and the
-- trust against England's rate.
with

mbrrace_rates as (

    select * from {{ ref('int_board_mbrrace_rates') }}

),

preterm_rates as (

    select * from {{ ref('int_board_preterm_rates') }}

),

england_mbrrace as (

    select * from {{ ref('int_board_england_mbrrace_rates') }}

),

trajectories as (

    select * from {{ ref('int_board_ambition_trajectory_years') }}

),

trust_preterm as (

    select * exclude (org_level, published_codes) from preterm_rates
    where org_level = 'Provider'

),

england_preterm as (

    select * from preterm_rates
    where org_level = 'National'

),

trust_rates as (

    select * from mbrrace_rates
    union all by name
    select * from trust_preterm

),

england_rates as (

    select
        ambition,
        series,
        make_date(report_year, 1, 1) as period_start,
        make_date(report_year, 12, 31) as period_end,
        crude_rate as england_rate,
        crude_rate_lower as england_rate_lower,
        crude_rate_upper as england_rate_upper,
        rate_method as england_rate_method,
        coverage_percent as england_coverage_percent,
        stabilised_mean_rate as england_stabilised_mean_rate
    from england_mbrrace
    union all by name
    select
        ambition,
        series,
        period_start,
        period_end,
        rate as england_rate,
        rate_lower as england_rate_lower,
        rate_upper as england_rate_upper,
        rate_method as england_rate_method,
        100.0 as england_coverage_percent,
        cast(null as double) as england_stabilised_mean_rate
    from england_preterm

),

joined as (

    select
        trust_rates.*,
        trajectories.trajectory_value,
        trajectories.is_target_held,
        trajectories.trajectory_basis,
        england_rates.england_rate,
        england_rates.england_rate_lower,
        england_rates.england_rate_upper,
        england_rates.england_rate_method,
        england_rates.england_coverage_percent,
        england_rates.england_stabilised_mean_rate
    from trust_rates
    left join trajectories
        on
            trust_rates.ambition = trajectories.ambition
            and trust_rates.trajectory_year = trajectories.trajectory_year
    left join england_rates
        on
            trust_rates.ambition = england_rates.ambition
            and trust_rates.series = england_rates.series
            and trust_rates.period_start = england_rates.period_start
            -- a month and a financial year can start on the same day (April)
            and trust_rates.period_end = england_rates.period_end

),

flagged as (

    select
        *,
        case
            when rate is null then 'not_published'
            when trajectory_value is null then 'no_trajectory'
            when rate_lower is null or rate_upper is null then 'no_interval'
            when rate_lower > trajectory_value then 'above_trajectory'
            when rate_upper < trajectory_value then 'below_trajectory'
            else 'consistent_with_trajectory'
        end as position_vs_trajectory,
        case
            when england_rate is null then 'not_published'
            when trajectory_value is null then 'no_trajectory'
            when england_rate_lower is null or england_rate_upper is null then 'no_interval'
            when england_rate_lower > trajectory_value then 'above_trajectory'
            when england_rate_upper < trajectory_value then 'below_trajectory'
            else 'consistent_with_trajectory'
        end as england_position_vs_trajectory,
        case
            when rate is null then 'not_published'
            when england_rate is null then 'no_england_rate'
            when rate_lower is null or rate_upper is null then 'no_interval'
            when rate_lower > england_rate then 'above_england'
            when rate_upper < england_rate then 'below_england'
            else 'similar_to_england'
        end as position_vs_england
    from joined

),

final as (

    select
        org_code,
        mbrrace_org_id,
        org_name,
        ambition,
        source,
        series,
        period_start,
        period_end,
        period_grain,
        trajectory_year,
        trajectory_value,
        is_target_held,
        trajectory_basis,
        rate_unit,
        events,
        population,
        crude_rate,
        rate,
        rate_lower,
        rate_upper,
        rate_method,
        position_vs_trajectory,
        comparator_group_name,
        comparator_group_rate,
        england_rate,
        england_rate_lower,
        england_rate_upper,
        england_rate_method,
        england_coverage_percent,
        england_stabilised_mean_rate,
        england_position_vs_trajectory,
        position_vs_england,
        source_file_id,
        source_file
    from flagged

)

select * from final
