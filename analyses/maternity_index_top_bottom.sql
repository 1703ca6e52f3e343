-- The top and bottom 10 of the latest maternity index period, by risk and by system risk
-- (risk x birth volume). Large trusts with remarkably little risk appear at the bottom of the
-- system-risk ranking despite their volume.
with

index_rows as (

    select * from {{ ref('fct_maternity_index') }}

),

latest as (

    select
        index_grain,
        max(period_start) as period_start
    from index_rows
    where index_grain = 'month'
    group by index_grain

),

lowest_rank as (

    select
        index_rows.index_grain,
        index_rows.period_start,
        max(index_rows.risk_rank) as max_rank
    from index_rows
    group by index_rows.index_grain, index_rows.period_start

),

final as (

    select
        index_rows.risk_rank,
        index_rows.system_risk_rank,
        index_rows.org_code,
        index_rows.org_name,
        index_rows.risk_band,
        round(index_rows.composite_score, 3) as composite_score,
        index_rows.births,
        round(index_rows.system_risk_score, 3) as system_risk_score,
        round(index_rows.excess_adverse_events_weighted, 1) as excess_events,
        round(index_rows.coverage, 2) as coverage,
        index_rows.trend_class
    from index_rows
    inner join latest
        on
            index_rows.index_grain = latest.index_grain
            and index_rows.period_start = latest.period_start
    inner join lowest_rank
        on
            index_rows.index_grain = lowest_rank.index_grain
            and index_rows.period_start = lowest_rank.period_start
    where
        index_rows.risk_rank <= 10
        or index_rows.risk_rank > lowest_rank.max_rank - 10
        or index_rows.system_risk_rank <= 10

)

select * from final
order by risk_rank
