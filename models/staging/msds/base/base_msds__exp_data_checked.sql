{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_files_to_rebuild(loaded_files_of_layout('msds_exp_data')) }}",
    )
}}
-- depends_on: {{ ref('stg_landing__file_manifest') }}
{#
    Incremental by raw file (macros/incremental_files.sql): an incremental run types and checks
    only the files landed in this build. raw_text is kept for quarantined rows only.
-#}
with

source as (

    select * from {{ source('msds', 'msds_exp_data') }}
    {% if is_incremental() %}
        where file_id in ({{ files_to_build(loaded_files_of_layout('msds_exp_data')) }})
    {% endif %}

),

typed as (

    select
        file_id,
        line_number,
        {{ ddmmyyyy_to_date('reporting_period_start_date') }} as period_start,
        {{ ddmmyyyy_to_date('reporting_period_end_date') }} as period_end,
        trim(dimension) as dimension,
        {{ normalise_org_level('org_level') }} as org_level,
        {{ normalise_org_code('org_code', 'org_level', 'org_name') }} as org_code,
        org_code as org_code_published,
        upper(trim(org_name)) as org_name,
        {{ normalise_category('dimension', 'measure') }} as category,
        trim(count_of) as count_of,
        final_value as value_text,
        {{ value_marker_status('final_value') }} as value_marker,
        {{ numeric_value('final_value') }} as value_number,
        {{ raw_text(['reporting_period_start_date', 'reporting_period_end_date', 'dimension',
            'org_level', 'org_code', 'org_name', 'measure', 'count_of', 'final_value']) }}
            as raw_text
    from source

),

checked as (

    select
        *,
        case
            when period_start is null or period_end is null
                then 'impossible or unparseable reporting period date (dd/mm/yyyy expected)'
            when period_end < period_start then 'reporting period ends before it starts'
            when dimension is null or org_level is null then 'missing dimension or org level'
            when org_code is null then 'missing org code'
            when value_marker = 'invalid'
                then 'value is not a number or a known marker: ' || value_text
            when value_marker = 'result' then 'pass/fail text where a count is expected'
            when value_number < 0 then 'negative count'
        end as quarantine_reason
    from typed

),

final as (

    select
        * exclude (raw_text),
        case when quarantine_reason is not null then raw_text end as raw_text
    from checked

)

select * from final
