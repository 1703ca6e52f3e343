{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_periods_changed('period_end') }}",
    )
}}
{#-
    What a reader needs so as not to compare unlike with unlike, per organisation and window:
    trust type and MBRRACE-UK comparator group (providers), the ICB, whether a merger took
    effect inside the window (ODS successions: a predecessor of the current code succeeded
    between period_start and period_end, or a merger date in the trust register), whether the
    figures combine codes published separately (merged later: history continues under the
    successor) and the data period label. For trust sets (ICB sums, user lists, England from
    providers) the merger flag is true when any member trust had a merger in the window.
-#}
-- depends_on: {{ ref('int_maternity_periods_changed') }}
with

windows as (

    select * from {{ ref('int_equality_windows') }}
    where {{ in_periods_changed('period_end') }}

),

trust_context as (

    select * from {{ ref('int_equality_trust_context') }}

),

trust_groups as (

    select * from {{ ref('int_equality_trust_groups') }}

),

successors as (

    select * from {{ ref('int_ods_successors_resolved') }}

),

org_windows as (

    select
        period_grain,
        period_start,
        period_end,
        source,
        org_level,
        org_code,
        max(months_in_window) as months_in_window,
        min(first_month_start) as first_month_start,
        bool_or(is_provisional) as is_provisional,
        max(n_org_codes_published) as n_org_codes_published,
        string_agg(distinct org_codes_published, ';' order by org_codes_published)
            as org_codes_published
    from windows
    group by period_grain, period_start, period_end, source, org_level, org_code

),

trust_mergers as (

    select
        successors.current_code as org_code,
        successors.org_code as predecessor_code,
        successors.successor_effective_date as merger_date
    from successors
    where
        successors.current_code <> successors.org_code
        and successors.successor_effective_date is not null
    union all
    select
        org_code,
        register_predecessor_codes as predecessor_code,
        register_merger_date as merger_date
    from trust_context
    where register_merger_date is not null

),

provider_mergers_in_window as (

    select
        org_windows.period_grain,
        org_windows.period_end,
        org_windows.source,
        org_windows.org_code,
        -- ordered (a merger date shared by two predecessors would otherwise list them in
        -- arrival order, which differs between a full and an incremental build)
        string_agg(
            distinct trust_mergers.predecessor_code || ' on ' || trust_mergers.merger_date,
            '; '
            order by trust_mergers.predecessor_code || ' on ' || trust_mergers.merger_date
        ) as mergers_in_period
    from org_windows
    inner join trust_mergers
        on
            org_windows.org_code = trust_mergers.org_code
            and trust_mergers.merger_date
            between org_windows.period_start and org_windows.period_end
    where org_windows.org_level = 'Provider'
    group by
        org_windows.period_grain, org_windows.period_end, org_windows.source, org_windows.org_code

),

group_mergers_in_window as (

    select
        provider_mergers_in_window.period_grain,
        provider_mergers_in_window.period_end,
        provider_mergers_in_window.source,
        case trust_groups.group_type
            when 'icb' then 'ICB / LMS (sum of trusts)'
            else 'Trust group (user list)'
        end as org_level,
        trust_groups.group_code as org_code,
        string_agg(
            trust_groups.org_code || ': ' || provider_mergers_in_window.mergers_in_period, '; '
            order by trust_groups.org_code
        ) as mergers_in_period
    from provider_mergers_in_window
    inner join trust_groups
        on provider_mergers_in_window.org_code = trust_groups.org_code
    group by all

),

england_mergers_in_window as (

    select
        period_grain,
        period_end,
        source,
        'England (sum of providers)' as org_level,
        'ENG' as org_code,
        string_agg(org_code || ': ' || mergers_in_period, '; ' order by org_code)
            as mergers_in_period
    from provider_mergers_in_window
    group by period_grain, period_end, source

),

mergers_in_window as (

    select
        period_grain,
        period_end,
        source,
        'Provider' as org_level,
        org_code,
        mergers_in_period
    from provider_mergers_in_window
    union all by name
    select * from group_mergers_in_window
    union all by name
    select * from england_mergers_in_window

),

final as (

    select
        org_windows.period_grain,
        org_windows.period_start,
        org_windows.period_end,
        org_windows.source,
        org_windows.org_level,
        org_windows.org_code,
        org_windows.months_in_window,
        case
            when org_windows.period_grain = 'year'
                then
                    'financial year ' || strftime(org_windows.period_start, '%Y') || '-'
                    || strftime(org_windows.period_end, '%y')
            else
                strftime(org_windows.first_month_start, '%b %Y') || ' to '
                || strftime(org_windows.period_end, '%b %Y') || ' ('
                || org_windows.months_in_window || ' of '
                || case org_windows.period_grain
                    when 'rolling_12_months' then '12'
                    when 'rolling_6_months' then '6'
                    else '1'
                end || ' months with data)'
        end
        || case when org_windows.is_provisional then ', provisional' else '' end
            as data_period_label,
        org_windows.is_provisional,
        trust_context.trust_type,
        trust_context.comparator_group_name,
        trust_context.icb_code,
        trust_context.icb_name,
        case
            when
                org_windows.org_level in (
                    'Provider', 'ICB / LMS (sum of trusts)', 'Trust group (user list)',
                    'England (sum of providers)'
                )
                then mergers_in_window.mergers_in_period is not null
        end as has_merger_in_period,
        mergers_in_window.mergers_in_period,
        org_windows.org_level = 'Provider' and org_windows.n_org_codes_published > 1
            as combines_predecessor_codes,
        org_windows.org_codes_published
    from org_windows
    left join trust_context
        on
            org_windows.org_code = trust_context.org_code
            and org_windows.org_level = 'Provider'
    left join mergers_in_window
        on
            org_windows.period_grain = mergers_in_window.period_grain
            and org_windows.period_end = mergers_in_window.period_end
            and org_windows.source = mergers_in_window.source
            and org_windows.org_level = mergers_in_window.org_level
            and org_windows.org_code = mergers_in_window.org_code

)

select * from final
