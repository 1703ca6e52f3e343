{#-
    The value index indicators in long form, as measured (not yet scored): quality (SHMI, RTT
    within 18 weeks, A&E within 4 hours, CQC overall rating in force), cost (cost per admission
    and its change from the previous year), catchment deprivation (used by the deprivation
    adjustment) and the population-need index (equity). A missing input has no
    row. Grain: one row per org_code, fy_start_year and indicator_code.
-#}
{%- set indicators = [
    ('shmi_value', 'SHMI'),
    ('rtt_share_within_18_weeks', 'RTT_18_WEEKS'),
    ('ae_share_within_4_hours', 'AE_4_HOURS'),
    ('cqc_overall_score', 'CQC_OVERALL'),
    ('cost_per_admission', 'COST_PER_ADMISSION'),
    ('cost_growth', 'COST_GROWTH'),
    ('catchment_imd_score', 'CATCHMENT_DEPRIVATION'),
    ('population_need_index', 'POPULATION_NEED'),
] -%}

with

trust_years as (

    select * from {{ ref('int_value_trust_years') }}

),

successors as (

    select * from {{ ref('int_ods_successors_resolved') }}

),

catchment as (

    select * from {{ ref('int_value_catchment_deprivation') }}

),

need as (

    select * from {{ ref('int_value_population_need') }}

),

with_growth as (

    select
        trust_years.*,
        trust_years.cost_per_admission / lag(trust_years.cost_per_admission) over (
            partition by trust_years.org_code order by trust_years.fy_start_year
        ) - 1 as cost_growth,
        catchment.catchment_imd_score,
        need.population_need_index
    from trust_years
    left join successors
        on trust_years.org_code = successors.org_code
    left join catchment
        on coalesce(successors.current_code, trust_years.org_code) = catchment.trust_code
    left join need
        on
            trust_years.org_code = need.org_code
            and trust_years.fy_start_year = need.fy_start_year

),

long as (

    {% for column, code in indicators %}
        select
            org_code,
            fy_start_year,
            financial_year,
            '{{ code }}' as indicator_code,
            {{ column }} as indicator_value
        from with_growth
        {% if not loop.last %}union all by name{% endif %}
    {% endfor %}

),

final as (

    select
        org_code,
        fy_start_year,
        financial_year,
        indicator_code,
        cast(indicator_value as double) as indicator_value
    from long
    where indicator_value is not null

)

select * from final
