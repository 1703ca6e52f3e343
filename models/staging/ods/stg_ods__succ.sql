with

checked as (

    select * from {{ ref('base_ods__succ_checked') }}

),

final as (

    select
        file_id,
        line_number,
        predecessor_code,
        successor_code,
        succession_reason,
        effective_date,
        succession_indicator
    from checked
    where quarantine_reason is null

)

select * from final
