{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_periods_changed('period_end') }}",
    )
}}
{#-
    Groupings the Equalities dashboard lacks, built from provider rows by summing numerators,
    denominators and their disclosure bounds (never by averaging rates):
    'England (sum of providers)' (every provider), 'ICB / LMS (sum of trusts)' (trust -> ICB
    from ODS etr; the code equals the MSDS Local Maternity System code) and
    'Trust group (user list)' (seed or var). Same columns as int_equality_observations.
-#}
-- depends_on: {{ ref('int_maternity_periods_changed') }}
with

observations as (

    select * from {{ ref('int_equality_observations') }}
    where {{ in_periods_changed('period_end') }}

),

trust_groups as (

    select * from {{ ref('int_equality_trust_groups') }}

),

providers as (

    select * from observations
    where org_level = 'Provider'

),

england_members as (

    select
        'England (sum of providers)' as org_level,
        'ENG' as org_code,
        'ENGLAND (SUM OF PROVIDER ROWS)' as org_name,
        providers.* exclude (org_level, org_code, org_name)
    from providers

),

group_members as (

    select
        case trust_groups.group_type
            when 'icb' then 'ICB / LMS (sum of trusts)'
            else 'Trust group (user list)'
        end as org_level,
        trust_groups.group_code as org_code,
        upper(trust_groups.group_name) as org_name,
        providers.* exclude (org_level, org_code, org_name)
    from providers
    inner join trust_groups
        on providers.org_code = trust_groups.org_code

),

members as (

    select * from england_members
    union all by name
    select * from group_members

),

final as (

    select
        source,
        org_level,
        org_code,
        min(org_name) as org_name,
        period_start,
        period_end,
        metric,
        dimension,
        group_code,
        sum(numerator) as numerator,
        sum(numerator_lower) as numerator_lower,
        sum(numerator_upper) as numerator_upper,
        sum(denominator) as denominator,
        sum(denominator_lower) as denominator_lower,
        sum(denominator_upper) as denominator_upper,
        cast(null as double) as published_rate,
        bool_or(is_rounded) as is_rounded,
        bool_or(is_provisional) as is_provisional,
        sum(n_low_data_quality_orgs) as n_low_data_quality_orgs,
        string_agg(org_codes_published, ';' order by org_codes_published)
            as org_codes_published,
        sum(n_org_codes_published) as n_org_codes_published
    from members
    group by
        source,
        org_level,
        org_code,
        period_start,
        period_end,
        metric,
        dimension,
        group_code

)

select * from final
