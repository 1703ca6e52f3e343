with

checked as (

    select * from {{ ref('base_msds__exp_data_checked') }}

),

final as (

    select
        file_id,
        line_number,
        period_start,
        period_end,
        dimension,
        org_level,
        org_code,
        org_code_published,
        org_name,
        category,
        count_of,
        value_number as value,
        value_text,
        case
            when value_marker <> 'numeric' then value_marker
            when count_of = 'Average over women' then 'published'
            else 'rounded'
        end as value_status
    from checked
    where quarantine_reason is null

)

select * from final
