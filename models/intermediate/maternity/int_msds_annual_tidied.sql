-- Annual provider-file rows with the dimension names of 2019-20 (GESTATIONATBOOKING, TOTAL
-- BABIES, ...) mapped to the current names by the msds_dimension_crosswalk seed.
with

annual as (

    select * from {{ ref('stg_msds__annual') }}

),

crosswalk as (

    select * from {{ ref('msds_dimension_crosswalk') }}

),

final as (

    select
        annual.file_id,
        'msds_annual' as source,
        annual.org_level,
        annual.org_code_published,
        annual.org_code,
        annual.org_name,
        annual.period_start,
        annual.period_end,
        'year' as period_grain,
        cast(null as varchar) as measure_family,
        annual.category,
        annual.count_of,
        annual.value,
        cast(null as double) as numerator,
        cast(null as double) as denominator,
        cast(null as double) as rate,
        cast(null as varchar) as rate_unit,
        cast(null as varchar) as result_text,
        annual.value_status as status,
        coalesce(crosswalk.dimension, annual.dimension_published) as measure
    from annual
    left join crosswalk
        on annual.dimension_published = crosswalk.dimension_published

)

select * from final
