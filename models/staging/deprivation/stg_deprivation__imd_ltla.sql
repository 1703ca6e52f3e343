with

checked as (

    select * from {{ ref('base_deprivation__imd_ltla_checked') }}

),

final as (

    select
        file_id,
        line_number,
        ltla_code,
        imd_score,
        share_lsoas_most_deprived_decile,
        imd_extent,
        health_deprivation_score
    from checked
    where quarantine_reason is null

)

select * from final
