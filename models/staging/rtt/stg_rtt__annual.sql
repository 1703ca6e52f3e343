with

checked as (

    select * from {{ ref('base_rtt__annual_checked') }}

),

final as (

    select
        file_id,
        line_number,
        org_code,
        fy_start_year,
        snapshot_date,
        incomplete_pathways,
        within_18_weeks,
        published_share_within_18_weeks
    from checked
    where quarantine_reason is null

)

select * from final
