with

quarantine as (

    select * from {{ ref('int_quarantine_unioned') }}

),

manifest as (

    select * from {{ ref('stg_landing__file_manifest') }}

),

final as (

    select
        quarantine.file_id,
        manifest.relative_path,
        quarantine.layout,
        quarantine.line_number,
        quarantine.raw_text,
        quarantine.reason,
        quarantine.quarantined_at
    from quarantine
    inner join manifest
        on quarantine.file_id = manifest.file_id

)

select * from final
