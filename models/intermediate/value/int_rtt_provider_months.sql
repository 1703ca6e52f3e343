{#-
    RTT incomplete pathways per provider and month from the full CSV extract: the Total
    treatment function (C_999) of Part_2 summed over commissioners, current files only.
    % within 18 weeks = pathways in the bands up to 18 weeks / all pathways in the bands.
    Grain: one row per provider_org_code and period_start.
-#}
with

extract as (

    select * from {{ ref('stg_rtt__full_extract') }}

),

current_files as (

    select * from {{ ref('int_landed_files_current') }}

),

incomplete_total as (

    select extract.*
    from extract
    inner join current_files
        on extract.file_id = current_files.file_id
    where
        extract.rtt_part_type = 'Part_2'
        and extract.treatment_function_code = 'C_999'

),

by_treatment as (

    select
        extract.provider_org_code,
        extract.period_start,
        sum(extract.pathways_in_week_bands) as pathways_by_treatment_function
    from extract
    inner join current_files
        on extract.file_id = current_files.file_id
    where
        extract.rtt_part_type = 'Part_2'
        and extract.treatment_function_code <> 'C_999'
    group by extract.provider_org_code, extract.period_start

),

summed as (

    select
        provider_org_code,
        period_start,
        max(provider_org_name) as provider_org_name,
        max(provider_parent_org_code) as provider_parent_org_code,
        count(distinct commissioner_org_code) as commissioners,
        sum(pathways_in_week_bands) as incomplete_pathways,
        sum(within_18_weeks) as within_18_weeks,
        sum(over_52_weeks) as over_52_weeks,
        sum(over_104_weeks) as over_104_weeks,
        max(file_id) as file_id
    from incomplete_total
    group by provider_org_code, period_start

),

final as (

    select
        summed.provider_org_code,
        summed.period_start,
        summed.provider_org_name,
        summed.provider_parent_org_code,
        regexp_matches(summed.provider_org_code, '^R[A-Z0-9]{2}$') as is_nhs_trust_code,
        summed.commissioners,
        cast(summed.incomplete_pathways as bigint) as incomplete_pathways,
        cast(summed.within_18_weeks as bigint) as within_18_weeks,
        summed.within_18_weeks / nullif(summed.incomplete_pathways, 0) as share_within_18_weeks,
        cast(summed.over_52_weeks as bigint) as over_52_weeks,
        cast(summed.over_104_weeks as bigint) as over_104_weeks,
        cast(by_treatment.pathways_by_treatment_function as bigint)
            as pathways_by_treatment_function,
        summed.file_id
    from summed
    left join by_treatment
        on
            summed.provider_org_code = by_treatment.provider_org_code
            and summed.period_start = by_treatment.period_start

)

select * from final
