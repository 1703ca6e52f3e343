{#-
    Monthly A&E per provider, both publications in one shape, current files only (a month held
    twice, as two CSV copies or as CSV and xlsx, counts once: landing.file_manifest decides).
    Attendances include booked appointments (the xls total does; the 2024+ CSV publishes them
    apart and they are added here). Providers only (the England / TOTAL rows are left out).
    Grain: one row per org_code and month_start.
-#}
with

csv_rows as (

    select * from {{ ref('stg_ae__monthly') }}

),

sheet_rows as (

    select * from {{ ref('stg_ae__provider_sheet') }}

),

current_files as (

    select * from {{ ref('int_landed_files_current') }}

),

from_csv as (

    select
        csv_rows.org_code,
        csv_rows.period_start as month_start,
        csv_rows.org_name,
        'ae_monthly' as source_layout,
        csv_rows.file_id,
        csv_rows.attendances_type1 + csv_rows.booked_attendances_type1 as attendances_type1,
        csv_rows.attendances_type1 + csv_rows.attendances_type2 + csv_rows.attendances_other
        + csv_rows.booked_attendances_type1 + csv_rows.booked_attendances_type2
        + csv_rows.booked_attendances_other as attendances_all,
        csv_rows.over_4_hours_type1 + csv_rows.booked_over_4_hours_type1 as over_4_hours_type1,
        csv_rows.over_4_hours_type1 + csv_rows.over_4_hours_type2 + csv_rows.over_4_hours_other
        + csv_rows.booked_over_4_hours_type1 + csv_rows.booked_over_4_hours_type2
        + csv_rows.booked_over_4_hours_other as over_4_hours_all,
        true as reports_4_hour_waits
    from csv_rows
    inner join current_files
        on csv_rows.file_id = current_files.file_id
    where csv_rows.row_kind = 'provider'

),

from_sheet as (

    select
        sheet_rows.org_code,
        sheet_rows.period_start as month_start,
        sheet_rows.org_name,
        'ae_provider_sheet' as source_layout,
        sheet_rows.file_id,
        sheet_rows.attendances_type1,
        sheet_rows.attendances_total as attendances_all,
        sheet_rows.over_4_hours_type1,
        sheet_rows.over_4_hours_total as over_4_hours_all,
        sheet_rows.reports_4_hour_waits
    from sheet_rows
    inner join current_files
        on sheet_rows.file_id = current_files.file_id
    where sheet_rows.row_kind = 'provider'

),

unioned as (

    select * from from_csv
    union all by name
    select * from from_sheet

),

final as (

    select
        org_code,
        month_start,
        org_name,
        source_layout,
        file_id,
        cast(attendances_type1 as bigint) as attendances_type1,
        cast(attendances_all as bigint) as attendances_all,
        cast(over_4_hours_type1 as bigint) as over_4_hours_type1,
        cast(over_4_hours_all as bigint) as over_4_hours_all,
        cast(attendances_all - over_4_hours_all as bigint) as within_4_hours_all,
        1 - over_4_hours_all / nullif(attendances_all, 0) as share_within_4_hours_all,
        1 - over_4_hours_type1 / nullif(attendances_type1, 0) as share_within_4_hours_type1,
        reports_4_hour_waits
    from unioned

)

select * from final
