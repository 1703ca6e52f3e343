-- Preterm birth from MSDS per trust (current ODS code) and England: babies born under 37
-- weeks as a percent of babies of known gestation (GestationLengthBirthGroup37, annual and
-- monthly exp-data; an absent '<37 weeks' row is zero), and the CQIMPreterm indicator (per
-- 1,000 singleton live births, shown as percent). Counts are published rounded: the interval
-- is the Wilson 95% interval widened for disclosure rounding (wilson_*_rounded). Trusts whose
-- history continues under a successor have their published codes' counts summed.
with

observations as (

    select * from {{ ref('int_maternity_observations_unioned') }}

),

gestation as (

    select * from observations
    where
        measure = 'GestationLengthBirthGroup37'
        and source in ('msds_annual', 'msds_exp_data')
        and org_level in ('Provider', 'National')

),

gestation_counts as (

    select
        case when org_level = 'National' then 'ENGLAND' else org_code end as org_code,
        org_level,
        source,
        period_start,
        period_end,
        period_grain,
        min(org_name) as org_name,
        coalesce(sum(value) filter (where category = '<37 weeks'), 0) as events,
        sum(value) filter (where category in ('<37 weeks', '>=37 weeks')) as population,
        count(distinct org_code_published) as published_codes,
        min(source_file_id) as source_file_id,
        min(source_file) as source_file
    from gestation
    group by
        case when org_level = 'National' then 'ENGLAND' else org_code end,
        org_level,
        source,
        period_start,
        period_end,
        period_grain

),

gestation_rates as (

    select
        *,
        'msds_gestation_under_37_weeks' as series,
        100.0 * events / population as rate,
        100.0 * {{ wilson_lower_rounded('events', 'population') }} as rate_lower,
        100.0 * {{ wilson_upper_rounded('events', 'population') }} as rate_upper,
        'babies under 37 weeks of babies with known gestation; Wilson 95% interval with rounding'
            as rate_method
    from gestation_counts
    where population > 0

),

cqim as (

    select * from observations
    where
        source = 'msds_exp_measures'
        and measure = 'CQIMPreterm'
        and org_level in ('Provider', 'National')

),

cqim_counts as (

    select
        case when org_level = 'National' then 'ENGLAND' else org_code end as org_code,
        org_level,
        source,
        period_start,
        period_end,
        period_grain,
        min(org_name) as org_name,
        sum(numerator) as events,
        sum(denominator) as population,
        count(distinct org_code_published) as published_codes,
        bool_and(result_text = 'Pass' or org_level = 'National') as is_published,
        -- a published rate belongs to one published code: none for a merged trust
        case when count(distinct org_code_published) = 1 then min(rate) end as published_rate,
        min(source_file_id) as source_file_id,
        min(source_file) as source_file
    from cqim
    group by
        case when org_level = 'National' then 'ENGLAND' else org_code end,
        org_level,
        source,
        period_start,
        period_end,
        period_grain

),

cqim_rates as (

    select
        org_code,
        org_level,
        source,
        period_start,
        period_end,
        period_grain,
        org_name,
        events,
        population,
        published_codes,
        source_file_id,
        source_file,
        'msds_cqim_preterm' as series,
        case
            when not is_published then null
            when published_codes = 1 then published_rate / 10.0
            else 100.0 * events / population
        end as rate,
        case
            when is_published and published_rate is not null and population > 0
                then 100.0 * {{ wilson_lower_rounded('events', 'population') }}
        end as rate_lower,
        case
            when is_published and published_rate is not null and population > 0
                then 100.0 * {{ wilson_upper_rounded('events', 'population') }}
        end as rate_upper,
        'CQIMPreterm (per 1,000 singleton live births / 10); Wilson 95% interval with rounding'
            as rate_method
    from cqim_counts

),

unioned as (

    select * from gestation_rates
    union all by name
    select * from cqim_rates

),

final as (

    select
        org_code,
        org_level,
        org_name,
        'preterm_birth' as ambition,
        series,
        source,
        period_start,
        period_end,
        period_grain,
        year(
            period_start + to_days(cast(datediff('day', period_start, period_end) // 2 as integer))
        ) as trajectory_year,
        events,
        population,
        rate,
        rate_lower,
        rate_upper,
        'percent' as rate_unit,
        rate_method,
        published_codes,
        source_file_id,
        source_file
    from unioned

)

select * from final
