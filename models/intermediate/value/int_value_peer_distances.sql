{#-
    Weighted Euclidean distance between every pair of acute trusts on the standardised peer
    features (seed value_peer_features):
        d(i, j)^2 = sum_numeric w_k (z_ik - z_jk)^2 + sum_categorical w_c [c_i <> c_j],
    over the features both trusts have, scaled by (total weight / weight compared) so that a
    missing feature neither shrinks nor grows the distance. Peers are the
    var('value_peer_count', 10) nearest (ties broken by code).
    Grain: one row per org_code and candidate peer_code.
-#}
with

features as (

    select * from {{ ref('int_value_peer_features') }}

),

total_weight as (

    select sum(weight) as weight_total
    from {{ ref('value_peer_features') }}

),

pairs as (

    select
        trust.org_code,
        candidate.org_code as peer_code,
        trust.feature,
        trust.weight,
        case
            when trust.kind = 'numeric'
                then power(trust.standardised_value - candidate.standardised_value, 2)
            when trust.category = candidate.category then 0.0
            else 1.0
        end as squared_difference
    from features as trust
    inner join features as candidate
        on
            trust.feature = candidate.feature
            and trust.org_code <> candidate.org_code
    where
        (
            trust.kind = 'numeric'
            and trust.standardised_value is not null
            and candidate.standardised_value is not null
        )
        or (
            trust.kind = 'categorical'
            and trust.category is not null
            and candidate.category is not null
        )

),

distances as (

    select
        pairs.org_code,
        pairs.peer_code,
        count(*) as features_compared,
        sum(pairs.weight order by pairs.feature) as weight_compared,
        round(sqrt(
            sum(pairs.weight * pairs.squared_difference order by pairs.feature)
            * any_value(total_weight.weight_total) / sum(pairs.weight order by pairs.feature)
        ), 6) as distance
    from pairs
    cross join total_weight
    group by pairs.org_code, pairs.peer_code

),

final as (

    select
        *,
        row_number() over (partition by org_code order by distance, peer_code) as peer_rank,
        row_number() over (partition by org_code order by distance, peer_code)
        <= {{ var('value_peer_count', 10) }} as is_peer
    from distances

)

select * from final
