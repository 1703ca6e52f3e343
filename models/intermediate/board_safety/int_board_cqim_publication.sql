-- Whether each CQIM was published for each provider and month, and for an unpublished CQIM
-- (Result Fail: rate blank, DNS or Low DQ) which failed CQIMDQ measures explain it. Rule: a
-- CQIM is explained by a failed CQIMDQ measure mapped to it (seed cqim_dq_measure_map); failing
-- that, by any failed CQIMDQ measure of the provider that month (the stated fallback, as the
-- mapping is not in the published files); otherwise it is unexplained.
with

observations as (

    select * from {{ ref('int_maternity_observations_unioned') }}

),

dq_results as (

    select * from {{ ref('int_board_cqim_dq_results') }}

),

dq_map as (

    select * from {{ ref('cqim_dq_measure_map') }}

),

cqims as (

    select
        org_code_published,
        org_code,
        org_name,
        period_start,
        period_end,
        measure as cqim,
        result_text,
        status,
        rate,
        rate_unit,
        numerator,
        denominator,
        source_file_id
    from observations
    where
        source = 'msds_exp_measures'
        and org_level = 'Provider'
        and measure_family = 'CQIM_Rate'

),

mapped_cqims as (

    select distinct cqim from dq_map

),

mapped_failures as (

    select
        cqims.org_code_published,
        cqims.period_start,
        cqims.cqim,
        string_agg(dq_results.cqim_dq_measure, ', ' order by dq_results.cqim_dq_measure)
            as failed_mapped_dq_measures
    from cqims
    inner join dq_map
        on cqims.cqim = dq_map.cqim
    inner join dq_results
        on
            cqims.org_code_published = dq_results.org_code_published
            and cqims.period_start = dq_results.period_start
            and dq_map.cqim_dq_measure = dq_results.cqim_dq_measure
    where dq_results.is_failed
    group by cqims.org_code_published, cqims.period_start, cqims.cqim

),

provider_failures as (

    select
        org_code_published,
        period_start,
        string_agg(cqim_dq_measure, ', ' order by cqim_dq_measure) as failed_dq_measures
    from dq_results
    where is_failed
    group by org_code_published, period_start

),

joined as (

    select
        cqims.*,
        mapped_cqims.cqim is not null as has_dq_mapping,
        mapped_failures.failed_mapped_dq_measures,
        provider_failures.failed_dq_measures as provider_failed_dq_measures,
        cqims.result_text = 'Fail' as is_unpublished
    from cqims
    left join mapped_cqims
        on cqims.cqim = mapped_cqims.cqim
    left join mapped_failures
        on
            cqims.org_code_published = mapped_failures.org_code_published
            and cqims.period_start = mapped_failures.period_start
            and cqims.cqim = mapped_failures.cqim
    left join provider_failures
        on
            cqims.org_code_published = provider_failures.org_code_published
            and cqims.period_start = provider_failures.period_start

),

final as (

    select
        *,
        case
            when status = 'did_not_submit' then 'unpublished_did_not_submit'
            when is_unpublished then 'unpublished_data_quality'
            when status = 'suppressed' then 'suppressed_small_numbers'
            else 'published'
        end as publication_status,
        case
            when not is_unpublished then null
            when failed_mapped_dq_measures is not null then 'mapped_cqimdq_failed'
            when provider_failed_dq_measures is not null then 'other_cqimdq_failed'
            else 'unexplained'
        end as unpublished_explanation
    from joined

)

select * from final
