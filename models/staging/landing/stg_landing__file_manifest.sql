with

source as (

    select * from {{ source('landing', 'file_manifest') }}

),

final as (

    select
        file_id,
        relative_path,
        file_name,
        sha256,
        bytes,
        file_format,
        encoding,
        sheet_name,
        layout,
        variant,
        detected_by,
        status,
        note,
        publication_key,
        period_start,
        period_end,
        period_grain,
        is_provisional,
        is_revised,
        rows_read,
        rows_landed,
        rows_rejected_at_landing,
        blank_rows_skipped,
        excel_dates_repaired,
        excel_numbers_normalised,
        is_current,
        superseded_by_file_id,
        supersession_reason,
        landing_action
    from source

)

select * from final
