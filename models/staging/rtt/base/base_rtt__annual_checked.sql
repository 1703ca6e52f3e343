with

source as (

    select * from {{ source('rtt', 'rtt_annual') }}

),

typed as (

    select
        file_id,
        line_number,
        {{ ddmmyyyy_to_date('snapshot_date') }} as snapshot_date,
        try_cast(trim(year) as integer) as fy_start_year,
        upper(trim(org_code)) as org_code,
        {{ value_number('n_total') }} as incomplete_pathways,
        {{ value_number('n_18_weeks') }} as within_18_weeks,
        {{ value_number('rtt_score') }} as published_share_within_18_weeks,
        {{ raw_text(['snapshot_date', 'year', 'org_code', 'n_total', 'n_18_weeks',
            'rtt_score']) }} as raw_text
    from source

),

checked as (

    select
        *,
        case
            when snapshot_date is null then 'impossible or unparseable snapshot date (dd/mm/yyyy)'
            when fy_start_year is null then 'year is not a year'
            when org_code is null then 'missing organisation code'
            when incomplete_pathways is null or within_18_weeks is null
                then 'pathway counts missing or not numbers'
            when incomplete_pathways <= 0 then 'no incomplete pathways'
            when within_18_weeks < 0 or within_18_weeks > incomplete_pathways
                then 'within 18 weeks outside 0..incomplete pathways'
        end as quarantine_reason
    from typed

),

final as (

    select * from checked

)

select * from final
