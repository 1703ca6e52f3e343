-- MIS safety action 2 readiness from public data, per provider (as published) and month: the
-- CQIMDQ measures passed and failed, the CQIMs therefore unpublished, and the key exp-dq data
-- items below their minimum valid percent. Rule (a project rule, not NHS Resolution's
-- assessment): at_risk when the provider did not submit, when more CQIMs are unpublished for
-- data quality than mis_sa2_criteria allows, or when any key data item is below its minimum;
-- pass otherwise.
with

dq_results as (

    select * from {{ ref('int_board_cqim_dq_results') }}

),

publication as (

    select * from {{ ref('int_board_cqim_publication') }}

),

exp_dq_items as (

    select * from {{ ref('int_board_exp_dq_items') }}

),

criteria as (

    select * from {{ ref('mis_sa2_criteria') }}

),

dq_summary as (

    select
        org_code_published,
        period_start,
        any_value(org_code) as org_code,
        any_value(org_name) as org_name,
        any_value(period_end) as period_end,
        count(*) as cqim_dq_measures_reported,
        count(*) filter (where not is_failed) as cqim_dq_measures_passed,
        count(*) filter (where is_failed) as cqim_dq_measures_failed,
        count(*) filter (where is_did_not_submit) as cqim_dq_measures_not_submitted,
        string_agg(cqim_dq_measure, ', ' order by cqim_dq_measure) filter (where is_failed)
            as failed_cqim_dq_measures
    from dq_results
    group by org_code_published, period_start

),

cqim_summary as (

    select
        org_code_published,
        period_start,
        any_value(org_code) as org_code,
        any_value(org_name) as org_name,
        any_value(period_end) as period_end,
        count(*) as cqims_reported,
        count(*) filter (where publication_status = 'published') as cqims_published,
        count(*) filter (where publication_status = 'suppressed_small_numbers')
            as cqims_suppressed_small_numbers,
        count(*) filter (where is_unpublished) as cqims_unpublished,
        count(*) filter (where status = 'did_not_submit') as cqims_not_submitted,
        string_agg(cqim, ', ' order by cqim) filter (where is_unpublished) as unpublished_cqims
    from publication
    group by org_code_published, period_start

),

item_summary as (

    select
        org_code_published,
        period_start,
        any_value(org_code) as org_code,
        any_value(period_end) as period_end,
        count(*) filter (where is_key_item) as key_data_items_assessed,
        count(*) filter (where is_failing) as key_data_items_failing,
        string_agg(
            printf('%s %.1f%% valid (min %.0f%%)', data_item, valid_percent, min_valid_percent),
            ', ' order by data_item
        ) filter (where is_failing) as failing_data_items
    from exp_dq_items
    group by org_code_published, period_start

),

providers as (

    select
        org_code_published,
        period_start
    from dq_summary
    union
    select
        org_code_published,
        period_start
    from cqim_summary
    union
    select
        org_code_published,
        period_start
    from item_summary

),

max_unpublished as (

    select threshold from criteria
    where criterion = 'max_cqims_unpublished_for_data_quality'

),

joined as (

    select
        providers.org_code_published,
        providers.period_start,
        coalesce(dq_summary.org_code, cqim_summary.org_code, item_summary.org_code) as org_code,
        coalesce(dq_summary.org_name, cqim_summary.org_name) as org_name,
        coalesce(dq_summary.period_end, cqim_summary.period_end, item_summary.period_end)
            as period_end,
        coalesce(dq_summary.cqim_dq_measures_reported, 0) as cqim_dq_measures_reported,
        coalesce(dq_summary.cqim_dq_measures_passed, 0) as cqim_dq_measures_passed,
        coalesce(dq_summary.cqim_dq_measures_failed, 0) as cqim_dq_measures_failed,
        coalesce(dq_summary.cqim_dq_measures_not_submitted, 0)
            as cqim_dq_measures_not_submitted,
        dq_summary.failed_cqim_dq_measures,
        coalesce(cqim_summary.cqims_reported, 0) as cqims_reported,
        coalesce(cqim_summary.cqims_published, 0) as cqims_published,
        coalesce(cqim_summary.cqims_suppressed_small_numbers, 0)
            as cqims_suppressed_small_numbers,
        coalesce(cqim_summary.cqims_unpublished, 0) as cqims_unpublished,
        cqim_summary.unpublished_cqims,
        item_summary.org_code_published is not null as has_exp_dq,
        coalesce(item_summary.key_data_items_assessed, 0) as key_data_items_assessed,
        coalesce(item_summary.key_data_items_failing, 0) as key_data_items_failing,
        item_summary.failing_data_items,
        coalesce(dq_summary.cqim_dq_measures_not_submitted, 0) > 0
        or coalesce(cqim_summary.cqims_not_submitted, 0) > 0 as did_not_submit,
        max_unpublished.threshold as max_cqims_unpublished
    from providers
    left join dq_summary
        on
            providers.org_code_published = dq_summary.org_code_published
            and providers.period_start = dq_summary.period_start
    left join cqim_summary
        on
            providers.org_code_published = cqim_summary.org_code_published
            and providers.period_start = cqim_summary.period_start
    left join item_summary
        on
            providers.org_code_published = item_summary.org_code_published
            and providers.period_start = item_summary.period_start
    cross join max_unpublished

),

reasons as (

    select
        *,
        nullif(
            concat_ws(
                '; ',
                case
                    when did_not_submit
                        then
                            'did not submit (DNS) for ' || cqim_dq_measures_not_submitted
                            || ' of ' || cqim_dq_measures_reported || ' CQIMDQ measures'
                end,
                case
                    when cqims_unpublished > max_cqims_unpublished
                        then
                            cqims_unpublished || ' CQIMs unpublished for data quality (more than '
                            || cast(max_cqims_unpublished as integer) || ')'
                end,
                case
                    when key_data_items_failing > 0
                        then key_data_items_failing || ' key data items below minimum valid'
                end
            ),
            ''
        ) as at_risk_reasons
    from joined

),

final as (

    select
        *,
        case when at_risk_reasons is not null then 'at_risk' else 'pass' end as readiness,
        nullif(
            concat_ws(
                '; ',
                'failed CQIMDQ: ' || failed_cqim_dq_measures,
                'unpublished CQIMs: ' || unpublished_cqims,
                'data items: ' || failing_data_items
            ),
            ''
        ) as failing_items,
        case
            when has_exp_dq then 'exp-measures CQIM data quality and exp-dq data items'
            else 'exp-measures CQIM data quality only (no exp-dq file for this month)'
        end as evidence_used
    from reasons

)

select * from final
