with

source as (

    select * from {{ source('eric', 'eric') }}

),

files as (

    select * from {{ ref('stg_landing__file_manifest') }}

),

typed as (

    select
        source.file_id,
        source.line_number,
        year(files.period_start) as fy_start_year,
        upper(trim(source.organisation_code)) as org_code,
        trim(source.organisation_name) as org_name,
        trim(source.commissioning_region) as commissioning_region,
        upper(trim(source.organisation_type)) as organisation_type,
        {{ raw_text(['source.organisation_code', 'source.organisation_name',
            'source.commissioning_region', 'source.organisation_type']) }} as raw_text
    from source
    left join files
        on source.file_id = files.file_id

),

checked as (

    select
        *,
        case
            when org_code is null then 'missing organisation code'
            when fy_start_year is null then 'financial year not found in the file name'
            when organisation_type like '%COMMISSIONING REGION'
                then 'fields shifted: a comma in the organisation name became a $ delimiter'
            when organisation_type is null then 'missing organisation type'
        end as quarantine_reason
    from typed

),

final as (

    select * from checked

)

select * from final
