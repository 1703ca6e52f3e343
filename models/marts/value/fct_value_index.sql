with

computed as (

    select * from {{ ref('int_value_index_computed') }}

),

drivers as (

    select * from {{ ref('int_value_index_drivers') }}

),

successors as (

    select * from {{ ref('int_ods_successors_resolved') }}

),

top_drivers as (

    select
        org_code,
        fy_start_year,
        string_agg(
            indicator_code || ' z ' || printf('%+.1f', z_peer), '; ' order by driver_rank
        ) filter (where driver_rank <= 3) as top_drivers,
        string_agg(
            indicator_code || ' ' || printf('%+.2f', contribution_change), '; '
            order by movement_rank
        ) filter (where movement_rank <= 2) as main_movements
    from drivers
    group by org_code, fy_start_year

),

ranked as (

    select
        computed.*,
        case
            when computed.value_index is not null
                then rank() over (
                    partition by computed.fy_start_year, computed.value_index is null
                    order by computed.value_index desc
                )
        end as value_rank,
        count(computed.value_index) over (partition by computed.fy_start_year)
            as trusts_ranked,
        lag(computed.value_index) over (
            partition by computed.org_code order by computed.fy_start_year
        ) as previous_value_index
    from computed

),

final as (

    select
        ranked.org_code,
        coalesce(successors.current_code, ranked.org_code) as current_code,
        ranked.org_name,
        ranked.fy_start_year,
        ranked.financial_year,
        ranked.is_specialist,
        ranked.operating_cost_gbp,
        ranked.admissions,
        ranked.cost_per_admission,
        ranked.productivity,
        ranked.peer_median_productivity,
        ranked.quality_z_england,
        ranked.quality_z_peer,
        ranked.quality_adjusted_z_peer as quality_deprivation_adjusted_z_peer,
        ranked.quality_coverage,
        ranked.quality_missing,
        ranked.cost_z_england,
        ranked.cost_z_peer,
        ranked.equity_z_england,
        ranked.equity_z_peer,
        coalesce(ranked.quality_available, false) as quality_available,
        coalesce(ranked.cost_available, false) as cost_available,
        coalesce(ranked.equity_available, false) as equity_available,
        ranked.quality_multiplier,
        ranked.peers_scored,
        ranked.value_index,
        ranked.value_index_deprivation_adjusted,
        ranked.value_rank,
        ranked.trusts_ranked,
        case
            when ranked.value_index is null then 'not scored'
            when ranked.value_index >= {{ var('value_band_upper', 110) }}
                then 'higher value than peers'
            when ranked.value_index <= {{ var('value_band_lower', 90) }}
                then 'lower value than peers'
            else 'similar to peers'
        end as value_band,
        ranked.value_status_reason,
        ranked.value_index - ranked.previous_value_index as value_index_change,
        top_drivers.top_drivers,
        top_drivers.main_movements,
        '{{ var("value_index_version", "1.0") }}' as index_version
    from ranked
    left join successors
        on ranked.org_code = successors.org_code
    left join top_drivers
        on
            ranked.org_code = top_drivers.org_code
            and ranked.fy_start_year = top_drivers.fy_start_year

)

select * from final
