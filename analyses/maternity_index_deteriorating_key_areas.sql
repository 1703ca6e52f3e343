-- Trusts deteriorating in key clinical areas: outcome measures of weight 2 or more whose own
-- 12-month trend is deteriorating in the latest period of each grain, with the size of the
-- move. (With the corpus's few months, monthly periods trend on annual points.)
with

drivers as (

    select * from {{ ref('fct_maternity_index_drivers') }}

),

latest as (

    select
        index_grain,
        max(period_start) as period_start
    from drivers
    group by index_grain

),

final as (

    select
        drivers.index_grain,
        drivers.period_start,
        drivers.org_code,
        drivers.measure_code,
        drivers.weight,
        round(drivers.rate, 2) as rate,
        round(drivers.england_rate, 2) as england_rate,
        round(drivers.trend_slope_per_year, 3) as slope_per_year,
        drivers.z_change_12m
    from drivers
    inner join latest
        on
            drivers.index_grain = latest.index_grain
            and drivers.period_start = latest.period_start
    where
        drivers.domain = 'outcome'
        and drivers.weight >= 2
        and drivers.trend_class = 'deteriorating'

)

select * from final
order by index_grain, org_code, measure_code
