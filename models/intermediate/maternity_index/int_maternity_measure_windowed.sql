{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_periods_changed('index_end') }}",
    )
}}
{#-
    Every measure for every trust and index period, over the measure's rolling window:
    - a monthly index period M sums numerators and denominators over the months M-w+1..M that
      the files hold (w = the measure's rolling_window_months; never an average of rates), and
      records how many months were found;
    - an annual index period is the financial year of the annual file;
    - MBRRACE-UK (calendar years of births) gives the financial year starting in that calendar
      year (2023 -> 2023-24), and the monthly index its latest year ending within 24 months.
    A measure is excluded for a trust and period, with the reason, when its numerator is
    suppressed or not submitted, its denominator is under the measure's minimum, or its rate
    falls outside the measure's authored plausibility band (a recording problem, in the spirit
    of the CQIM data-quality bands; the seed gives the reason for each band).
-#}
-- depends_on: {{ ref('int_maternity_periods_changed') }}
with

counts as (

    select * from {{ ref('int_maternity_measure_counts') }}
    where {{ in_periods_changed('period_end', 36) }}

),

measures as (

    select * from {{ ref('maternity_measures') }}

),

monthly_index as (

    select distinct
        period_start as index_start,
        last_day(period_start) as index_end
    from counts
    where period_grain = 'month'

),

annual_index as (

    select distinct
        period_start as index_start,
        period_end as index_end
    from counts
    where period_grain = 'year'

),

monthly_windows as (

    select
        'month' as index_grain,
        monthly_index.index_start,
        monthly_index.index_end,
        counts.measure_code,
        counts.org_code,
        sum(counts.numerator) as numerator,
        sum(counts.denominator) as denominator,
        sum(counts.numerator_lower) as numerator_lower,
        sum(counts.numerator_upper) as numerator_upper,
        sum(counts.denominator_lower) as denominator_lower,
        sum(counts.denominator_upper) as denominator_upper,
        max(counts.continuous_value) as continuous_value,
        bool_or(counts.is_suppressed) as is_suppressed,
        bool_or(counts.is_rounded) as is_rounded,
        min(counts.period_start) as window_start,
        max(counts.period_end) as window_end,
        count(distinct counts.period_start) as months_in_window
    from monthly_index
    cross join measures
    inner join counts
        on
            measures.measure_code = counts.measure_code
            and counts.period_grain = 'month'
            and monthly_index.index_start >= counts.period_start
            and counts.period_start
            > monthly_index.index_start - to_months(measures.rolling_window_months)
    group by all

),

annual_windows as (

    -- the financial year of the annual files, and MBRRACE-UK's calendar year starting in it
    select
        'year' as index_grain,
        annual_index.index_start,
        annual_index.index_end,
        counts.measure_code,
        counts.org_code,
        counts.numerator,
        counts.denominator,
        counts.numerator_lower,
        counts.numerator_upper,
        counts.denominator_lower,
        counts.denominator_upper,
        counts.continuous_value,
        counts.is_suppressed,
        counts.is_rounded,
        counts.period_start as window_start,
        counts.period_end as window_end,
        12 as months_in_window
    from annual_index
    inner join counts
        on
            (
                counts.period_grain = 'year'
                and annual_index.index_start = counts.period_start
            )
            or (
                counts.period_grain = 'calendar_year'
                and year(counts.period_start) = year(annual_index.index_start)
            )

),

mbrrace_monthly as (

    select
        'month' as index_grain,
        monthly_index.index_start,
        monthly_index.index_end,
        counts.measure_code,
        counts.org_code,
        counts.numerator,
        counts.denominator,
        counts.numerator_lower,
        counts.numerator_upper,
        counts.denominator_lower,
        counts.denominator_upper,
        counts.continuous_value,
        counts.is_suppressed,
        counts.is_rounded,
        counts.period_start as window_start,
        counts.period_end as window_end,
        12 as months_in_window
    from monthly_index
    inner join counts
        on
            counts.period_grain = 'calendar_year'
            and monthly_index.index_start > counts.period_end
            and counts.period_end >= monthly_index.index_start - interval 24 month
    qualify
        row_number() over (
            partition by monthly_index.index_start, counts.measure_code, counts.org_code
            order by counts.period_end desc
        ) = 1

),

windowed as (

    select * from monthly_windows
    union all by name
    select * from annual_windows
    union all by name
    select * from mbrrace_monthly

),

final as (

    select
        windowed.index_grain,
        windowed.index_start,
        windowed.index_end,
        windowed.org_code,
        windowed.measure_code,
        windowed.window_start,
        windowed.window_end,
        windowed.months_in_window,
        windowed.numerator,
        windowed.denominator,
        windowed.numerator_lower,
        windowed.numerator_upper,
        windowed.denominator_lower,
        windowed.denominator_upper,
        windowed.continuous_value,
        windowed.is_suppressed,
        windowed.is_rounded,
        case
            when windowed.is_suppressed
                then 'numerator suppressed, not submitted or failing data quality'
            when windowed.denominator is null then 'no denominator published'
            when windowed.denominator < measures.min_denominator
                then
                    'low volume: denominator ' || cast(windowed.denominator as bigint)
                    || ' under the minimum of ' || measures.min_denominator
            when measures.source_kind <> 'mbrrace_stabilised' and windowed.numerator is null
                then 'no numerator published'
            when
                measures.rate_scale * windowed.numerator / windowed.denominator
                < coalesce(measures.plausible_min, -1e300)
                or measures.rate_scale * windowed.numerator / windowed.denominator
                > coalesce(measures.plausible_max, 1e300)
                then
                    'implausible value, likely a recording problem: rate '
                    || round(measures.rate_scale * windowed.numerator / windowed.denominator, 1)
                    || ' outside the plausibility band ['
                    || coalesce(cast(measures.plausible_min as varchar), '')
                    || ', ' || coalesce(cast(measures.plausible_max as varchar), '') || ']'
            when measures.source_kind = 'mbrrace_stabilised' and windowed.continuous_value is null
                then 'no stabilised rate published'
        end as exclusion_reason
    from windowed
    inner join measures
        on windowed.measure_code = measures.measure_code
    where {{ in_periods_changed('windowed.index_end') }}

)

select * from final
