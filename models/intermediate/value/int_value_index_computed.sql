{#-
    The value index: quality-adjusted activity per pound relative to the peer median.
        productivity        = admissions per GBP 1m of operating cost
        quality_multiplier  = 1 + var('value_quality_weight', 0.1) x quality z vs peers,
                              kept within [0.5, 1.5]
        qaa_per_gbp_m       = productivity x quality_multiplier
        value_index         = 100 x qaa_per_gbp_m / median qaa_per_gbp_m of the trust's peers
                              that year (100 = the peer median; higher = more value)
    The deprivation-adjusted variant uses the deprivation-adjusted quality z vs peers in the
    multiplier and is shown beside the unadjusted one. A trust-year is scored only when it has
    cost, admissions and an available quality domain and at least var('value_min_peers', 5)
    peers are scored; otherwise value_status says what is missing.
    Grain: one row per org_code and fy_start_year.
-#}
with

trust_years as (

    select * from {{ ref('int_value_trust_years') }}

),

domains as (

    select * from {{ ref('int_value_domain_scores') }}

),

adjusted_scored as (

    select * from {{ ref('int_value_indicators_scored') }}
    where indicator_code = 'DEPRIVATION_ADJUSTED_QUALITY'

),

peers as (

    select * from {{ ref('int_value_peer_distances') }}
    where is_peer

),

domains_wide as (

    select
        org_code,
        fy_start_year,
        max(z_england) filter (where domain = 'quality') as quality_z_england,
        max(z_peer) filter (where domain = 'quality') as quality_z_peer,
        bool_or(is_available) filter (where domain = 'quality') as quality_available,
        max(coverage) filter (where domain = 'quality') as quality_coverage,
        max(missing_indicators) filter (where domain = 'quality') as quality_missing,
        max(z_england) filter (where domain = 'cost') as cost_z_england,
        max(z_peer) filter (where domain = 'cost') as cost_z_peer,
        bool_or(is_available) filter (where domain = 'cost') as cost_available,
        max(z_england) filter (where domain = 'equity') as equity_z_england,
        max(z_peer) filter (where domain = 'equity') as equity_z_peer,
        bool_or(is_available) filter (where domain = 'equity') as equity_available
    from domains
    group by org_code, fy_start_year

),

productivity as (

    select
        trust_years.org_code,
        trust_years.org_name,
        trust_years.fy_start_year,
        trust_years.financial_year,
        trust_years.is_specialist,
        trust_years.operating_cost_gbp,
        trust_years.admissions,
        trust_years.cost_per_admission,
        trust_years.has_cost,
        trust_years.has_activity,
        domains_wide.quality_z_england,
        domains_wide.quality_z_peer,
        domains_wide.quality_available,
        domains_wide.quality_coverage,
        domains_wide.quality_missing,
        domains_wide.cost_z_england,
        domains_wide.cost_z_peer,
        domains_wide.cost_available,
        domains_wide.equity_z_england,
        domains_wide.equity_z_peer,
        domains_wide.equity_available,
        adjusted_scored.z_peer as quality_adjusted_z_peer,
        trust_years.admissions / (trust_years.operating_cost_gbp / 1e6) as productivity,
        -- least() and greatest() skip nulls: a missing z gives no multiplier (never 0.5)
        case
            when domains_wide.quality_z_peer is not null
                then least(1.5, greatest(
                    0.5,
                    1 + {{ var('value_quality_weight', 0.1) }} * domains_wide.quality_z_peer
                ))
        end as quality_multiplier,
        case
            when adjusted_scored.z_peer is not null
                then least(1.5, greatest(
                    0.5, 1 + {{ var('value_quality_weight', 0.1) }} * adjusted_scored.z_peer
                ))
        end as quality_multiplier_adjusted
    from trust_years
    left join domains_wide
        on
            trust_years.org_code = domains_wide.org_code
            and trust_years.fy_start_year = domains_wide.fy_start_year
    left join adjusted_scored
        on
            trust_years.org_code = adjusted_scored.org_code
            and trust_years.fy_start_year = adjusted_scored.fy_start_year

),

scoreable as (

    select
        *,
        case
            when not has_cost then 'missing operating cost'
            when not has_activity then 'missing admissions'
            when not coalesce(quality_available, false)
                then
                    'quality domain unavailable (missing: ' || coalesce(quality_missing, '-')
                    || ')'
        end as missing_reason,
        productivity * quality_multiplier as qaa_per_gbp_m,
        productivity * quality_multiplier_adjusted as qaa_adjusted_per_gbp_m
    from productivity

),

peer_medians as (

    select
        peers.org_code,
        candidate.fy_start_year,
        count(candidate.qaa_per_gbp_m) as peers_scored,
        median(candidate.qaa_per_gbp_m) as peer_median_qaa,
        median(candidate.qaa_adjusted_per_gbp_m) as peer_median_qaa_adjusted,
        median(candidate.productivity) as peer_median_productivity
    from peers
    inner join scoreable as candidate
        on peers.peer_code = candidate.org_code
    where candidate.missing_reason is null
    group by peers.org_code, candidate.fy_start_year

),

indexed as (

    select
        scoreable.*,
        coalesce(peer_medians.peers_scored, 0) as peers_scored,
        peer_medians.peer_median_productivity,
        peer_medians.peer_median_qaa,
        coalesce(
            scoreable.missing_reason,
            case
                when coalesce(peer_medians.peers_scored, 0) < {{ var('value_min_peers', 5) }}
                    then 'fewer than {{ var("value_min_peers", 5) }} peers scored'
            end
        ) as value_status_reason,
        100 * scoreable.qaa_per_gbp_m / peer_medians.peer_median_qaa as value_index_raw,
        100 * scoreable.qaa_adjusted_per_gbp_m / peer_medians.peer_median_qaa_adjusted
            as value_index_adjusted_raw
    from scoreable
    left join peer_medians
        on
            scoreable.org_code = peer_medians.org_code
            and scoreable.fy_start_year = peer_medians.fy_start_year

),

final as (

    select
        org_code,
        org_name,
        fy_start_year,
        financial_year,
        is_specialist,
        operating_cost_gbp,
        admissions,
        cost_per_admission,
        has_cost,
        has_activity,
        quality_z_england,
        quality_z_peer,
        quality_available,
        quality_coverage,
        quality_missing,
        cost_z_england,
        cost_z_peer,
        cost_available,
        equity_z_england,
        equity_z_peer,
        equity_available,
        quality_adjusted_z_peer,
        productivity,
        quality_multiplier,
        quality_multiplier_adjusted,
        missing_reason,
        qaa_per_gbp_m,
        qaa_adjusted_per_gbp_m,
        peers_scored,
        peer_median_productivity,
        peer_median_qaa,
        value_status_reason,
        case
            when value_status_reason is null then round(value_index_raw, 6)
        end as value_index,
        case
            when value_status_reason is null then round(value_index_adjusted_raw, 6)
        end as value_index_deprivation_adjusted
    from indexed

)

select * from final
