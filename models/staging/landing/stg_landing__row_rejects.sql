with

source as (

    select * from {{ source('landing', 'row_rejects') }}

),

final as (

    select
        file_id,
        layout,
        line_number,
        raw_text,
        reason
    from source

)

select * from final
