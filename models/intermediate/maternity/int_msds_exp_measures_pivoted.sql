{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_files_to_rebuild(loaded_files_of_layout('msds_exp_measures')) }}",
    )
}}
-- depends_on: {{ ref('stg_landing__file_manifest') }}
{#
    One row per indicator, organisation and period: the Numerator, Denominator, Rate (or Rate
    per Thousand) and Result rows of exp-measures side by side. Incremental by raw file
    (macros/incremental_files.sql).
-#}
with

measures as (

    select * from {{ ref('stg_msds__exp_measures') }}
    {% if is_incremental() %}
        where file_id in ({{ files_to_build(loaded_files_of_layout('msds_exp_measures')) }})
    {% endif %}

),

pivoted as (

    select
        file_id,
        org_level,
        org_code_published,
        period_start,
        period_end,
        indicator_family,
        indicator,
        any_value(org_code) as org_code,
        any_value(org_name) as org_name,
        max(value) filter (where currency = 'Numerator') as numerator,
        max(value) filter (where currency = 'Denominator') as denominator,
        max(value) filter (where currency in ('Rate', 'Rate per Thousand')) as rate,
        max(
            case currency when 'Rate' then 'percent' when 'Rate per Thousand' then 'per_1000' end
        ) as rate_unit,
        max(value_text) filter (where currency = 'Result') as result_text,
        max(value) filter (where currency = 'Result') as result_value,
        bool_or(value_status = 'did_not_submit') as has_did_not_submit,
        bool_or(value_status = 'suppressed') as has_suppressed,
        bool_or(value_status = 'low_data_quality') as has_low_data_quality,
        bool_or(value_status = 'rounded') as has_rounded
    from measures
    group by
        file_id,
        org_level,
        org_code_published,
        period_start,
        period_end,
        indicator_family,
        indicator

),

final as (

    select
        file_id,
        'msds_exp_measures' as source,
        org_level,
        org_code_published,
        org_code,
        org_name,
        period_start,
        period_end,
        'month' as period_grain,
        indicator_family as measure_family,
        indicator as measure,
        'All' as category,
        cast(null as varchar) as count_of,
        numerator,
        denominator,
        rate,
        rate_unit,
        result_text,
        coalesce(rate, result_value, numerator) as value,
        case
            when has_did_not_submit then 'did_not_submit'
            when has_suppressed then 'suppressed'
            when has_low_data_quality then 'low_data_quality'
            when has_rounded then 'rounded'
            else 'published'
        end as status
    from pivoted

)

select * from final
