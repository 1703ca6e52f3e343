with

drivers as (

    select * from {{ ref('int_value_index_drivers') }}

),

final as (

    select
        org_code,
        fy_start_year,
        financial_year,
        indicator_code,
        domain,
        direction,
        weight,
        indicator_value,
        england_trusts,
        england_mean,
        england_sd,
        peers_with_value,
        peer_mean,
        peer_median,
        z_england,
        z_peer,
        z_peer_missing_reason,
        contribution_to_domain,
        previous_value,
        contribution_change,
        driver_rank,
        movement_rank
    from drivers

)

select * from final
