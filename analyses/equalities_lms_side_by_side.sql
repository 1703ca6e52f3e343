{#-
    For one local maternity system (var equalities_lms, default QOP Greater Manchester; MSDS
    publishes LMS rows under ICB codes), each trust's ethnicity and deprivation profile, the
    LMS as published, the LMS summed from its trusts and England side by side, latest
    exp-data rolling 12 months and latest annual year; then continuity of carer by group with
    the gaps to the reference group and to England. Trusts belong to the LMS through the ICB
    of their current ODS record (int_equality_trust_groups, group_type icb).
-#}
{%- set lms_code = var('equalities_lms', 'QOP') %}

with

profile as (

    select * from {{ ref('fct_maternity_population_profile') }}

),

equalities as (

    select * from {{ ref('fct_maternity_equalities') }}

),

trust_groups as (

    select * from {{ ref('int_equality_trust_groups') }}

),

members as (

    select org_code from trust_groups
    where group_type = 'icb' and group_code = '{{ lms_code }}'

),

latest as (

    select
        source,
        max(period_end) as period_end
    from profile
    group by source

),

profile_rows as (

    select
        profile.data_period_label,
        profile.dimension,
        profile.group_type,
        profile.group_label,
        profile.org_level,
        profile.org_code,
        profile.org_name,
        profile.trust_type,
        profile.share_pct,
        profile.share_lower_pct,
        profile.share_upper_pct,
        profile.england_share_pct,
        profile.share_gap_to_england_pp,
        profile.dimension_completeness_pct,
        profile.suppression_reason,
        profile.has_merger_in_period
    from profile
    inner join latest
        on profile.source = latest.source and profile.period_end = latest.period_end
    where
        profile.period_grain in ('rolling_12_months', 'year')
        and (
            (
                profile.org_level = 'Provider'
                and profile.org_code in (select members.org_code from members)
            )
            or (
                profile.org_level in ('Local Maternity System', 'ICB / LMS (sum of trusts)')
                and profile.org_code = '{{ lms_code }}'
            )
            or profile.org_level = 'National'
        )
        and profile.group_type in ('ethnic_group', 'imd_quintile', 'completeness')

),

coc_rows as (

    select
        equalities.data_period_label,
        equalities.metric,
        equalities.dimension,
        equalities.group_label,
        equalities.org_level,
        equalities.org_code,
        equalities.org_name,
        equalities.numerator,
        equalities.denominator,
        equalities.rate_pct,
        equalities.rate_lower_pct,
        equalities.rate_upper_pct,
        equalities.gap_to_reference_pp,
        equalities.gap_to_reference_excludes_zero,
        equalities.england_rate_pct,
        equalities.gap_to_england_pp,
        equalities.gap_to_england_excludes_zero,
        equalities.suppression_reason,
        equalities.sii_pp,
        equalities.rii
    from equalities
    where
        equalities.period_grain = 'rolling_12_months'
        and (
            (
                equalities.org_level = 'Provider'
                and equalities.org_code in (select members.org_code from members)
            )
            or (
                equalities.org_level in ('Local Maternity System', 'ICB / LMS (sum of trusts)')
                and equalities.org_code = '{{ lms_code }}'
            )
            or equalities.org_level = 'National'
        )

),

final as (

    select
        'profile' as part,
        data_period_label,
        dimension,
        group_label,
        org_level,
        org_code,
        org_name,
        share_pct as value_pct,
        share_lower_pct as lower_pct,
        share_upper_pct as upper_pct,
        england_share_pct as england_pct,
        share_gap_to_england_pp as gap_to_england_pp,
        cast(null as double) as gap_to_reference_pp,
        suppression_reason
    from profile_rows
    union all
    select
        'coc ' || metric as part,
        data_period_label,
        dimension,
        group_label,
        org_level,
        org_code,
        org_name,
        rate_pct as value_pct,
        rate_lower_pct as lower_pct,
        rate_upper_pct as upper_pct,
        england_rate_pct as england_pct,
        gap_to_england_pp,
        gap_to_reference_pp,
        suppression_reason
    from coc_rows

)

select * from final
order by part, data_period_label, dimension, group_label, org_level, org_code
