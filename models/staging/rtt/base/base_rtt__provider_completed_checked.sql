{#-
    RTT completed pathways by provider and treatment function (NHS England provider workbook,
    sheet 'Provider'), typed. Bands summed as in the full extract: within 18 weeks = the bands
    > 0-1 .. > 17-18. The median and 95th percentile are '-' where a row has no pathways.
-#}
{{ config(materialized='table') }}
{%- set bands = [] -%}
{%- for w in range(104) -%}
    {%- do bands.append('gt_' ~ '%02d' | format(w) ~ '_to_' ~ '%02d' | format(w + 1) ~ '_weeks') -%}
{%- endfor -%}
{%- do bands.append('gt_104_weeks') -%}
{%- set counts = bands + ['unknown_clock_start', 'total_all', 'total_known_clock_start',
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
        {{ value_number('source.median_weeks') }} as median_weeks,
        {{ value_number('source.p95_weeks') }} as p95_weeks,
        (
            {%- for c in counts %}
                {{ value_not_a_number('source.' ~ c) }}
                or {{ value_number('source.' ~ c) }} < 0{% if not loop.last %} or{% endif %}
            {%- endfor %}
        ) as count_invalid,
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

summed as (

    select
        *,
        {%- for b in bands %}
            coalesce({{ b }}, 0){% if not loop.last %} +{% endif %}
        {%- endfor %} as pathways_in_week_bands,
        {%- for b in bands[:18] %}
            coalesce({{ b }}, 0){% if not loop.last %} +{% endif %}
        {%- endfor %} as within_18_weeks
    from typed

),

checked as (

    select
        *,
        case
            when provider_code is null then 'missing provider code'
            when treatment_function_code is null then 'missing treatment function code'
            when period_start is null then 'period not found in the title block'
            when count_invalid then 'a count is not a number or is negative'
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
