{#-
    Continuity of carer by ethnicity and IMD decile (exp-measures COC_Rate family): every rate
    the file publishes for one organisation and month agrees with the rate recomputed from its
    numerator and denominator (int_equality_group_rates.raw_rate_pct) within the published
    rounding. The true counts lie within the disclosure bounds of the published ones
    (rounded_count_lower / upper) and the rate is published to 1 decimal (half step 0.05).
    Returns the rows that do not agree.
-#}
with

group_rates as (

    select * from {{ ref('int_equality_group_rates') }}

),

published as (

    select
        org_level,
        org_code,
        period_end,
        metric,
        dimension,
        group_code,
        numerator,
        denominator,
        published_rate,
        raw_rate_pct,
        100.0 * {{ rounded_count_lower('numerator') }}
        / {{ rounded_count_upper('denominator') }} as lowest_rate,
        100.0 * {{ rounded_count_upper('numerator') }}
        / greatest({{ rounded_count_lower('denominator') }}, 1) as highest_rate
    from group_rates
    where
        period_grain = 'month'
        and published_rate is not null
        and denominator > 0

),

final as (

    select * from published
    where
        abs(round(raw_rate_pct, 1) - published_rate) > 0.05 + 1e-9
        and (
            published_rate < lowest_rate - 0.05 - 1e-9
            or published_rate > highest_rate + 0.05 + 1e-9
        )

)

select * from final
