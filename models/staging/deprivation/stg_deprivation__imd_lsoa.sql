with

checked as (

    select * from {{ ref('base_deprivation__imd_lsoa_checked') }}

),

final as (

    select
        file_id,
        line_number,
        lsoa_code,
        lsoa_name,
        imd_rank,
        imd_decile
    from checked
    where quarantine_reason is null

)

select * from final
