{#-
    RTT completed pathways by provider and treatment function (NHS England provider workbook,
    sheet 'Provider'), typed. Bands summed as in the full extract: within 18 weeks = the bands
    > 0-1 .. > 17-18. The median and 95th percentile are '-' where a row has no pathways.
-#}
{{ config(materialized='table') }}
{%- set counts = ['unknown_clock_start', 'total_all', 'total_known_clock_start',
    'total_52_plus_weeks', 'total_78_plus_weeks', 'total_65_plus_weeks'] -%}

with

source as (

    select * from {{ source('rtt', 'rtt_provider_completed') }}

),

files as (

    select * from {{ ref('stg_landing__file_manifest') }}

),

typed as (

    select
        source.file_id,
        source.line_number,
        files.period_start,
        split_part(files.publication_key, '|', 2) as pathway_type,
        upper(trim(source.region_code)) as region_code,
        upper(trim(source.provider_code)) as provider_code,
        trim(source.provider_name) as provider_name,
        upper(trim(source.treatment_function_code)) as treatment_function_code,
        trim(source.treatment_function) as treatment_function,
        {%- for c in counts %}
            {{ value_number('source.' ~ c) }} as {{ c }},
        {%- endfor %}
        {{ rtt_band_texts('source') }} as band_texts,
        {{ value_number('source.median_weeks') }} as median_weeks,
        {{ value_number('source.p95_weeks') }} as p95_weeks,
        {{ value_any_invalid(counts, prefix='source.') }} as count_invalid,
        (
            {{ value_not_a_number('source.median_weeks') }}
            and trim(source.median_weeks) <> '-'
        )
        or (
            {{ value_not_a_number('source.p95_weeks') }}
            and trim(source.p95_weeks) <> '-'
        ) as percentile_invalid,
        {{ raw_text(['source.region_code', 'source.provider_code',
            'source.treatment_function_code', 'source.total_all',
            'source.total_known_clock_start']) }} as raw_text
    from source
    left join files
        on source.file_id = files.file_id

),

parsed as (

    select
        *,
        {{ rtt_band_counts('band_texts') }} as band_counts
    from typed

),

summed as (

    select
        * exclude (band_texts, band_counts),
        count_invalid
        or {{ rtt_band_not_a_number('band_texts') }}
        or {{ rtt_band_negative('band_counts') }} as band_or_count_invalid,
        {{ rtt_band_sum('band_counts') }} as pathways_in_week_bands,
        {{ rtt_band_sum('band_counts', 1, 18) }} as within_18_weeks
    from parsed

),

checked as (

    select
        *,
        case
            when provider_code is null then 'missing provider code'
            when treatment_function_code is null then 'missing treatment function code'
            when period_start is null then 'period not found in the title block'
            when band_or_count_invalid then 'a count is not a number or is negative'
            when percentile_invalid then 'median or 95th percentile is not a number (nor -)'
            when coalesce(total_known_clock_start <> pathways_in_week_bands, true)
                then 'total with a known clock start differs from the sum of the week bands'
        end as quarantine_reason
    from summed

),

final as (

    select * from checked

)

select * from final
