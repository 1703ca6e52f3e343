with

source as (

    select * from {{ source('msds', 'msds_annual') }}

),

typed as (

    select
        file_id,
        line_number,
        trim(period) as period_label,
        case
            when regexp_matches(trim(period), '^[0-9]{4}-[0-9]{2}$')
                then make_date(cast(left(trim(period), 4) as integer), 4, 1)
        end as period_start,
        trim(dimension) as dimension_published,
        {{ normalise_org_level('org_level') }} as org_level,
        {{ normalise_org_code('org_code', 'org_level', 'org_name') }} as org_code,
        org_code as org_code_published,
        upper(trim(org_name)) as org_name,
        {{ normalise_category('dimension', 'measure') }} as category,
        -- 2019-20 writes count_of in lower case (babies, deliveries)
        upper(left(trim(count_of), 1)) || lower(substr(trim(count_of), 2)) as count_of,
        value as value_text,
        {{ value_marker_status('value') }} as value_marker,
        {{ numeric_value('value') }} as value_number,
        {{ raw_text(['period', 'dimension', 'org_level', 'org_code', 'org_name', 'measure',
            'count_of', 'value']) }} as raw_text
    from source

),

checked as (

    select
        *,
        period_start + interval 1 year - interval 1 day as period_end,
        case
            when period_start is null then 'period is not a financial year such as 2019-20'
            when
                cast(right(period_label, 2) as integer)
                <> (year(period_start) + 1) % 100
                then 'period is not a financial year such as 2019-20'
            when dimension_published is null or org_level is null
                then 'missing dimension or org level'
            when org_code is null then 'missing org code'
            when value_marker = 'invalid'
                then 'value is not a number or a known marker: ' || value_text
            when value_marker = 'result' then 'pass/fail text where a count is expected'
            -- -1 is the 2017-18 workbook's "not available" marker; other negatives are errors
            when value_number < 0 and value_number <> -1 then 'negative count'
        end as quarantine_reason
    from typed

),

final as (

    select * from checked

)

select * from final
