{#-
    Reconciliation between the index and its drivers: for every trust and period, the
    contributions of the scored measures add up to the composite score. Returns the rows that
    do not.
-#}
with

index_rows as (

    select * from {{ ref('fct_maternity_index') }}

),

drivers as (

    select * from {{ ref('fct_maternity_index_drivers') }}

),

summed as (

    select
        org_code,
        index_grain,
        period_start,
        sum(contribution) as contributions,
        count(*) filter (where is_scored) as measures_scored
    from drivers
    group by org_code, index_grain, period_start

),

final as (

    select
        index_rows.org_code,
        index_rows.index_grain,
        index_rows.period_start,
        index_rows.composite_score,
        summed.contributions,
        index_rows.measures_scored,
        summed.measures_scored as driver_measures_scored
    from index_rows
    left join summed
        on
            index_rows.org_code = summed.org_code
            and index_rows.index_grain = summed.index_grain
            and index_rows.period_start = summed.period_start
    where
        summed.contributions is null
        or abs(index_rows.composite_score - summed.contributions) > 1e-6
        or index_rows.measures_scored <> summed.measures_scored

)

select * from final
