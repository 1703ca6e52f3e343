{{
    config(
        materialized='incremental',
        unique_key=['org_code', 'index_grain', 'period_start'],
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        full_refresh=false,
    )
}}

{#- Version 2 (latest): excess adverse events count each family of overlapping outcome
    measures once (seed maternity_excess_event_families). -#}
with

assembled as (

    select * from {{ ref('int_maternity_index_assembled') }}

),

final as (

    select
        {{ maternity_index_unchanged_columns() }}
        excess_adverse_events_dedup as excess_adverse_events,
        excess_adverse_events_weighted_dedup as excess_adverse_events_weighted,
        excess_events_rank_dedup as excess_events_rank,
        '{{ var("maternity_index_version") }}' as index_version
    from assembled

)

select * from final
