{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_periods_changed('period_end') }}",
    )
}}
{#-
    The equality inputs from the tidy maternity table: women by ethnic group and by IMD decile
    (exp-data monthly, annual provider files) and continuity of carer by ethnic group and IMD
    decile (exp-measures COC_Rate family), each mapped to a dimension and a group. Provider
    rows are summed under the current ODS code (merged trusts' history continues under the
    successor); the published codes are kept in org_codes_published. Rounded counts carry
    their disclosure bounds (rounded_count_lower / upper) so intervals can carry the rounding.
-#}
-- depends_on: {{ ref('int_maternity_periods_changed') }}
with

observations as (

    select * from {{ ref('int_maternity_observations_unioned') }}
    where {{ in_periods_changed('period_end') }}

),

population_rows as (

    select
        source,
        org_level,
        org_code,
        org_code_published,
        org_name,
        period_start,
        period_end,
        is_provisional,
        status,
        is_rounded,
        'women_in_group' as metric,
        case measure
            when 'EthnicCategoryMotherGroup' then 'ethnicity'
            else 'deprivation'
        end as dimension,
        category as published_category,
        value as numerator,
        cast(null as double) as denominator,
        cast(null as double) as published_rate
    from observations
    where
        source in ('msds_exp_data', 'msds_annual')
        and measure in ('EthnicCategoryMotherGroup', 'DeprivationDecileAtBooking')
        and value is not null

),

coc_rows as (

    select
        source,
        org_level,
        org_code,
        org_code_published,
        org_name,
        period_start,
        period_end,
        is_provisional,
        status,
        is_rounded,
        lower(regexp_extract(measure, '^(COC_by_28weeks|COC_receiving_ongoing)')) as metric,
        case
            when contains(measure, '_Ethnicity_') then 'ethnicity'
            when contains(measure, '_IMD_') then 'deprivation'
            else 'all'
        end as dimension,
        regexp_replace(
            measure, '^COC_(by_28weeks|receiving_ongoing)_?(Ethnicity_|IMD_)?', ''
        ) as published_category,
        numerator,
        denominator,
        rate as published_rate
    from observations
    where
        source = 'msds_exp_measures'
        and measure_family = 'COC_Rate'
        and numerator is not null
        and denominator is not null

),

unioned as (

    select * from population_rows
    union all by name
    select * from coc_rows

),

in_scope as (

    select * from unioned
    where
        org_level in ('Provider', 'Local Maternity System', 'NHS England (Region)', 'National')

),

grouped as (

    select
        *,
        case
            when dimension = 'all' then 'all'
            when
                dimension = 'deprivation' and regexp_matches(published_category, '^[0-9]{2}')
                then left(published_category, 2)
            when published_category = 'White' then 'white'
            when published_category = 'Asian or Asian British' then 'asian'
            when published_category = 'Black or Black British' then 'black'
            when published_category = 'Mixed' then 'mixed'
            when published_category = 'Any other ethnic group' then 'other'
            when published_category = 'BAME' then 'bame'
            when published_category = 'Other' then 'other'
            when published_category = 'Not Stated' then 'not_stated'
            when published_category = 'Not known' then 'not_known'
            when published_category = 'Missing_Unknown' then 'missing_unknown'
            when published_category like 'Pseudo postcode%' then 'pseudo_postcode'
            when published_category like 'Resident Elsewhere%' then 'elsewhere_uk'
            when published_category like 'Missing Value%' then 'missing'
        end as group_code,
        case when is_rounded then {{ rounded_count_lower('numerator') }} else numerator end
            as numerator_lower,
        case when is_rounded then {{ rounded_count_upper('numerator') }} else numerator end
            as numerator_upper,
        case when is_rounded then {{ rounded_count_lower('denominator') }} else denominator end
            as denominator_lower,
        case when is_rounded then {{ rounded_count_upper('denominator') }} else denominator end
            as denominator_upper
    from in_scope

),

final as (

    select
        source,
        org_level,
        org_code,
        coalesce(
            max(org_name) filter (where org_code_published = org_code), max(org_name)
        ) as org_name,
        period_start,
        period_end,
        metric,
        dimension,
        group_code,
        sum(numerator) as numerator,
        sum(numerator_lower) as numerator_lower,
        sum(numerator_upper) as numerator_upper,
        sum(denominator) as denominator,
        sum(denominator_lower) as denominator_lower,
        sum(denominator_upper) as denominator_upper,
        case when count(*) = 1 then max(published_rate) end as published_rate,
        coalesce(bool_or(is_rounded), false) as is_rounded,
        bool_or(is_provisional) as is_provisional,
        count(distinct org_code_published) filter (where status = 'low_data_quality')
            as n_low_data_quality_orgs,
        string_agg(distinct org_code_published, ';' order by org_code_published)
            as org_codes_published,
        count(distinct org_code_published) as n_org_codes_published
    from grouped
    group by
        source,
        org_level,
        org_code,
        period_start,
        period_end,
        metric,
        dimension,
        group_code

)

select * from final
