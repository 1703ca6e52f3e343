with

source as (

    select * from {{ source('ods', 'ods_succ') }}

),

typed as (

    select
        file_id,
        line_number,
        upper(trim(organisation_code)) as predecessor_code,
        upper(trim(successor_organisation_code)) as successor_code,
        trim(succession_reason) as succession_reason,
        effective_date as effective_date_text,
        {{ yyyymmdd_to_date('effective_date') }} as effective_date,
        trim(succession_indicator) as succession_indicator,
        {{ raw_text(['organisation_code', 'successor_organisation_code', 'succession_reason',
            'effective_date', 'succession_indicator']) }} as raw_text
    from source

),

checked as (

    select
        *,
        case
            when predecessor_code is null or successor_code is null
                then 'missing predecessor or successor code'
            when effective_date is null
                then 'impossible or unparseable effective date (yyyymmdd expected)'
            when predecessor_code = successor_code then 'organisation succeeds itself'
        end as quarantine_reason
    from typed

),

final as (

    select * from checked

)

select * from final
