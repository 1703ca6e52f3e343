{#-
    Monthly A&E summed to financial years (April-March) per provider: attendances and
    attendances over 4 hours summed over the months published (never an average of monthly
    rates). Months where a trust did not report 4-hour waits (2019 field test) are left out of
    both numerator and denominator and counted. Grain: one row per org_code and fy_start_year.
-#}
with

months as (

    select * from {{ ref('int_ae_provider_months') }}

),

with_year as (

    select
        *,
        case
            when month(month_start) >= 4 then year(month_start) else year(month_start) - 1
        end as fy_start_year
    from months

),

summed as (

    select
        org_code,
        fy_start_year,
        max(org_name) as org_name,
        count(*) as months_published,
        count(*) filter (where reports_4_hour_waits) as months_with_4_hour_waits,
        sum(attendances_all) filter (where reports_4_hour_waits) as attendances_all,
        sum(over_4_hours_all) filter (where reports_4_hour_waits) as over_4_hours_all,
        sum(attendances_type1) filter (where reports_4_hour_waits) as attendances_type1,
        sum(over_4_hours_type1) filter (where reports_4_hour_waits) as over_4_hours_type1
    from with_year
    group by org_code, fy_start_year

),

final as (

    select
        org_code,
        fy_start_year,
        {{ value_fy_label('fy_start_year') }} as financial_year,
        org_name,
        months_published,
        months_with_4_hour_waits,
        months_with_4_hour_waits = 12 as is_complete_year,
        cast(attendances_all as bigint) as attendances_all,
        cast(over_4_hours_all as bigint) as over_4_hours_all,
        cast(attendances_type1 as bigint) as attendances_type1,
        cast(over_4_hours_type1 as bigint) as over_4_hours_type1,
        1 - over_4_hours_all / nullif(attendances_all, 0) as share_within_4_hours_all,
        1 - over_4_hours_type1 / nullif(attendances_type1, 0) as share_within_4_hours_type1
    from summed

)

select * from final
