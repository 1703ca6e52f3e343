-- Size analysis (issue 6): do the largest trusts by operating expenditure deliver lower
-- productivity and value than the others? Largest = the top var('value_largest_share', 0.2)
-- of the trusts scored that year by operating cost. Compares admissions per GBP 1m, cost per
-- admission and the value index (vs peers), and gives the rank correlation of operating cost
-- with productivity across all trusts scored. Run: dbt compile -s value_size_productivity,
-- then execute the compiled SQL against the warehouse.
with

value_index as (

    select * from {{ ref('fct_value_index') }}
    where value_index is not null

),

sized as (

    select
        *,
        percent_rank() over (
            partition by fy_start_year order by operating_cost_gbp desc
        ) < {{ var('value_largest_share', 0.2) }} as is_largest
    from value_index

),

by_group as (

    select
        financial_year,
        case when is_largest then 'largest 20% by opex' else 'all others' end as size_group,
        count(*) as trusts,
        round(median(operating_cost_gbp) / 1e6) as median_opex_gbp_m,
        round(median(productivity), 1) as median_admissions_per_gbp_m,
        round(median(cost_per_admission)) as median_cost_per_admission,
        round(median(value_index), 1) as median_value_index,
        round(avg(quality_z_england), 2) as mean_quality_z_england
    from sized
    group by financial_year, is_largest

),

correlations as (

    select
        financial_year,
        'rank correlation, opex vs productivity' as size_group,
        count(*) as trusts,
        round(corr(opex_rank, productivity_rank), 3) as spearman_opex_productivity,
        round(corr(opex_rank, value_rank_in_year), 3) as spearman_opex_value_index
    from (
        select
            financial_year,
            rank() over (partition by fy_start_year order by operating_cost_gbp) as opex_rank,
            rank() over (partition by fy_start_year order by productivity) as productivity_rank,
            rank() over (partition by fy_start_year order by value_index)
                as value_rank_in_year
        from sized
    ) as ranked
    group by financial_year

),

final as (

    select * from by_group
    union all by name
    select * from correlations

)

select * from final
order by financial_year, size_group
