with

source as (

    select * from {{ source('deprivation', 'imd_lsoa') }}

),

typed as (

    select
        file_id,
        line_number,
        upper(trim(lsoa11_code)) as lsoa_code,
        trim(lsoa11_name) as lsoa_name,
        try_cast(trim(imd_rank) as integer) as imd_rank,
        try_cast(trim(imd_decile) as integer) as imd_decile,
        {{ raw_text(['lsoa11_code', 'lsoa11_name', 'district_name', 'imd_rank', 'imd_decile']) }}
            as raw_text
    from source

),

checked as (

    select
        *,
        case
            when lsoa_code is null then 'missing LSOA code'
            when imd_rank is null or imd_rank < 1 then 'IMD rank missing or not a positive integer'
            when imd_decile is null or imd_decile not between 1 and 10
                then 'IMD decile is not 1-10'
        end as quarantine_reason
    from typed

),

final as (

    select * from checked

)

select * from final
