-- Distinct provider codes per source and period: as published, and after mapping historical
-- codes to their current ODS successor (a merged trust's history continues under one code).
with

observations as (

    select * from {{ ref('int_maternity_observations_unioned') }}

),

final as (

    select
        source,
        period_start,
        period_end,
        count(distinct org_code_published) as providers_as_published,
        count(distinct org_code) as providers_after_successor_mapping,
        count(distinct org_code_published) - count(distinct org_code) as codes_merged_away
    from observations
    where org_level = 'Provider'
    group by source, period_start, period_end

)

select * from final
order by source, period_start
