with

checked as (

    select * from {{ ref('base_msds__exp_measures_checked') }}

),

final as (

    select
        file_id,
        line_number,
        period_start,
        period_end,
        org_level,
        org_code,
        org_code_published,
        org_name,
        indicator_family,
        indicator,
        currency,
        value_number as value,
        value_text,
        case
            when value_marker <> 'numeric' then value_marker
            when currency in ('Numerator', 'Denominator') then 'rounded'
            else 'published'
        end as value_status
    from checked
    where quarantine_reason is null

)

select * from final
