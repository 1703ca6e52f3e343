{#-
    Wilson 95% interval, hand-computed: x = 10, n = 100 -> (0.05523, 0.17437);
    x = 0, n = 20 -> (0, 0.16113) = z^2 / (n + z^2). Returns rows that differ by more than 1e-5.
-#}
with

cases as (

    select
        10.0 as x,
        100.0 as n,
        0.05522914 as expected_lower,
        0.17436566 as expected_upper
    union all
    select
        0.0 as x,
        20.0 as n,
        0.0 as expected_lower,
        0.16112516 as expected_upper

),

computed as (

    select
        *,
        {{ wilson_lower('x', 'n') }} as wilson_lower,
        {{ wilson_upper('x', 'n') }} as wilson_upper
    from cases

),

final as (

    select * from computed
    where
        abs(wilson_lower - expected_lower) > 1e-5
        or abs(wilson_upper - expected_upper) > 1e-5

)

select * from final
