with

checked as (

    select * from {{ ref('base_trust_panel__admissions_checked') }}

),

final as (

    select
        file_id,
        line_number,
        org_code,
        fy_start_year,
        total_episodes,
        admissions,
        age_60_74 + age_75_89 + age_90_plus as admissions_aged_60_plus,
        age_75_89 + age_90_plus as admissions_aged_75_plus
    from checked
    where quarantine_reason is null

)

select * from final
