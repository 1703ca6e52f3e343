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
    A series (source, organisation, metric, dimension, group) has a rolling window at every
    month of its source that holds one of its months. A full build computes them as window
    functions over the series' months, each month a row, by calendar month (a range frame):
    7.4-8.7 s at 60 months, alone, against 9-10.5 s for the join below, whose rows (every
    monthly row in each of its 18 windows) were materialised. An incremental run joins each new window end to
    the monthly rows it holds: the frames would compute every window of the 12 months read
    back only to keep the new ones (2.3 s against 0.5 s for a month added at 60 months).
    test_incremental checks the two give the same table.
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

    select
        *,
        {{ month_number('period_start') }} as month_number
    from unioned
    where source <> 'msds_annual'

),

source_months as (

    select distinct
        source,
        period_start as month_start,
        period_end as month_end,
        month_number
    from monthly

),

source_windows as (

    select
        source,
        month_end as window_end,
        count(*) over last_6 as months_in_6,
        min(month_start) over last_6 as first_month_start_6,
        count(*) over last_12 as months_in_12,
        min(month_start) over last_12 as first_month_start_12
    from source_months
    window
        last_6 as (
            partition by source order by month_number range between 5 preceding and current row
        ),
        last_12 as (
            partition by source order by month_number range between 11 preceding and current row
        )

),

org_metric_months as (

    select distinct
        source,
        org_level,
        org_code,
        metric,
        month_number
    from monthly

),

org_metric_spans as (

    select
        source,
        org_level,
        org_code,
        metric,
        min(month_number) as first_month_number,
        max(month_number) as last_month_number
    from org_metric_months
    group by source, org_level, org_code, metric

),

org_metric_windows as (

    select
        org_metric_spans.source,
        org_metric_spans.org_level,
        org_metric_spans.org_code,
        org_metric_spans.metric,
        source_months.month_end as window_end,
        source_months.month_number,
        org_metric_months.month_number as month_held
    from org_metric_spans
    inner join source_months
        on
            org_metric_spans.source = source_months.source
            and org_metric_spans.first_month_number <= source_months.month_number
            and org_metric_spans.last_month_number + 11 >= source_months.month_number
    left join org_metric_months
        on
            org_metric_spans.source = org_metric_months.source
            and org_metric_spans.org_level = org_metric_months.org_level
            and org_metric_spans.org_code = org_metric_months.org_code
            and org_metric_spans.metric = org_metric_months.metric
            and source_months.month_number = org_metric_months.month_number

),

org_months as (

    select
        source,
        org_level,
        org_code,
        metric,
        window_end,
        count(month_held) over last_6 as org_months_in_6,
        count(month_held) over last_12 as org_months_in_12
    from org_metric_windows
    window
        last_6 as (
            partition by source, org_level, org_code, metric
            order by month_number range between 5 preceding and current row
        ),
        last_12 as (
            partition by source, org_level, org_code, metric
            order by month_number range between 11 preceding and current row
        )

),

series as (

    -- each series' first and last month (the frames' span) and whether its published codes
    -- differ between months (then code_lists makes each window's list)
    select
        source,
        org_level,
        org_code,
        metric,
        dimension,
        group_code,
        min(month_number) as first_month_number,
        max(month_number) as last_month_number,
        min(org_codes_published) <> max(org_codes_published) as codes_change
    from monthly
    group by source, org_level, org_code, metric, dimension, group_code

),

code_changing_series as (

    select * from series
    where codes_change

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

window_ends as (

    select
        source_months.source,
        source_months.month_end as window_end,
        source_months.month_number as end_month_number,
        lengths.window_months,
        lengths.period_grain
    from source_months
    cross join (
        values (6, 'rolling_6_months'), (12, 'rolling_12_months')
    ) as lengths (window_months, period_grain)

),

code_lists as (

    -- the ordered list of the distinct published codes of a window (ordered string_agg is
    -- half this model's time when run on every window: 28 s against 14 s at 60 months)
    select
        window_ends.period_grain,
        window_ends.window_end,
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
    inner join window_ends
        on
            code_changing_months.source = window_ends.source
            and code_changing_months.month_number <= window_ends.end_month_number
            and code_changing_months.month_number
            > window_ends.end_month_number - window_ends.window_months
    group by
        window_ends.period_grain,
        window_ends.window_end,
        code_changing_months.source,
        code_changing_months.org_level,
        code_changing_months.org_code,
        code_changing_months.metric,
        code_changing_months.dimension,
        code_changing_months.group_code

),

rolling as (

    {{ equality_rolling_by_join() if rebuilds_changed_periods_only()
        else equality_rolling_by_frames() }}

),

rolling_windowed as (

    select
        rolling.* exclude (rolling.months_held) replace (
            coalesce(
                code_lists.org_codes_published, rolling.org_codes_published
            ) as org_codes_published
        ),
        case rolling.window_months
            when 6 then source_windows.months_in_6
            else source_windows.months_in_12
        end as months_in_window,
        case rolling.window_months
            when 6 then source_windows.first_month_start_6
            else source_windows.first_month_start_12
        end as first_month_start,
        case rolling.window_months
            when 6 then org_months.org_months_in_6
            else org_months.org_months_in_12
        end as org_months_in_window
    from rolling
    inner join source_windows
        on
            rolling.source = source_windows.source
            and rolling.period_end = source_windows.window_end
    left join code_lists
        on
            rolling.source = code_lists.source
            and rolling.period_grain = code_lists.period_grain
            and rolling.period_end = code_lists.window_end
            and rolling.org_level = code_lists.org_level
            and rolling.org_code = code_lists.org_code
            and rolling.metric = code_lists.metric
            and rolling.dimension = code_lists.dimension
            and rolling.group_code = code_lists.group_code
    inner join org_months
        on
            rolling.source = org_months.source
            and rolling.period_end = org_months.window_end
            and rolling.org_level = org_months.org_level
            and rolling.org_code = org_months.org_code
            and rolling.metric = org_months.metric

),

single_months as (

    -- a month is a window of one month: its one row
    select
        'month' as period_grain,
        1 as window_months,
        1 as months_in_window,
        period_start as first_month_start,
        1 as org_months_in_window,
        * exclude (month_number)
    from monthly

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

    select * from rolling_windowed
    union all by name
    select * from single_months
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
