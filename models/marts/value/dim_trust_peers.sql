with

distances as (

    select * from {{ ref('int_value_peer_distances') }}

),

trusts as (

    select distinct
        org_code,
        org_name
    from {{ ref('int_value_trust_years') }}

),

final as (

    select
        distances.org_code,
        trusts.org_name,
        distances.peer_rank,
        distances.peer_code,
        peer_trusts.org_name as peer_name,
        distances.distance,
        distances.features_compared,
        distances.weight_compared
    from distances
    inner join trusts
        on distances.org_code = trusts.org_code
    inner join trusts as peer_trusts
        on distances.peer_code = peer_trusts.org_code
    where distances.is_peer

)

select * from final
