{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_periods_changed('period_end') }}",
    )
}}
{#-
    Equality counts over the reporting windows: each month ('month'), rolling 6 and 12 months
    ending at every month a monthly file covers ('rolling_6_months', 'rolling_12_months') and
    each annual file ('year'). Rolling windows sum numerators, denominators and their
    disclosure bounds over the months of the window that have data (never averaging rates):
    months_in_window counts the source's months in the window, org_months_in_window those in
    which the organisation published the metric. The published rate is kept where a window
    holds exactly one published row.
-#}
-- depends_on: {{ ref('int_maternity_periods_changed') }}
with

observations as (

    select * from {{ ref('int_equality_observations') }}
    where {{ in_periods_changed('period_end', 12) }}

),

rollups as (

    select * from {{ ref('int_equality_rollups') }}
    where {{ in_periods_changed('period_end', 12) }}

),

unioned as (

    select * from observations
    union all by name
    select * from rollups

),

monthly as (

    select * from unioned
    where source <> 'msds_annual'

),

window_lengths as (

    select
        lengths.window_months,
        lengths.period_grain
    from (
        values
        (1, 'month'),
        (6, 'rolling_6_months'),
        (12, 'rolling_12_months')
    ) as lengths (window_months, period_grain)

),

source_months as (

    select distinct
        source,
        period_start as month_start,
        period_end as month_end
    from monthly

),

windows as (

    select
        source_months.source,
        window_lengths.period_grain,
        window_lengths.window_months,
        cast(
            source_months.month_start - to_months(window_lengths.window_months - 1) as date
        ) as window_start,
        source_months.month_end as window_end
    from source_months
    cross join window_lengths

),

window_members as (

    -- the source months inside each window: a small range join of months with months, so the
    -- rows are then matched to their windows by equality (a hash join), not by range
    select
        windows.source,
        windows.period_grain,
        windows.window_months,
        windows.window_start,
        windows.window_end,
        source_months.month_start,
        source_months.month_end
    from windows
    inner join source_months
        on
            windows.source = source_months.source
            and windows.window_start <= source_months.month_start
            and windows.window_end >= source_months.month_end

),

window_months as (

    select
        source,
        period_grain,
        window_end,
        count(*) as months_in_window,
        min(month_start) as first_month_start
    from window_members
    group by source, period_grain, window_end

),

monthly_in_windows as (

    select
        window_members.period_grain,
        window_members.window_months,
        window_members.window_start,
        window_members.window_end,
        monthly.*
    from monthly
    inner join window_members
        on
            monthly.source = window_members.source
            and monthly.period_start = window_members.month_start
            and monthly.period_end = window_members.month_end

),

org_months as (

    select
        period_grain,
        window_end,
        source,
        org_level,
        org_code,
        metric,
        count(distinct period_start) as org_months_in_window
    from monthly_in_windows
    group by period_grain, window_end, source, org_level, org_code, metric

),

monthly_summed as (

    select
        period_grain,
        window_months,
        window_start as period_start,
        window_end as period_end,
        source,
        org_level,
        org_code,
        max(org_name) as org_name,
        metric,
        dimension,
        group_code,
        sum(numerator) as numerator,
        sum(numerator_lower) as numerator_lower,
        sum(numerator_upper) as numerator_upper,
        sum(denominator) as denominator,
        sum(denominator_lower) as denominator_lower,
        sum(denominator_upper) as denominator_upper,
        case when count(*) = 1 then max(published_rate) end as published_rate,
        bool_or(is_rounded) as is_rounded,
        bool_or(is_provisional) as is_provisional,
        max(n_low_data_quality_orgs) as n_low_data_quality_orgs,
        -- the list of every window's published codes is made in code_lists, only for the
        -- series whose codes differ between months: elsewhere it is this one value
        min(org_codes_published) as org_codes_published,
        max(n_org_codes_published) as n_org_codes_published
    from monthly_in_windows
    group by
        period_grain,
        window_months,
        window_start,
        window_end,
        source,
        org_level,
        org_code,
        metric,
        dimension,
        group_code

),

code_changing_series as (

    select
        source,
        org_level,
        org_code,
        metric,
        dimension,
        group_code
    from monthly
    group by source, org_level, org_code, metric, dimension, group_code
    having min(org_codes_published) <> max(org_codes_published)

),

code_changing_months as (

    select monthly.*
    from monthly
    inner join code_changing_series
        on
            monthly.source = code_changing_series.source
            and monthly.org_level = code_changing_series.org_level
            and monthly.org_code = code_changing_series.org_code
            and monthly.metric = code_changing_series.metric
            and monthly.dimension = code_changing_series.dimension
            and monthly.group_code = code_changing_series.group_code

),

code_lists as (

    -- the ordered list of the distinct published codes of a window (ordered string_agg is
    -- half this model's time when run on every window: 28 s against 14 s at 60 months)
    select
        window_members.period_grain,
        window_members.window_end,
        code_changing_months.source,
        code_changing_months.org_level,
        code_changing_months.org_code,
        code_changing_months.metric,
        code_changing_months.dimension,
        code_changing_months.group_code,
        string_agg(
            distinct code_changing_months.org_codes_published,
            ';' order by code_changing_months.org_codes_published
        ) as org_codes_published
    from code_changing_months
    inner join window_members
        on
            code_changing_months.source = window_members.source
            and code_changing_months.period_start = window_members.month_start
            and code_changing_months.period_end = window_members.month_end
    group by
        window_members.period_grain,
        window_members.window_end,
        code_changing_months.source,
        code_changing_months.org_level,
        code_changing_months.org_code,
        code_changing_months.metric,
        code_changing_months.dimension,
        code_changing_months.group_code

),

monthly_windowed as (

    select
        monthly_summed.* replace (
            coalesce(
                code_lists.org_codes_published, monthly_summed.org_codes_published
            ) as org_codes_published
        ),
        window_months.months_in_window,
        window_months.first_month_start,
        org_months.org_months_in_window
    from monthly_summed
    inner join window_months
        on
            monthly_summed.source = window_months.source
            and monthly_summed.period_grain = window_months.period_grain
            and monthly_summed.period_end = window_months.window_end
    left join code_lists
        on
            monthly_summed.source = code_lists.source
            and monthly_summed.period_grain = code_lists.period_grain
            and monthly_summed.period_end = code_lists.window_end
            and monthly_summed.org_level = code_lists.org_level
            and monthly_summed.org_code = code_lists.org_code
            and monthly_summed.metric = code_lists.metric
            and monthly_summed.dimension = code_lists.dimension
            and monthly_summed.group_code = code_lists.group_code
    inner join org_months
        on
            monthly_summed.source = org_months.source
            and monthly_summed.period_grain = org_months.period_grain
            and monthly_summed.period_end = org_months.window_end
            and monthly_summed.org_level = org_months.org_level
            and monthly_summed.org_code = org_months.org_code
            and monthly_summed.metric = org_months.metric

),

annual as (

    select
        'year' as period_grain,
        12 as window_months,
        12 as months_in_window,
        period_start as first_month_start,
        12 as org_months_in_window,
        *
    from unioned
    where source = 'msds_annual'

),

windowed as (

    select * from monthly_windowed
    union all by name
    select * from annual

),

final as (

    select
        period_grain,
        period_start,
        period_end,
        window_months,
        months_in_window,
        org_months_in_window,
        first_month_start,
        source,
        org_level,
        org_code,
        org_name,
        metric,
        dimension,
        group_code,
        numerator,
        numerator_lower,
        numerator_upper,
        denominator,
        denominator_lower,
        denominator_upper,
        published_rate,
        is_rounded,
        is_provisional,
        n_low_data_quality_orgs,
        org_codes_published,
        n_org_codes_published
    from windowed
    where {{ in_periods_changed('period_end') }}

)

select * from final
