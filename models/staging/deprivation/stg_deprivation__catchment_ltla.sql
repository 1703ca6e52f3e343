with

checked as (

    select * from {{ ref('base_deprivation__catchment_ltla_checked') }}

),

final as (

    select
        file_id,
        line_number,
        trust_code,
        ltla_code,
        catchment_share
    from checked
    where quarantine_reason is null

)

select * from final
