with

source as (

    select * from {{ source('cqc', 'cqc_ratings') }}

),

typed as (

    select
        file_id,
        line_number,
        upper(trim(org_code)) as org_code,
        {{ ddmmyyyy_to_date('rating_date') }} as rating_date,
        trim(population) as population,
        trim(question) as question,
        try_cast(trim(rating_score) as integer) as rating_score,
        {{ raw_text(['org_code', 'rating_date', 'population', 'question', 'rating_score']) }}
            as raw_text
    from source

),

checked as (

    select
        *,
        case
            when org_code is null then 'missing organisation code'
            when rating_date is null then 'impossible or unparseable rating date (dd/mm/yyyy)'
            when population is null or question is null then 'missing population or question'
            when rating_score is null or rating_score not between 0 and 3
                then 'rating score is not 0, 1, 2 or 3'
        end as quarantine_reason
    from typed

),

final as (

    select * from checked

)

select * from final
