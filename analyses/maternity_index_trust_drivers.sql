-- One trust's drivers in the latest period: every measure with its rate, England's rate, the
-- adjusted z, its weighted contribution to the composite, its 12-month change and trend, and
-- the reason for any measure left out. Change the trust code below.
{% set trust = 'RHQ' %}

with

drivers as (

    select * from {{ ref('fct_maternity_index_drivers') }}

),

latest as (

    select max(period_start) as period_start
    from drivers
    where index_grain = 'month'

),

final as (

    select
        drivers.contribution_rank,
        drivers.measure_code,
        drivers.domain,
        drivers.weight,
        round(drivers.rate, 2) as rate,
        round(drivers.rate_lower_95, 2) as rate_lower_95,
        round(drivers.rate_upper_95, 2) as rate_upper_95,
        round(drivers.england_rate, 2) as england_rate,
        drivers.z_adjusted,
        round(drivers.contribution, 4) as contribution,
        drivers.z_change_12m,
        drivers.trend_class,
        drivers.exclusion_reason
    from drivers
    inner join latest
        on drivers.period_start = latest.period_start
    where drivers.org_code = '{{ trust }}' and drivers.index_grain = 'month'

)

select * from final
order by contribution_rank nulls last, measure_code
