{#-
    Every value index indicator scored against England and against the trust's peers, oriented
    so that higher = better (direction from seed value_indicators):
        z_england = direction x (x - England mean) / England SD,
        z_peer    = direction x (x - mean of the peers with a value that year) / England SD,
    England = the acute trusts with a value for the indicator that year. The England SD is
    used for both so that the two z-scores are on one scale (ten peers give a noisy SD).
    z_peer is null, with a reason, when fewer than var('value_min_peers', 5) peers have a value.
    Grain: one row per org_code, fy_start_year and indicator_code.
-#}
with

indicator_values as (

    select * from {{ ref('int_value_indicator_values') }}

),

adjusted as (

    select * from {{ ref('int_value_quality_deprivation_adjusted') }}

),

indicators as (

    select * from {{ ref('value_indicators') }}

),

peers as (

    select * from {{ ref('int_value_peer_distances') }}
    where is_peer

),

unioned as (

    select * from indicator_values
    union all by name
    select
        org_code,
        fy_start_year,
        financial_year,
        'DEPRIVATION_ADJUSTED_QUALITY' as indicator_code,
        quality_z_deprivation_adjusted as indicator_value
    from adjusted

),

with_england as (

    select
        unioned.*,
        indicators.domain,
        indicators.direction,
        indicators.weight,
        count(*) over (
            partition by unioned.indicator_code, unioned.fy_start_year
        ) as england_trusts,
        avg(unioned.indicator_value order by unioned.org_code) over (
            partition by unioned.indicator_code, unioned.fy_start_year
        ) as england_mean,
        stddev_samp(unioned.indicator_value order by unioned.org_code) over (
            partition by unioned.indicator_code, unioned.fy_start_year
        ) as england_sd
    from unioned
    inner join indicators
        on unioned.indicator_code = indicators.indicator_code

),

peer_values as (

    select
        peers.org_code,
        with_england.fy_start_year,
        with_england.indicator_code,
        count(*) as peers_with_value,
        avg(with_england.indicator_value order by peers.peer_code) as peer_mean,
        median(with_england.indicator_value) as peer_median
    from peers
    inner join with_england
        on peers.peer_code = with_england.org_code
    group by peers.org_code, with_england.fy_start_year, with_england.indicator_code

),

final as (

    select
        with_england.org_code,
        with_england.fy_start_year,
        with_england.financial_year,
        with_england.indicator_code,
        with_england.domain,
        with_england.direction,
        with_england.weight,
        with_england.indicator_value,
        with_england.england_trusts,
        with_england.england_mean,
        with_england.england_sd,
        coalesce(peer_values.peers_with_value, 0) as peers_with_value,
        peer_values.peer_mean,
        peer_values.peer_median,
        round(
            with_england.direction
            * (with_england.indicator_value - with_england.england_mean)
            / nullif(with_england.england_sd, 0),
            6
        ) + 0.0 as z_england,
        case
            when coalesce(peer_values.peers_with_value, 0) >= {{ var('value_min_peers', 5) }}
                then round(
                    with_england.direction
                    * (with_england.indicator_value - peer_values.peer_mean)
                    / nullif(with_england.england_sd, 0),
                    6
                ) + 0.0
        end as z_peer,
        case
            when coalesce(peer_values.peers_with_value, 0) < {{ var('value_min_peers', 5) }}
                then 'fewer than {{ var("value_min_peers", 5) }} peers with a value'
        end as z_peer_missing_reason
    from with_england
    left join peer_values
        on
            with_england.org_code = peer_values.org_code
            and with_england.fy_start_year = peer_values.fy_start_year
            and with_england.indicator_code = peer_values.indicator_code

)

select * from final
