-- The contributions of a domain's indicators add up to the domain score against peers.
with

drivers as (

    select
        org_code,
        fy_start_year,
        domain,
        sum(contribution_to_domain) as contributions
    from {{ ref('fct_value_index_drivers') }}
    where contribution_to_domain is not null
    group by org_code, fy_start_year, domain

),

domains as (

    select * from {{ ref('int_value_domain_scores') }}

)

select
    drivers.*,
    domains.z_peer
from drivers
inner join domains
    on
        drivers.org_code = domains.org_code
        and drivers.fy_start_year = domains.fy_start_year
        and drivers.domain = domains.domain
where abs(drivers.contributions - domains.z_peer) > 1e-5
