{#-
    What drives each trust's position: every indicator's oriented z-score against its peers and
    its contribution to its domain score (weight x z_peer / weight of the domain's indicators
    with a peer z), ranked by size; and the movement from the previous year (change in the
    contribution), ranked by size, which explains the change of the domain scores.
    Grain: one row per org_code, fy_start_year and indicator_code.
-#}
with

scored as (

    select * from {{ ref('int_value_indicators_scored') }}

),

with_contribution as (

    select
        *,
        weight * z_peer / nullif(
            sum(weight order by indicator_code) filter (where z_peer is not null) over (
                partition by org_code, fy_start_year, domain
            ),
            0
        ) as contribution_to_domain
    from scored

),

with_previous as (

    select
        *,
        lag(indicator_value) over previous_year as previous_value,
        lag(z_peer) over previous_year as previous_z_peer,
        lag(contribution_to_domain) over previous_year as previous_contribution,
        lag(fy_start_year) over previous_year as previous_fy_start_year
    from with_contribution
    window previous_year as (partition by org_code, indicator_code order by fy_start_year)

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
        case
            when previous_fy_start_year = fy_start_year - 1 then previous_value
        end as previous_value,
        case
            when previous_fy_start_year = fy_start_year - 1
                then contribution_to_domain - previous_contribution
        end as contribution_change,
        case
            when contribution_to_domain is not null
                then row_number() over (
                    partition by org_code, fy_start_year
                    order by abs(contribution_to_domain) desc nulls last, indicator_code
                )
        end as driver_rank,
        case
            when
                previous_fy_start_year = fy_start_year - 1
                and contribution_to_domain - previous_contribution is not null
                then row_number() over (
                    partition by org_code, fy_start_year
                    order by
                        abs(
                            case
                                when previous_fy_start_year = fy_start_year - 1
                                    then contribution_to_domain - previous_contribution
                            end
                        ) desc nulls last,
                        indicator_code
                )
        end as movement_rank
    from with_previous

)

select * from final
