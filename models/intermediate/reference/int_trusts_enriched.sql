{#-
    Every trust code the warehouse knows (current ODS etr, trust register, maternity files):
    name, region and ICB from the current etr, trust type and ICS from the register, the
    MBRRACE-UK comparator group of its latest MBRRACE year, its predecessor codes, and whether it
    publishes maternity data.
-#}
with

etr as (

    select * from {{ ref('stg_ods__etr') }}

),

current_files as (

    select * from {{ ref('int_landed_files_current') }}

),

register as (

    select * from {{ ref('stg_ods__trust_icb_lookup') }}

),

successors as (

    select * from {{ ref('int_ods_successors_resolved') }}

),

observations as (

    select * from {{ ref('int_maternity_observations_unioned') }}

),

comparator_groups as (

    select * from {{ ref('int_trust_comparator_groups_resolved') }}

),

current_etr as (

    select etr.*
    from etr
    inner join current_files
        on etr.file_id = current_files.file_id

),

maternity_providers as (

    select
        org_code,
        -- the name of the latest period (34 codes are published under two or more names)
        first(org_name order by period_end desc, org_name asc) as published_name,
        min(period_start) as first_maternity_period,
        max(period_end) as last_maternity_period
    from observations
    where org_level = 'Provider'
    group by org_code

),

predecessors as (

    select
        current_code as org_code,
        string_agg(org_code, ';' order by org_code) as predecessor_codes,
        max(successor_effective_date) as last_merger_date
    from successors
    group by current_code

),

codes as (

    select org_code from current_etr
    union
    select org_code from register
    union
    select org_code from maternity_providers

),

final as (

    select
        codes.org_code,
        coalesce(current_etr.org_name, upper(register.org_name), maternity_providers.published_name)
            as org_name,
        current_etr.region_code,
        register.region_name,
        current_etr.icb_code,
        register.icb_name,
        register.trust_type,
        comparator_groups.mbrrace_comparator_group,
        current_etr.open_date,
        current_etr.close_date,
        predecessors.predecessor_codes,
        predecessors.last_merger_date,
        maternity_providers.org_code is not null as has_maternity_data,
        maternity_providers.first_maternity_period,
        maternity_providers.last_maternity_period
    from codes
    left join current_etr
        on codes.org_code = current_etr.org_code
    left join register
        on codes.org_code = register.org_code
    left join maternity_providers
        on codes.org_code = maternity_providers.org_code
    left join comparator_groups
        on codes.org_code = comparator_groups.org_code
    left join predecessors
        on codes.org_code = predecessors.org_code

)

select * from final
