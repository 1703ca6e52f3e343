{%- set numbers = ['financial_position', 'op_income', 'op_cost'] -%}

with

source as (

    select * from {{ source('finance', 'trust_finances') }}

),

typed as (

    select
        file_id,
        line_number,
        upper(trim(org_code)) as org_code,
        try_cast(trim(year) as integer) as fy_start_year,
        {%- for n in numbers %}
            {{ value_number(n) }} as {{ n }},
            {{ value_not_a_number(n) }} as {{ n }}_invalid,
            {{ value_is_truncated_scientific(n) }} as {{ n }}_truncated,
        {%- endfor %}
        {{ raw_text(['org_code', 'year', 'financial_position', 'op_income', 'op_cost']) }}
            as raw_text
    from source

),

checked as (

    select
        *,
        case
            when org_code is null then 'missing organisation code'
            when fy_start_year is null then 'year is not a year'
            {%- for n in numbers %}
                when {{ n }}_invalid then '{{ n }} is not a number'
                when {{ n }}_truncated
                    then '{{ n }} in 3-significant-figure scientific notation (precision lost)'
            {%- endfor %}
            when op_cost > 0 then 'operating cost published positive (expected negative)'
        end as quarantine_reason
    from typed

),

final as (

    select * from checked

)

select * from final
