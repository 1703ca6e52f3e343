with

checked as (

    select * from {{ ref('base_msds__annual_checked') }}

),

final as (

    select
        file_id,
        line_number,
        period_label,
        period_start,
        cast(period_end as date) as period_end,
        dimension_published,
        org_level,
        org_code,
        org_code_published,
        org_name,
        category,
        count_of,
        value_text,
        case when value_number = -1 then null else value_number end as value,
        case
            when value_number = -1 then 'suppressed'
            when value_marker <> 'numeric' then value_marker
            when count_of in ('Organisations', 'Months') then 'published'
            else 'rounded'
        end as value_status
    from checked
    where quarantine_reason is null

)

select * from final
