{#-
    Distinct provider codes per current file in the tidy table equal the distinct provider codes
    in the landed file itself (118 in the March 2025 exp-data): nothing lost between landing and
    the tidy table. Returns the files whose counts differ.
-#}
with

observations as (

    select * from {{ ref('int_maternity_observations_unioned') }}

),

current_files as (

    select * from {{ ref('int_landed_files_current') }}

),

landed_exp_data as (

    select
        file_id,
        org_level,
        org_code
    from {{ source('msds', 'msds_exp_data') }}

),

landed_exp_measures as (

    select
        file_id,
        org_level,
        org_code
    from {{ source('msds', 'msds_exp_measures') }}

),

landed_annual as (

    select
        file_id,
        org_level,
        org_code
    from {{ source('msds', 'msds_annual') }}

),

landed as (

    select * from landed_exp_data
    union all
    select * from landed_exp_measures
    union all
    select * from landed_annual

),

landed_counts as (

    select
        landed.file_id,
        count(distinct landed.org_code) as providers_in_file
    from landed
    inner join current_files
        on landed.file_id = current_files.file_id
    where upper(landed.org_level) = 'PROVIDER'
    group by landed.file_id

),

tidy_counts as (

    select
        source_file_id as file_id,
        count(distinct org_code_published) as providers_in_tidy_table
    from observations
    where org_level = 'Provider'
    group by source_file_id

),

final as (

    select
        landed_counts.file_id,
        landed_counts.providers_in_file,
        tidy_counts.providers_in_tidy_table
    from landed_counts
    left join tidy_counts
        on landed_counts.file_id = tidy_counts.file_id
    where
        tidy_counts.providers_in_tidy_table is null
        or landed_counts.providers_in_file <> tidy_counts.providers_in_tidy_table

)

select * from final
