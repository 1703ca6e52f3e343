{#-
    Trapped value, an indicative estimate: for each trust and year,
        max(0, cost per admission - peer benchmark cost per admission) x admissions, in pounds,
    where the benchmark is var('value_trapped_benchmark', 'median') of the peers' cost per
    admission that year: 'median', or 'upper_quartile' = the cost per admission that the best
    quarter of the peers achieve (their 25th percentile). National total per year beside it.
    Cost per admission is not case-mix adjusted beyond the choice of peers.
    Grain: one row per org_code and fy_start_year (trusts with cost and admissions).
-#}
{%- set benchmark = var('value_trapped_benchmark', 'median') -%}

with

trust_years as (

    select * from {{ ref('int_value_trust_years') }}
    where has_cost and has_activity

),

peers as (

    select * from {{ ref('int_value_peer_distances') }}
    where is_peer

),

benchmarks as (

    select
        peers.org_code,
        peer_years.fy_start_year,
        count(*) as peers_with_cost,
        {% if benchmark == 'median' -%}
            median(peer_years.cost_per_admission)
        {%- elif benchmark == 'upper_quartile' -%}
            quantile_cont(peer_years.cost_per_admission, 0.25)
        {%- else -%}
            error('value_trapped_benchmark must be median or upper_quartile')
        {%- endif %} as benchmark_cost_per_admission
    from peers
    inner join trust_years as peer_years
        on peers.peer_code = peer_years.org_code
    group by peers.org_code, peer_years.fy_start_year

),

valued as (

    select
        trust_years.org_code,
        trust_years.org_name,
        trust_years.fy_start_year,
        trust_years.financial_year,
        trust_years.operating_cost_gbp,
        trust_years.admissions,
        trust_years.cost_per_admission,
        '{{ benchmark }}' as benchmark_choice,
        coalesce(benchmarks.peers_with_cost, 0) as peers_with_cost,
        case
            when benchmarks.peers_with_cost >= {{ var('value_min_peers', 5) }}
                then benchmarks.benchmark_cost_per_admission
        end as benchmark_cost_per_admission
    from trust_years
    left join benchmarks
        on
            trust_years.org_code = benchmarks.org_code
            and trust_years.fy_start_year = benchmarks.fy_start_year

),

excess as (

    select
        *,
        -- greatest() skips nulls: without a benchmark there is no excess (null, never 0)
        case
            when benchmark_cost_per_admission is not null
                then greatest(0, cost_per_admission - benchmark_cost_per_admission)
        end as excess_cost_per_admission
    from valued

),

national as (

    select
        fy_start_year,
        sum(excess_cost_per_admission * admissions order by org_code) as national_trapped_value_gbp
    from excess
    group by fy_start_year

),

final as (

    select
        excess.*,
        excess.excess_cost_per_admission * excess.admissions as trapped_value_gbp,
        national.national_trapped_value_gbp,
        'indicative estimate' as estimate_label
    from excess
    left join national
        on excess.fy_start_year = national.fy_start_year

)

select * from final
