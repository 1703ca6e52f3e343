{#- The sums and flags of a rolling equality window over the monthly rows it holds (`held`:
    a column that is null on a month without a row): as window functions (over = 'over
    <window>') or as aggregates of a group by (over = ''). int_equality_windows. -#}
{% macro equality_window_sums(over='', held='month_held') -%}
    max(org_name) {{ over }} as org_name,
    sum(numerator) {{ over }} as numerator,
    sum(numerator_lower) {{ over }} as numerator_lower,
    sum(numerator_upper) {{ over }} as numerator_upper,
    sum(denominator) {{ over }} as denominator,
    sum(denominator_lower) {{ over }} as denominator_lower,
    sum(denominator_upper) {{ over }} as denominator_upper,
    case
        when count({{ held }}) {{ over }} = 1 then max(published_rate) {{ over }}
    end as published_rate,
    bool_or(is_rounded) {{ over }} as is_rounded,
    bool_or(is_provisional) {{ over }} as is_provisional,
    max(n_low_data_quality_orgs) {{ over }} as n_low_data_quality_orgs,
    -- the list of every window's published codes is made in code_lists, only for the series
    -- whose codes differ between months: elsewhere it is this one value
    min(org_codes_published) {{ over }} as org_codes_published,
    max(n_org_codes_published) {{ over }} as n_org_codes_published,
    count({{ held }}) {{ over }} as months_held
{%- endmacro %}

{#- A full build's rolling windows (6 and 12 months, rows with months_held): window
    functions over every month of each series from its first month to 11 months after its
    last, by calendar month (a range frame). Reads `monthly`, `source_months` and `series`. -#}
{% macro equality_rolling_by_frames() -%}
    with

    series_months as (

        -- every month of the source a window of the series may end at
        select
            series.source,
            series.org_level,
            series.org_code,
            series.metric,
            series.dimension,
            series.group_code,
            source_months.month_start,
            source_months.month_end,
            source_months.month_number
        from series
        inner join source_months
            on
                series.source = source_months.source
                and series.first_month_number <= source_months.month_number
                and source_months.month_number <= series.last_month_number + 11

    ),

    series_monthly as (

        select
            series_months.*,
            monthly.org_name,
            monthly.numerator,
            monthly.numerator_lower,
            monthly.numerator_upper,
            monthly.denominator,
            monthly.denominator_lower,
            monthly.denominator_upper,
            monthly.published_rate,
            monthly.is_rounded,
            monthly.is_provisional,
            monthly.n_low_data_quality_orgs,
            monthly.org_codes_published,
            monthly.n_org_codes_published,
            monthly.month_number as month_held
        from series_months
        left join monthly
            on
                series_months.source = monthly.source
                and series_months.org_level = monthly.org_level
                and series_months.org_code = monthly.org_code
                and series_months.metric = monthly.metric
                and series_months.dimension = monthly.dimension
                and series_months.group_code = monthly.group_code
                and series_months.month_number = monthly.month_number

    ),
    {% for length in [6, 12] %}
    rolling_{{ length }} as (

        select
            'rolling_{{ length }}_months' as period_grain,
            {{ length }} as window_months,
            cast(month_start - to_months({{ length - 1 }}) as date) as period_start,
            month_end as period_end,
            source,
            org_level,
            org_code,
            metric,
            dimension,
            group_code,
            {{ equality_window_sums('over last_months') }}
        from series_monthly
        window last_months as (
            partition by source, org_level, org_code, metric, dimension, group_code
            order by month_number range between {{ length - 1 }} preceding and current row
        )

    ),
    {% endfor %}

    windows_held as (

        select * from rolling_6
        union all
        select * from rolling_12

    )

    select * from windows_held
    where months_held > 0
{%- endmacro %}

{#- An incremental run's rolling windows (6 and 12 months): each window ending in a period the
    run rebuilds, joined to the monthly rows it holds. Reads `monthly` and `source_months`. -#}
{% macro equality_rolling_by_join() -%}
    {% for length in [6, 12] %}
    {% if not loop.first %}union all{% endif %}
    select
        'rolling_{{ length }}_months' as period_grain,
        {{ length }} as window_months,
        cast(window_end_months.month_start - to_months({{ length - 1 }}) as date) as period_start,
        window_end_months.month_end as period_end,
        monthly.source,
        monthly.org_level,
        monthly.org_code,
        monthly.metric,
        monthly.dimension,
        monthly.group_code,
        {{ equality_window_sums(held='monthly.month_number') }}
    from source_months as window_end_months
    inner join monthly
        on
            window_end_months.source = monthly.source
            and window_end_months.month_number - {{ length }} < monthly.month_number
            and window_end_months.month_number >= monthly.month_number
    where {{ in_periods_changed('window_end_months.month_end') }}
    group by
        window_end_months.month_start,
        window_end_months.month_end,
        monthly.source,
        monthly.org_level,
        monthly.org_code,
        monthly.metric,
        monthly.dimension,
        monthly.group_code
    {% endfor %}
{%- endmacro %}
