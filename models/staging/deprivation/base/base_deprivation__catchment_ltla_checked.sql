with

source as (

    select * from {{ source('deprivation', 'catchment_ltla') }}

),

typed as (

    select
        file_id,
        line_number,
        upper(trim(trust_code)) as trust_code,
        upper(trim(ltla21_code)) as ltla_code,
        {{ value_number('proportion') }} as catchment_share,
        {{ raw_text(['trust_code', 'ltla21_code', 'proportion']) }} as raw_text
    from source

),

checked as (

    select
        *,
        case
            when trust_code is null or ltla_code is null then 'missing trust or LTLA code'
            when catchment_share is null then 'catchment share missing or not a number'
            when catchment_share < 0 or catchment_share > 1 then 'catchment share outside 0-1'
        end as quarantine_reason
    from typed

),

final as (

    select * from checked

)

select * from final
