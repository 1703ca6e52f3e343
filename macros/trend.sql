{#-
    Trend rules (METHODS.md; NHS "Making Data Count"). y is oriented so that higher = worse.

    Slope: ordinary least squares of y on time in years; 95% interval slope +/- t(0.975, n-2) x
    se, se = sqrt(SSE / (n - 2) / Sxx), SSE = Syy - Sxy^2 / Sxx. Needs n >= 3.

    SPC (XmR) on the series, judged at its last point: limits mean +/- 2.66 x mean moving range;
    2-sigma lines mean +/- 1.773 x mean moving range. Special cause:
      1. the last point outside the limits;
      2. the last 7 points on one side of the mean (n >= 7);
      3. the last 7 points all rising or all falling (n >= 7);
      4. 2 of the last 3 points beyond a 2-sigma line on the same side.
    A signal above the mean (or rising) is 'concern', below (or falling) 'improvement'.

    Classification: deteriorating when the slope's interval lies above 0 or the SPC signal is
    concern; improving when it lies below 0 or the signal is improvement; static otherwise;
    'insufficient points' under 3 points.
-#}

{% macro t_quantile_975(df) -%}
    case
        when {{ df }} = 1 then 12.706205
        when {{ df }} = 2 then 4.302653
        when {{ df }} = 3 then 3.182446
        when {{ df }} = 4 then 2.776445
        when {{ df }} = 5 then 2.570582
        when {{ df }} = 6 then 2.446912
        when {{ df }} = 7 then 2.364624
        when {{ df }} = 8 then 2.306004
        when {{ df }} = 9 then 2.262157
        when {{ df }} = 10 then 2.228139
        when {{ df }} <= 12 then 2.178813
        when {{ df }} <= 15 then 2.131450
        when {{ df }} <= 20 then 2.085963
        when {{ df }} <= 30 then 2.042272
        else 1.959964
    end
{%- endmacro %}

{#- Aggregates over a series; call inside a group by. t in years. -#}
{% macro trend_aggregates(y, t) -%}
    count({{ y }}) as points,
    regr_slope({{ y }}, {{ t }} order by {{ t }}) as slope_per_year,
    regr_sxx({{ y }}, {{ t }} order by {{ t }}) as sxx,
    regr_syy({{ y }}, {{ t }} order by {{ t }}) as syy,
    regr_sxy({{ y }}, {{ t }} order by {{ t }}) as sxy,
    avg({{ y }} order by {{ t }}) as series_mean,
    list({{ y }} order by {{ t }}) as series
{%- endmacro %}

{#- The mean moving range of a series (a list in time order): the mean of |y - previous y|
    over its points after the first, summed in time order; null under 2 points. Read from the
    list, not as a lag window and one more ordered aggregate (the same values in the same
    order, so the same double): measured 7.1-7.3 s to 6.5 s for the trends at 60 months. -#}
{% macro mean_moving_range(series) -%}
    list_avg(
        list_transform(
            range(1, len({{ series }})),
            lambda i: abs({{ series }}[i + 1] - {{ series }}[i])
        )
    )
{%- endmacro %}

{% macro slope_half_width(points, sxx, syy, sxy) -%}
    case
        when {{ points }} >= 3 and {{ sxx }} > 0
            then {{ t_quantile_975(points ~ ' - 2') }}
            * sqrt(
                greatest({{ syy }} - {{ sxy }} ^ 2 / {{ sxx }}, 0) / ({{ points }} - 2) / {{ sxx }}
            )
    end
{%- endmacro %}

{% macro spc_signal(series, mean, mr) -%}
    case
        when {{ series }}[-1] > {{ mean }} + 2.66 * {{ mr }} then 'concern'
        when {{ series }}[-1] < {{ mean }} - 2.66 * {{ mr }} then 'improvement'
        when len({{ series }}) >= 7 and list_bool_and(list_transform({{ series }}[-7:], lambda x: x > {{ mean }}))
            then 'concern'
        when len({{ series }}) >= 7 and list_bool_and(list_transform({{ series }}[-7:], lambda x: x < {{ mean }}))
            then 'improvement'
        when
            len({{ series }}) >= 7
            and list_bool_and(list_transform(range(1, 7), lambda i: {{ series }}[-7:][i + 1] > {{ series }}[-7:][i]))
            then 'concern'
        when
            len({{ series }}) >= 7
            and list_bool_and(list_transform(range(1, 7), lambda i: {{ series }}[-7:][i + 1] < {{ series }}[-7:][i]))
            then 'improvement'
        when
            len({{ series }}) >= 3
            and len(list_filter({{ series }}[-3:], lambda x: x > {{ mean }} + 1.773 * {{ mr }})) >= 2
            then 'concern'
        when
            len({{ series }}) >= 3
            and len(list_filter({{ series }}[-3:], lambda x: x < {{ mean }} - 1.773 * {{ mr }})) >= 2
            then 'improvement'
    end
{%- endmacro %}

{% macro trend_class(points, slope, half_width, signal) -%}
    case
        when {{ points }} < 3 then 'insufficient points'
        when {{ slope }} - {{ half_width }} > 0 or {{ signal }} = 'concern' then 'deteriorating'
        when {{ slope }} + {{ half_width }} < 0 or {{ signal }} = 'improvement' then 'improving'
        else 'static'
    end
{%- endmacro %}
