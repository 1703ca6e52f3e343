with

checked as (

    select * from {{ ref('base_cqc__ratings_checked') }}

),

final as (

    select
        file_id,
        line_number,
        org_code,
        rating_date,
        population,
        question,
        rating_score,
        case rating_score
            when 0 then 'Inadequate'
            when 1 then 'Requires improvement'
            when 2 then 'Good'
            when 3 then 'Outstanding'
        end as rating,
        regexp_matches(org_code, '^[A-Z0-9]{3}$') as is_trust_code
    from checked
    where quarantine_reason is null

)

select * from final
