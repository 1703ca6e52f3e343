{#-
    MBRRACE-UK organisations (ids and names) mapped to ODS trust codes: by exact name against
    every ODS etr vintage ('&' read as 'and', case ignored), else by the authored crosswalk seed;
    then to the current successor. Organisations outside England are kept with no code.
-#}
with

mbrrace as (

    select * from {{ ref('stg_mbrrace__perinatal') }}

),

etr as (

    select * from {{ ref('stg_ods__etr') }}

),

crosswalk as (

    select * from {{ ref('mbrrace_org_crosswalk') }}

),

successors as (

    select * from {{ ref('int_ods_successors_resolved') }}

),

orgs as (

    select
        mbrrace_org_id,
        -- the name of the latest report year (five ids are named two ways across years)
        first(mbrrace_org_name order by report_year desc, mbrrace_org_name asc) as mbrrace_org_name,
        first(country_name order by report_year desc, country_name asc) as country_name
    from mbrrace
    group by mbrrace_org_id

),

ods_names as (

    select
        org_name,
        min(org_code) as org_code
    from etr
    group by org_name

),

matched as (

    select
        orgs.mbrrace_org_id,
        orgs.mbrrace_org_name,
        orgs.country_name,
        crosswalk.mbrrace_org_id is not null as in_crosswalk,
        case
            when crosswalk.mbrrace_org_id is not null then crosswalk.org_code
            else ods_names.org_code
        end as org_code_matched,
        case
            when crosswalk.mbrrace_org_id is not null then 'crosswalk seed'
            when ods_names.org_code is not null then 'exact name'
            when orgs.country_name <> 'England' then 'outside England'
            else 'unmatched'
        end as match_method,
        crosswalk.note as crosswalk_note
    from orgs
    left join crosswalk
        on orgs.mbrrace_org_id = crosswalk.mbrrace_org_id
    left join ods_names
        on upper(replace(orgs.mbrrace_org_name, '&', 'and')) = ods_names.org_name

),

final as (

    select
        matched.mbrrace_org_id,
        matched.mbrrace_org_name,
        matched.country_name,
        matched.org_code_matched,
        coalesce(successors.current_code, matched.org_code_matched) as org_code,
        matched.match_method,
        matched.crosswalk_note
    from matched
    left join successors
        on matched.org_code_matched = successors.org_code

)

select * from final
