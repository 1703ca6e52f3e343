with

source as (

    select * from {{ source('landing', 'files_dropped') }}

),

final as (

    select
        file_id,
        layout,
        relative_path,
        period_start,
        period_end,
        reason as drop_reason
    from source

)

select * from final
