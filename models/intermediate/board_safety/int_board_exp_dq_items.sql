-- exp-dq data-item completeness and validity per provider and month (Valid, Default, Invalid
-- and Missing as percents of the item's denominator), with the key items of the MIS safety
-- action 2 readiness view and whether each meets its minimum valid percent. Empty on the real
-- corpus (no exp-dq file); filled on synthetic data.
with

observations as (

    select * from {{ ref('int_maternity_observations_unioned') }}

),

key_items as (

    select * from {{ ref('mis_sa2_key_data_items') }}

),

criteria as (

    select * from {{ ref('mis_sa2_criteria') }}

),

dq_rows as (

    select
        *,
        regexp_extract(measure, '^\S+ (.*)$', 1) as data_item
    from observations
    where source = 'msds_exp_dq'

),

pivoted as (

    select
        org_code_published,
        org_code,
        period_start,
        period_end,
        measure_family as data_table,
        measure as uid_data_item,
        data_item,
        max(value) filter (where category = 'Valid') as valid_count,
        max(value) filter (where category = 'Default') as default_count,
        max(value) filter (where category = 'Invalid') as invalid_count,
        max(value) filter (where category = 'Missing') as missing_count,
        max(denominator) as denominator,
        any_value(source_file_id) as source_file_id
    from dq_rows
    group by
        org_code_published,
        org_code,
        period_start,
        period_end,
        measure_family,
        measure,
        data_item

),

default_threshold as (

    select threshold from criteria
    where criterion = 'min_key_item_valid_percent'

),

final as (

    select
        pivoted.*,
        100.0 * pivoted.valid_count / nullif(pivoted.denominator, 0) as valid_percent,
        100.0 * pivoted.default_count / nullif(pivoted.denominator, 0) as default_percent,
        100.0 * pivoted.invalid_count / nullif(pivoted.denominator, 0) as invalid_percent,
        100.0 * pivoted.missing_count / nullif(pivoted.denominator, 0) as missing_percent,
        key_items.data_item is not null as is_key_item,
        case
            when key_items.data_item is not null
                then coalesce(key_items.min_valid_percent, default_threshold.threshold)
        end as min_valid_percent,
        case
            when key_items.data_item is not null
                then
                    coalesce(
                        100.0 * pivoted.valid_count / nullif(pivoted.denominator, 0)
                        < coalesce(key_items.min_valid_percent, default_threshold.threshold),
                        false
                    )
        end as is_failing
    from pivoted
    left join key_items
        on pivoted.data_item = key_items.data_item
    cross join default_threshold

)

select * from final
