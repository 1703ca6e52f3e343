{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_files_to_rebuild(current_maternity_files(), 'source_file_id',
            maternity_successors_changed()) }}",
    )
}}
-- depends_on: {{ ref('stg_landing__file_manifest') }}
-- depends_on: {{ ref('int_maternity_periods_changed') }}
{#
    The one tidy maternity table every index reads. Rows of current files only (a superseded
    file stays in staging and in the manifest, not here); provider codes mapped to their current
    ODS successor, the published code kept. Incremental by raw file
    (macros/incremental_files.sql): an incremental run deletes the rows of files landed again or
    no longer current and inserts those of files landed in this build or current but not yet
    held; when a held provider code maps to another successor now, every file is rebuilt.
-#}
{%- set files_to_build_here -%}
    {{ files_to_build(current_maternity_files(), 'source_file_id',
        maternity_successors_changed()) }}
{%- endset %}
with

exp_data as (

    select * from {{ ref('int_msds_exp_data_tidied') }}
    {% if is_incremental() %}
        where file_id in ({{ files_to_build_here }})
    {% endif %}

),

exp_measures as (

    select * from {{ ref('int_msds_exp_measures_pivoted') }}
    {% if is_incremental() %}
        where file_id in ({{ files_to_build_here }})
    {% endif %}

),

exp_dq as (

    select * from {{ ref('int_msds_exp_dq_tidied') }}
    {% if is_incremental() %}
        where file_id in ({{ files_to_build_here }})
    {% endif %}

),

annual as (

    select * from {{ ref('int_msds_annual_tidied') }}
    {% if is_incremental() %}
        where file_id in ({{ files_to_build_here }})
    {% endif %}

),

current_files as (

    select * from {{ ref('int_landed_files_current') }}

),

successors as (

    select * from {{ ref('int_ods_successors_resolved') }}

),

unioned as (

    select * from exp_data
    union all by name
    select * from exp_measures
    union all by name
    select * from exp_dq
    union all by name
    select * from annual

),

current_rows as (

    select
        unioned.*,
        current_files.relative_path as source_file,
        current_files.is_provisional
    from unioned
    inner join current_files
        on unioned.file_id = current_files.file_id

),

mapped as (

    select
        current_rows.*,
        case
            when current_rows.org_level = 'Provider'
                then coalesce(successors.current_code, current_rows.org_code)
            else current_rows.org_code
        end as current_org_code,
        case
            when current_rows.org_level = 'Provider' then successors.successor_effective_date
        end as successor_effective_date,
        coalesce(
            current_rows.org_level = 'Provider' and successors.is_split_successor, false
        ) as is_split_successor
    from current_rows
    left join successors
        on current_rows.org_code = successors.org_code

),

final as (

    select
        current_org_code as org_code,
        org_code_published,
        org_name,
        org_level,
        period_start,
        period_end,
        period_grain,
        source,
        measure_family,
        measure,
        category,
        count_of,
        value,
        numerator,
        denominator,
        rate,
        rate_unit,
        result_text,
        status,
        is_provisional,
        successor_effective_date,
        is_split_successor,
        file_id as source_file_id,
        source_file,
        status = 'rounded' as is_rounded
    from mapped

)

select * from final
