{#-
    The trend pipeline after the points are chosen, as CTEs ending in `final`. `candidates`
    names a CTE with target_grain, target_start, the key columns, point_grain, point_start and
    y; the series is the monthly points when at least 12 exist, the annual points otherwise.
    Used by int_maternity_measure_trends and int_maternity_composite_trends.
-#}
{% macro trend_ctes(candidates, keys) -%}
{%- set partition = 'target_grain, target_start, ' ~ keys | join(', ') -%}
series_months_held as (

    -- monthly points per series: grouped, then joined back (a window over every candidate
    -- took twice as long)
    select
        {{ partition }},
        count(*) filter (where point_grain = 'month') >= 12 as use_monthly
    from {{ candidates }}
    group by {{ partition }}

),

series_points as (

    select
        {{ candidates }}.*,
        epoch({{ candidates }}.point_start) / (365.25 * 86400) as t_years
    from {{ candidates }}
    inner join series_months_held
        on
            {% for column in ['target_grain', 'target_start'] + keys -%}
            {{ candidates }}.{{ column }} = series_months_held.{{ column }}
            {%- if not loop.last %} and {% endif %}
            {% endfor %}
    where ({{ candidates }}.point_grain = 'month') = series_months_held.use_monthly

),

aggregated as (

    select
        target_grain as index_grain,
        target_start as index_start,
        {{ keys | join(', ') }},
        any_value(point_grain) as series_grain,
        {{ trend_aggregates('y', 't_years') }}
    from series_points
    group by {{ partition }}

),

moving_ranges as (

    select
        *,
        {{ mean_moving_range('series') }} as mean_moving_range
    from aggregated

),

classified as (

    select
        *,
        {{ slope_half_width('points', 'sxx', 'syy', 'sxy') }} as slope_half_width,
        {{ spc_signal('series', 'series_mean', 'mean_moving_range') }} as spc_signal
    from moving_ranges

),

final as (

    select
        index_grain,
        index_start,
        {{ keys | join(', ') }},
        series_grain,
        points,
        slope_per_year,
        slope_per_year - slope_half_width as slope_lower_95,
        slope_per_year + slope_half_width as slope_upper_95,
        spc_signal,
        {{ trend_class('points', 'slope_per_year', 'slope_half_width', 'spc_signal') }}
            as trend_class
    from classified

)
{%- endmacro %}
