with

source as (

    select * from {{ source('ods', 'trust_icb_lookup') }}

),

typed as (

    select
        file_id,
        line_number,
        upper(trim(ods_code)) as org_code,
        trim(name) as org_name,
        trim(type) as trust_type,
        trim(region) as region_name,
        trim(ics) as icb_name,
        trim(predecessor_codes) as predecessor_codes,
        merger_date as merger_date_text,
        cast(try_strptime(trim(merger_date), '%Y-%m-%d') as date) as merger_date,
        {{ raw_text(['ods_code', 'name', 'type', 'region', 'ics', 'predecessor_codes',
            'merger_date']) }} as raw_text
    from source

),

checked as (

    select
        *,
        case
            when org_code is null or org_name is null then 'missing organisation code or name'
            when merger_date_text is not null and merger_date is null
                then 'impossible or unparseable merger date (yyyy-mm-dd expected)'
        end as quarantine_reason
    from typed

),

final as (

    select * from checked

)

select * from final
