with

source as (

    select * from {{ source('deprivation', 'lsoa_ltla') }}

),

typed as (

    select
        file_id,
        line_number,
        upper(trim(lsoa11_code)) as lsoa_code,
        upper(trim(ltla21_code)) as ltla_code,
        trim(ltla21_name) as ltla_name,
        {{ raw_text(['lsoa11_name', 'lsoa11_code', 'ltla21_name', 'ltla21_code']) }} as raw_text
    from source

),

checked as (

    select
        *,
        case
            when lsoa_code is null or ltla_code is null then 'missing LSOA or LTLA code'
        end as quarantine_reason
    from typed

),

final as (

    select * from checked

)

select * from final
