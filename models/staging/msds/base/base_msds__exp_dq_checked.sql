{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_files_to_rebuild(loaded_files_of_layout('msds_exp_dq')) }}",
    )
}}
-- depends_on: {{ ref('stg_landing__file_manifest') }}
{#
    Incremental by raw file (macros/incremental_files.sql): an incremental run types and checks
    only the files landed in this build. raw_text is kept for quarantined rows only.
-#}
with

source as (

    select * from {{ source('msds', 'msds_exp_dq') }}
    {% if is_incremental() %}
        where file_id in ({{ files_to_build(loaded_files_of_layout('msds_exp_dq')) }})
    {% endif %}

),

typed as (

    select
        file_id,
        line_number,
        {{ ddmmyyyy_to_date('reporting_period_start_date') }} as period_start,
        {{ ddmmyyyy_to_date('reporting_period_end_date') }} as period_end,
        org_code as org_code_published,
        upper(trim(org_code)) as org_code,
        trim(data_table) as data_table,
        trim(uid) as uid,
        trim(data_item) as data_item,
        {{ numeric_value('valid') }} as valid_count,
        {{ numeric_value('default_count') }} as default_count,
        {{ numeric_value('invalid') }} as invalid_count,
        {{ numeric_value('missing') }} as missing_count,
        {{ numeric_value('denominator') }} as denominator,
        {{ value_marker_status('valid') }} as valid_marker,
        {{ value_marker_status('default_count') }} as default_marker,
        {{ value_marker_status('invalid') }} as invalid_marker,
        {{ value_marker_status('missing') }} as missing_marker,
        {{ value_marker_status('denominator') }} as denominator_marker,
        {{ raw_text(['reporting_period_start_date', 'reporting_period_end_date', 'org_code',
            'data_table', 'uid', 'data_item', 'valid', 'default_count', 'invalid', 'missing',
            'denominator']) }} as raw_text
    from source

),

checked as (

    select
        *,
        case
            when period_start is null or period_end is null
                then 'impossible or unparseable reporting period date (dd/mm/yyyy expected)'
            when period_end < period_start then 'reporting period ends before it starts'
            when org_code is null or data_item is null then 'missing org code or data item'
            when
                'invalid' in (
                    valid_marker, default_marker, invalid_marker, missing_marker, denominator_marker
                )
                then 'a count is not a number or a known marker'
            when least(valid_count, default_count, invalid_count, missing_count, denominator) < 0
                then 'negative count'
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
