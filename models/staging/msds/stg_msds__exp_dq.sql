with

checked as (

    select * from {{ ref('base_msds__exp_dq_checked') }}

),

final as (

    select
        file_id,
        line_number,
        period_start,
        period_end,
        org_code,
        org_code_published,
        data_table,
        uid,
        data_item,
        valid_count,
        default_count,
        invalid_count,
        missing_count,
        denominator,
        case
            when denominator_marker <> 'numeric' then denominator_marker
            else 'rounded'
        end as value_status
    from checked
    where quarantine_reason is null

)

select * from final
