{{
    config(
        materialized='incremental',
        unique_key=['org_code', 'index_grain', 'period_start'],
        incremental_strategy='delete+insert',
        on_schema_change='fail',
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
        org_code,
        org_name,
        index_grain,
        period_start,
        period_end,
        period_label,
        births,
        measures_available,
        measures_scored,
        measures_excluded,
        coverage,
        composite_score,
        composite_z,
        risk_rank,
        risk_band,
        trend_class,
        trend_series_grain,
        trend_points,
        trend_slope_per_year,
        deteriorating_measures,
        improving_measures,
        excess_adverse_events_dedup as excess_adverse_events,
        excess_adverse_events_weighted_dedup as excess_adverse_events_weighted,
        excess_events_rank_dedup as excess_events_rank,
        system_risk_score,
        system_risk_rank,
        '{{ var("maternity_index_version") }}' as index_version
    from assembled

)

select * from final
