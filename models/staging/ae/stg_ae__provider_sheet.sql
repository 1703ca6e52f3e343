with

checked as (

    select * from {{ ref('base_ae__provider_sheet_checked') }}

),

final as (

    select
        file_id,
        line_number,
        period_start,
        variant,
        org_code,
        region,
        org_name,
        row_kind,
        over4_total is not null as reports_4_hour_waits,
        cast(att_type1 as bigint) as attendances_type1,
        cast(att_type2 as bigint) as attendances_type2,
        cast(att_type3 as bigint) as attendances_type3,
        cast(att_total as bigint) as attendances_total,
        cast(over4_type1 as bigint) as over_4_hours_type1,
        cast(over4_type2 as bigint) as over_4_hours_type2,
        cast(over4_type3 as bigint) as over_4_hours_type3,
        cast(over4_total as bigint) as over_4_hours_total,
        cast(within4_total as bigint) as published_within_4_hours_total,
        pct_within4_all as published_share_within_4_hours_all,
        pct_within4_type1 as published_share_within_4_hours_type1,
        cast(ea_via_ae_total as bigint) as emergency_admissions_via_ae,
        cast(ea_total as bigint) as emergency_admissions_total,
        cast(dta_over_4_hours as bigint) as decision_to_admit_over_4_hours,
        cast(dta_over_12_hours as bigint) as decision_to_admit_over_12_hours
    from checked
    where quarantine_reason is null

)

select * from final
