with

manifest as (

    select * from {{ ref('stg_landing__file_manifest') }}

),

staged as (

    select * from {{ ref('int_staged_rows_counted') }}

),

quarantined as (

    select
        file_id,
        count(*) as rows_quarantined,
        count(*) filter (where quarantined_at = 'landing') as rows_rejected_at_landing,
        count(*) filter (where quarantined_at = 'staging') as rows_quarantined_at_staging
    from {{ ref('int_quarantine_unioned') }}
    group by file_id

),

final as (

    select
        manifest.file_id,
        manifest.relative_path,
        manifest.file_name,
        manifest.sha256,
        manifest.bytes,
        manifest.file_format,
        manifest.encoding,
        manifest.sheet_name,
        manifest.layout,
        manifest.variant,
        manifest.detected_by,
        manifest.status,
        manifest.note,
        manifest.publication_key,
        manifest.period_start,
        manifest.period_end,
        manifest.period_grain,
        manifest.is_provisional,
        manifest.is_current,
        manifest.superseded_by_file_id,
        manifest.supersession_reason,
        manifest.rows_read,
        manifest.blank_rows_skipped,
        manifest.excel_dates_repaired,
        manifest.excel_numbers_normalised,
        case
            when manifest.status = 'loaded' then coalesce(staged.rows_staged, 0)
        end as rows_staged,
        case
            when manifest.status = 'loaded' then coalesce(quarantined.rows_quarantined, 0)
        end as rows_quarantined,
        case
            when manifest.status = 'loaded'
                then coalesce(quarantined.rows_rejected_at_landing, 0)
        end as rows_rejected_at_landing,
        case
            when manifest.status = 'loaded'
                then coalesce(quarantined.rows_quarantined_at_staging, 0)
        end as rows_quarantined_at_staging
    from manifest
    left join staged
        on manifest.file_id = staged.file_id
    left join quarantined
        on manifest.file_id = quarantined.file_id

)

select * from final
