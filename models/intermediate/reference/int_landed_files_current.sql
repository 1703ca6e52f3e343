-- The files each staged row may come from: loaded and current for their publication.
with

manifest as (

    select * from {{ ref('stg_landing__file_manifest') }}

),

final as (

    select
        file_id,
        relative_path,
        layout,
        split_part(publication_key, '|', 2) as publication_series,
        period_grain,
        is_provisional
    from manifest
    where status = 'loaded' and is_current

)

select * from final
