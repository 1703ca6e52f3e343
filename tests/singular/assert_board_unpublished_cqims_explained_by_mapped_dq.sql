{{ config(severity='warn') }}
{#-
    Stricter than the error-level test: lists unpublished CQIMs explained only by the fallback
    rule (no mapped CQIMDQ measure failed), and published CQIMs although a mapped CQIMDQ measure
    failed. Either means the authored mapping (seed cqim_dq_measure_map) does not match the
    publisher's rule for that month. A warning, as the mapping is not published. None on the
    real April 2025 file.
-#}
with

publication as (

    select * from {{ ref('int_board_cqim_publication') }}

),

final as (

    select
        org_code_published,
        period_start,
        cqim,
        result_text,
        failed_mapped_dq_measures,
        provider_failed_dq_measures,
        case
            when is_unpublished then 'unpublished, no mapped CQIMDQ failed'
            else 'published although a mapped CQIMDQ failed'
        end as mismatch
    from publication
    where
        (is_unpublished and unpublished_explanation = 'other_cqimdq_failed')
        or (not is_unpublished and failed_mapped_dq_measures is not null)

)

select * from final
