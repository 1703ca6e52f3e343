with

source as (

    select * from {{ source('deprivation', 'imd_ltla') }}

),

typed as (

    select
        file_id,
        line_number,
        upper(trim(ltla22_code)) as ltla_code,
        {{ value_number('score') }} as imd_score,
        {{ value_number('proportion') }} as share_lsoas_most_deprived_decile,
        {{ value_number('extent') }} as imd_extent,
        {{ value_number('health_score') }} as health_deprivation_score,
        {{ raw_text(['ltla22_code', 'score', 'proportion', 'extent']) }} as raw_text
    from source

),

checked as (

    select
        *,
        case
            when ltla_code is null then 'missing LTLA code'
            when imd_score is null then 'IMD score missing or not a number'
            when share_lsoas_most_deprived_decile not between 0 and 1
                then 'most deprived decile share outside 0-1'
        end as quarantine_reason
    from typed

),

final as (

    select * from checked

)

select * from final
