{#-
    The national trajectories, hand-computed: value = baseline + (target - baseline) x
    (year - 2010) / 15. Stillbirth 5.1 -> 2.5: 2023 = 5.1 - 2.6 x 13/15 = 2.846667, 2024 =
    2.673333; neonatal death 2.9 -> 1.5: 2023 = 1.686667, 2024 = 1.593333; preterm 8 -> 6:
    2024 = 6.133333; after 2025 the target is held (2026 stillbirth = 2.5). Returns rows that
    differ by more than 1e-5 or are missing.
-#}
with

trajectories as (

    select * from {{ ref('int_board_ambition_trajectory_years') }}

),

expected as (

    select
        'stillbirth' as ambition,
        2023 as trajectory_year,
        2.846667 as expected_value,
        false as expected_held
    union all
    select
        'stillbirth' as ambition,
        2024 as trajectory_year,
        2.673333 as expected_value,
        false as expected_held
    union all
    select
        'stillbirth' as ambition,
        2025 as trajectory_year,
        2.5 as expected_value,
        false as expected_held
    union all
    select
        'stillbirth' as ambition,
        2026 as trajectory_year,
        2.5 as expected_value,
        true as expected_held
    union all
    select
        'neonatal_death' as ambition,
        2023 as trajectory_year,
        1.686667 as expected_value,
        false as expected_held
    union all
    select
        'neonatal_death' as ambition,
        2024 as trajectory_year,
        1.593333 as expected_value,
        false as expected_held
    union all
    select
        'preterm_birth' as ambition,
        2024 as trajectory_year,
        6.133333 as expected_value,
        false as expected_held
    union all
    select
        'maternal_death' as ambition,
        2017 as trajectory_year,
        8.126667 as expected_value,
        false as expected_held

),

final as (

    select
        expected.*,
        trajectories.trajectory_value,
        trajectories.is_target_held
    from expected
    left join trajectories
        on
            expected.ambition = trajectories.ambition
            and expected.trajectory_year = trajectories.trajectory_year
    where
        trajectories.trajectory_value is null
        or abs(trajectories.trajectory_value - expected.expected_value) > 1e-5
        or trajectories.is_target_held != expected.expected_held

)

select * from final
