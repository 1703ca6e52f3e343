with

checked as (

    select * from {{ ref('base_ae__monthly_checked') }}

),

final as (

    select
        file_id,
        line_number,
        period_start,
        org_code,
        parent_org,
        org_name,
        row_kind,
        cast(att_type1 as bigint) as attendances_type1,
        cast(att_type2 as bigint) as attendances_type2,
        cast(att_other as bigint) as attendances_other,
        cast(att_booked_type1 as bigint) as booked_attendances_type1,
        cast(att_booked_type2 as bigint) as booked_attendances_type2,
        cast(att_booked_other as bigint) as booked_attendances_other,
        cast(over4_type1 as bigint) as over_4_hours_type1,
        cast(over4_type2 as bigint) as over_4_hours_type2,
        cast(over4_other as bigint) as over_4_hours_other,
        cast(over4_booked_type1 as bigint) as booked_over_4_hours_type1,
        cast(over4_booked_type2 as bigint) as booked_over_4_hours_type2,
        cast(over4_booked_other as bigint) as booked_over_4_hours_other,
        cast(dta_4_to_12_hours as bigint) as decision_to_admit_4_to_12_hours,
        cast(dta_over_12_hours as bigint) as decision_to_admit_over_12_hours,
        cast(ea_via_ae_type1 as bigint) as emergency_admissions_via_type1,
        cast(ea_via_ae_type2 as bigint) as emergency_admissions_via_type2,
        cast(ea_via_ae_other as bigint) as emergency_admissions_via_other,
        cast(ea_other as bigint) as emergency_admissions_other
    from checked
    where quarantine_reason is null

)

select * from final
