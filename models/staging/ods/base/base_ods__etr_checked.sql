with

source as (

    select * from {{ source('ods', 'ods_etr') }}

),

typed as (

    select
        file_id,
        line_number,
        upper(trim(organisation_code)) as org_code,
        upper(trim(name)) as org_name,
        trim(national_grouping) as region_code,
        trim(high_level_health_geography) as icb_code,
        trim(postcode) as postcode,
        open_date as open_date_text,
        close_date as close_date_text,
        {{ yyyymmdd_to_date('open_date') }} as open_date,
        {{ yyyymmdd_to_date('close_date') }} as close_date,
        {{ raw_text(['organisation_code', 'name', 'national_grouping',
            'high_level_health_geography', 'postcode', 'open_date', 'close_date']) }} as raw_text
    from source

),

checked as (

    select
        *,
        case
            when org_code is null or org_name is null then 'missing organisation code or name'
            when open_date_text is not null and open_date is null
                then 'impossible or unparseable open date (yyyymmdd expected)'
            when close_date_text is not null and close_date is null
                then 'impossible or unparseable close date (yyyymmdd expected)'
            when close_date < open_date then 'closes before it opens'
        end as quarantine_reason
    from typed

),

final as (

    select * from checked

)

select * from final
