with

checked as (

    select * from {{ ref('base_deprivation__lsoa_ltla_checked') }}

),

final as (

    select
        file_id,
        line_number,
        lsoa_code,
        ltla_code,
        ltla_name
    from checked
    where quarantine_reason is null

)

select * from final
