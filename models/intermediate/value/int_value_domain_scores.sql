{#-
    Domain scores (quality, cost, equity) per trust and year: the weighted mean of the oriented
    z-scores of the domain's indicators that the trust has, against England and against its
    peers (higher = better). coverage = weight of the indicators present / weight of the
    domain's indicators; a domain is available only when coverage >=
    var('value_min_domain_coverage', 0.5) and a peer z exists. The missing indicators are
    named: nothing is imputed. Grain: one row per org_code, fy_start_year and domain.
-#}
with

scored as (

    select * from {{ ref('int_value_indicators_scored') }}

),

indicators as (

    select * from {{ ref('value_indicators') }}

),

trust_years as (

    select distinct
        org_code,
        fy_start_year,
        financial_year
    from {{ ref('int_value_trust_years') }}

),

expected as (

    select
        trust_years.org_code,
        trust_years.fy_start_year,
        trust_years.financial_year,
        indicators.domain,
        indicators.indicator_code,
        indicators.weight
    from trust_years
    cross join indicators

),

joined as (

    select
        expected.*,
        scored.z_england,
        scored.z_peer
    from expected
    left join scored
        on
            expected.org_code = scored.org_code
            and expected.fy_start_year = scored.fy_start_year
            and expected.indicator_code = scored.indicator_code

),

aggregated as (

    select
        org_code,
        fy_start_year,
        any_value(financial_year) as financial_year,
        domain,
        count(*) as indicators_in_domain,
        count(z_england) as indicators_present,
        sum(weight order by indicator_code) filter (where z_england is not null)
        / sum(weight order by indicator_code) as coverage,
        sum(weight * z_england order by indicator_code) filter (where z_england is not null)
        / nullif(sum(weight order by indicator_code) filter (where z_england is not null), 0)
            as z_england,
        sum(weight * z_peer order by indicator_code) filter (where z_peer is not null)
        / nullif(sum(weight order by indicator_code) filter (where z_peer is not null), 0)
            as z_peer,
        string_agg(indicator_code, ', ' order by indicator_code)
        filter (where z_england is null) as missing_indicators
    from joined
    group by org_code, fy_start_year, domain

),

final as (

    select
        *,
        coverage >= {{ var('value_min_domain_coverage', 0.5) }} and z_peer is not null
            as is_available
    from aggregated

)

select * from final
