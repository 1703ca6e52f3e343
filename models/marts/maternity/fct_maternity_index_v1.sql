{{
    config(
        materialized='incremental',
        unique_key=['org_code', 'index_grain', 'period_start'],
        incremental_strategy='delete+insert',
        on_schema_change='fail',
    )
}}

{#- Version 1 (deprecated, see the model's deprecation_date): excess adverse events count
    every outcome measure, so overlapping measures count the same events more than once. -#}
with

assembled as (

    select * from {{ ref('int_maternity_index_assembled') }}

),

final as (

    select
        {{ maternity_index_unchanged_columns() }}
        excess_adverse_events,
        excess_adverse_events_weighted,
        excess_events_rank,
        '1.0' as index_version
    from assembled

)

select * from final
