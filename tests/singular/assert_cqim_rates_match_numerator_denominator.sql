{#-
    Every CQIM whose numerator, denominator and rate are all published: the rate recomputed
    from numerator / denominator agrees with the published rate within the published rounding.
    The true counts lie within the disclosure-control bounds of the published ones (macro
    rounded_count_lower/upper), and the rate itself is rounded to 1 decimal (percent) or to a
    whole number (per 1,000). Returns the rows that do not agree.
-#}
with

observations as (

    select * from {{ ref('int_maternity_observations_unioned') }}

),

cqims as (

    select
        org_level,
        org_code_published,
        period_start,
        measure,
        numerator,
        denominator,
        rate,
        rate_unit,
        case rate_unit when 'per_1000' then 1000.0 else 100.0 end as scale,
        case rate_unit when 'per_1000' then 0.5 else 0.05 end as half_step
    from observations
    where
        source = 'msds_exp_measures'
        and measure_family = 'CQIM_Rate'
        and numerator is not null
        and denominator > 0
        and rate is not null

),

bounded as (

    select
        *,
        scale * {{ rounded_count_lower('numerator') }}
        / {{ rounded_count_upper('denominator') }} as lowest_rate,
        scale * {{ rounded_count_upper('numerator') }}
        / greatest({{ rounded_count_lower('denominator') }}, 1) as highest_rate
    from cqims

),

final as (

    select
        *,
        round(scale * numerator / denominator, 2) as recomputed_rate
    from bounded
    where
        rate < lowest_rate - half_step - 1e-9
        or rate > highest_rate + half_step + 1e-9

)

select * from final
