-- England's own stillbirth and neonatal death rates from the MBRRACE-UK trust file. MBRRACE-UK
-- suppresses the death counts of some organisations, so England's crude rate is the sum of the
-- published deaths over the births of the English organisations whose counts are published,
-- with its coverage (share of English births) stated; deaths cannot be rebuilt for the others.
-- Beside it, the births-weighted mean of the stabilised rates of all English organisations.
with

perinatal as (

    select * from {{ ref('int_mbrrace_perinatal_mapped') }}

),

english as (

    select * from perinatal
    where country_name = 'England'

),

stillbirths as (

    select
        'stillbirth' as ambition,
        series,
        report_year,
        total_stillbirths as events,
        total_births as population,
        stabilised_stillbirth_rate as stabilised_rate
    from english

),

neonatal_deaths as (

    select
        'neonatal_death' as ambition,
        series,
        report_year,
        total_neonatal_deaths as events,
        total_live_births as population,
        stabilised_neonatal_death_rate as stabilised_rate
    from english

),

unioned as (

    select * from stillbirths
    union all by name
    select * from neonatal_deaths

),

summed as (

    select
        ambition,
        series,
        report_year,
        count(*) as organisations,
        count(events) as organisations_with_counts,
        sum(events) as events,
        sum(population) filter (where events is not null) as population_covered,
        sum(population) as population,
        sum(stabilised_rate * population) / sum(population) as stabilised_mean_rate
    from unioned
    group by ambition, series, report_year

),

final as (

    select
        ambition,
        series,
        report_year,
        organisations,
        organisations_with_counts,
        events,
        population_covered,
        population,
        stabilised_mean_rate,
        100.0 * population_covered / population as coverage_percent,
        1000.0 * events / population_covered as crude_rate,
        1000.0 * {{ wilson_lower('events', 'population_covered') }} as crude_rate_lower,
        1000.0 * {{ wilson_upper('events', 'population_covered') }} as crude_rate_upper,
        'crude rate over English organisations with published counts (Wilson 95% interval)'
            as rate_method
    from summed

)

select * from final
