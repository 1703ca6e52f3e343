-- The CQIM data-quality measures (CQIMDQnn) of exp-measures per provider as published: Pass or
-- Fail, and whether the provider did not submit (DNS, published as Fail).
with

observations as (

    select * from {{ ref('int_maternity_observations_unioned') }}

),

final as (

    select
        org_code_published,
        org_code,
        org_name,
        period_start,
        period_end,
        measure as cqim_dq_measure,
        result_text,
        status,
        rate as measure_percent,
        numerator,
        denominator,
        result_text = 'Fail' as is_failed,
        status = 'did_not_submit' as is_did_not_submit,
        source_file_id
    from observations
    where
        source = 'msds_exp_measures'
        and org_level = 'Provider'
        and measure_family = 'CQIM_DQ_Measure'

)

select * from final
