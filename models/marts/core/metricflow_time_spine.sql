-- One row per day, 2010 to 2035: the time spine MetricFlow needs for time-based metrics.
with

days as (

    select cast(range as date) as date_day
    from range(date '2010-01-01', date '2036-01-01', interval 1 day)

),

final as (

    select date_day from days

)

select * from final
