{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_index_periods_changed() }}",
    )
}}
{#-
    Excess adverse events against England per trust and index period, two ways:
    - every scored outcome measure (index v1): overlapping measures count the same events
      more than once (two Apgar definitions; preterm under 37 weeks includes under 32 weeks);
    - each family of overlapping measures once (index v2): the scored member with the lowest
      family_priority in seed maternity_excess_event_families; an outcome measure in no
      family is a family of its own.
    Sums run in measure order, so the same inputs give the same last bits in every build.
    Per measure: (trust rate - England rate) / rate_scale x denominator x direction; the
    weighted totals multiply each by weight / mean outcome weight. MBRRACE stabilised rates
    are model estimates, not counts, and never count.
-#}
-- depends_on: {{ ref('int_maternity_periods_changed') }}
with

scored as (

    select * from {{ ref('int_maternity_measure_scored') }}
    where {{ in_periods_changed('index_end') }}

),

measures as (

    select * from {{ ref('maternity_measures') }}

),

families as (

    select * from {{ ref('maternity_excess_event_families') }}

),

mean_outcome_weight as (

    select avg(weight order by measure_code) as mean_weight
    from measures
    where domain = 'outcome'

),

per_measure as (

    select
        scored.index_grain,
        scored.index_start,
        scored.org_code,
        scored.measure_code,
        coalesce(families.event_family, scored.measure_code) as event_family,
        coalesce(families.family_priority, 1) as family_priority,
        scored.weight,
        mean_outcome_weight.mean_weight,
        {{ excess_events('scored', 'measures') }} as excess_events
    from scored
    inner join measures
        on scored.measure_code = measures.measure_code
    left join families
        on scored.measure_code = families.measure_code
    cross join mean_outcome_weight
    where
        scored.is_scored
        and scored.domain = 'outcome'
        and measures.source_kind <> 'mbrrace_stabilised'

),

family_counted as (

    select
        *,
        excess_events * weight / mean_weight as excess_events_weighted,
        row_number() over (
            partition by index_grain, index_start, org_code, event_family
            order by family_priority, measure_code
        ) = 1 as is_family_counted
    from per_measure

),

final as (

    select
        index_grain,
        index_start,
        org_code,
        count(*) as outcome_measures_counted,
        sum(excess_events order by measure_code) as excess_adverse_events,
        sum(excess_events_weighted order by measure_code) as excess_adverse_events_weighted,
        count(*) filter (where is_family_counted) as event_families_counted,
        sum(excess_events order by measure_code)
        filter (where is_family_counted) as excess_adverse_events_dedup,
        sum(excess_events_weighted order by measure_code)
        filter (where is_family_counted) as excess_adverse_events_weighted_dedup
    from family_counted
    group by index_grain, index_start, org_code

)

select * from final
