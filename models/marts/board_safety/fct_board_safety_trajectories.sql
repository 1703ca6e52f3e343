with

positions as (

    select * from {{ ref('int_board_trajectory_positions') }}

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
        cast(trajectory_year as integer) as trajectory_year,
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
    from positions

)

select * from final
