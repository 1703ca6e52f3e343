{#-
    The RTT full CSV extract, typed. The 105 weekly wait bands (> 0-1 weeks .. > 104 weeks) are
    summed here into the totals staging keeps: within 18 weeks = the 18 bands up to 18 weeks
    (> 0-1 .. > 17-18), as NHS England computes the 18-week standard. Bands are blank on New RTT
    Periods rows (a count of clock starts only, in Total All).
-#}
{{ config(materialized='table') }}

with

source as (

    select * from {{ source('rtt', 'rtt_full_extract') }}

),

files as (

    select * from {{ ref('stg_landing__file_manifest') }}

),

typed as (

    select
        source.file_id,
        source.line_number,
        files.period_start,
        trim(source.period) as period_label,
        upper(trim(source.provider_parent_org_code)) as provider_parent_org_code,
        upper(trim(source.provider_org_code)) as provider_org_code,
        trim(source.provider_org_name) as provider_org_name,
        upper(trim(source.commissioner_parent_org_code)) as commissioner_parent_org_code,
        upper(trim(source.commissioner_org_code)) as commissioner_org_code,
        trim(source.rtt_part_type) as rtt_part_type,
        trim(source.rtt_part_description) as rtt_part_description,
        upper(trim(source.treatment_function_code)) as treatment_function_code,
        trim(source.treatment_function_name) as treatment_function_name,
        {{ rtt_band_texts('source') }} as band_texts,
        {{ value_number('source.total') }} as published_total,
        {{ value_number('source.patients_with_unknown_clock_start_date') }}
            as unknown_clock_start,
        {{ value_number('source.total_all') }} as published_total_all,
        {{ value_not_a_number('source.total') }}
        or {{ value_not_a_number('source.patients_with_unknown_clock_start_date') }}
        or {{ value_not_a_number('source.total_all') }} as total_not_a_number,
        {{ raw_text(['source.period', 'source.provider_org_code',
            'source.commissioner_org_code', 'source.rtt_part_type',
            'source.treatment_function_code', 'source.total_all']) }} as raw_text
    from source
    left join files
        on source.file_id = files.file_id

),

parsed as (

    select
        *,
        {{ rtt_band_counts('band_texts') }} as band_counts,
        {{ rtt_band_not_a_number('band_texts') }} as band_not_a_number
    from typed

),

summed as (

    select
        * exclude (band_texts, band_counts),
        {{ rtt_band_negative('band_counts') }} as band_negative,
        {{ rtt_band_sum('band_counts') }} as pathways_in_week_bands,
        {{ rtt_band_sum('band_counts', 1, 18) }} as within_18_weeks,
        {{ rtt_band_sum('band_counts', 53, 105) }} as over_52_weeks,
        coalesce(band_counts[105], 0) as over_104_weeks,
        list_bool_or(list_transform(band_counts, lambda c: c is not null)) as has_week_bands
    from parsed

),

checked as (

    select
        *,
        case
            when provider_org_code is null then 'missing provider code'
            when rtt_part_type is null then 'missing RTT part'
            when treatment_function_code is null then 'missing treatment function code'
            when period_start is null then 'period (RTT-<Month>-<yyyy>) not found'
            when band_not_a_number then 'a weekly wait band is not a number'
            when band_negative then 'a weekly wait band is negative'
            when total_not_a_number then 'Total, unknown clock start or Total All is not a number'
            when
                rtt_part_type in ('Part_2', 'Part_2A')
                and coalesce(published_total_all <> pathways_in_week_bands, true)
                then 'incomplete pathways: Total All differs from the sum of the week bands'
            when
                rtt_part_type in ('Part_1A', 'Part_1B')
                and coalesce(published_total <> pathways_in_week_bands, true)
                then 'completed pathways: Total differs from the sum of the week bands'
        end as quarantine_reason
    from summed

),

final as (

    select * from checked

)

select * from final
