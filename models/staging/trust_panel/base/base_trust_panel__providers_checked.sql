with

source as (

    select * from {{ source('trust_panel', 'nhs_providers') }}

),

typed as (

    select
        file_id,
        line_number,
        upper(trim(org_code)) as org_code,
        trim(org_name) as org_name,
        trim(org_type) as org_type,
        upper(trim(hee_region_code)) as hee_region_code,
        case upper(trim(specialist)) when 'TRUE' then true when 'FALSE' then false end
            as is_specialist,
        {{ raw_text(['org_code', 'org_name', 'org_type', 'hee_region_code', 'specialist']) }}
            as raw_text
    from source

),

checked as (

    select
        *,
        case
            when org_code is null then 'missing organisation code'
            when org_type is null then 'missing organisation type'
            when is_specialist is null then 'specialist flag is not TRUE or FALSE'
        end as quarantine_reason
    from typed

),

final as (

    select * from checked

)

select * from final
