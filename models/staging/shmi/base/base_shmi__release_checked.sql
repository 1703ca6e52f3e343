{%- set numbers = [
    'denominator', 'observed', 'expected', 'shmi_value', 'po_ll', 'po_ul', 'od_ll', 'od_ul',
    'od_banding', 'po_banding',
] -%}

with

source as (

    select * from {{ source('shmi', 'shmi_release') }}

),

files as (

    select * from {{ ref('stg_landing__file_manifest') }}

),

typed as (

    select
        source.file_id,
        source.line_number,
        files.period_start as release_month,
        trim(source.indicator_code) as indicator_code,
        upper(trim(source.provider_code)) as provider_code,
        trim(source.provider_name) as provider_name,
        {%- for n in numbers %}
            {{ value_number('source.' ~ n) }} as {{ n }},
            {{ value_not_a_number('source.' ~ n) }} as {{ n }}_invalid,
        {%- endfor %}
        {{ raw_text(['source.indicator_code', 'source.provider_code', 'source.provider_name',
            'source.denominator', 'source.observed', 'source.expected', 'source.shmi_value',
            'source.po_ll', 'source.po_ul', 'source.od_ll', 'source.od_ul',
            'source.od_banding']) }} as raw_text
    from source
    left join files
        on source.file_id = files.file_id

),

checked as (

    select
        *,
        case
            when provider_code is null and indicator_code ilike 'copyright%'
                then 'footer line (copyright notice), not a data row'
            when provider_code is null then 'missing provider code'
            when release_month is null then 'release month not found in the file name'
            {%- for n in numbers %}
                when {{ n }}_invalid then '{{ n }} is not a number'
            {%- endfor %}
            when observed is null or expected is null then 'missing observed or expected deaths'
            when observed < 0 or expected <= 0 then 'observed negative or expected not positive'
            when od_banding not in (1, 2, 3) then 'published banding is not 1, 2 or 3'
        end as quarantine_reason
    from typed

),

final as (

    select * from checked

)

select * from final
