{#-
    Every CQIM marked unpublished in the measures file (Result Fail: rate blank, DNS or Low DQ)
    is explained by a failed CQIM data-quality measure of the same provider and month. Rule: a
    failed CQIMDQ measure mapped to the CQIM (seed cqim_dq_measure_map), or failing that any
    failed CQIMDQ measure of the provider (the stated fallback, as the mapping is not in the
    published files). Returns the unexplained ones, with the provider's failed measures.
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
        status,
        result_text,
        provider_failed_dq_measures
    from publication
    where is_unpublished and unpublished_explanation = 'unexplained'

)

select * from final
