with

readiness as (

    select * from {{ ref('int_board_mis_sa2_readiness') }}

),

final as (

    select
        org_code_published,
        org_code,
        org_name,
        period_start,
        period_end,
        readiness,
        at_risk_reasons,
        failing_items,
        did_not_submit,
        cqim_dq_measures_reported,
        cqim_dq_measures_passed,
        cqim_dq_measures_failed,
        cqim_dq_measures_not_submitted,
        failed_cqim_dq_measures,
        cqims_reported,
        cqims_published,
        cqims_suppressed_small_numbers,
        cqims_unpublished,
        unpublished_cqims,
        cast(max_cqims_unpublished as integer) as max_cqims_unpublished,
        has_exp_dq,
        key_data_items_assessed,
        key_data_items_failing,
        failing_data_items,
        evidence_used,
        'A view from public MSDS files, not NHS Resolution''s assessment of safety action 2'
            as assessment_note
    from readiness

)

select * from final
