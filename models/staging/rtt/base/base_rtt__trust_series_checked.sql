with

source as (

    select * from {{ source('rtt', 'rtt_trust_series') }}

),

typed as (

    select
        file_id,
        line_number,
        upper(trim(trust_code)) as trust_code,
        trim(trust_name) as trust_name,
        try_cast(trim(month_date) as date) as month_start,
        trim(treatment) as treatment,
        {{ value_number('waits_over_18_weeks') }} as waits_over_18_weeks,
        {{ value_number('waits_over_52_weeks') }} as waits_over_52_weeks,
        {{ value_not_a_number('waits_over_18_weeks') }}
        or {{ value_not_a_number('waits_over_52_weeks') }} as waits_not_a_number,
        {{ raw_text(['trust_code', 'trust_name', 'month_date', 'year', 'month_name',
            'treatment', 'waits_over_18_weeks', 'waits_over_52_weeks']) }} as raw_text
    from source

),

checked as (

    select
        *,
        case
            when trust_code is null then 'missing trust code'
            when month_start is null then 'date is not a yyyy-mm-dd date'
            when day(month_start) <> 1 then 'date is not the first of a month'
            when treatment is null then 'missing treatment'
            when waits_not_a_number then 'waits are not numbers'
            when waits_over_18_weeks < 0 or waits_over_52_weeks < 0 then 'negative waits'
            when waits_over_52_weeks > waits_over_18_weeks
                then 'more waits over 52 weeks than over 18 weeks'
        end as quarantine_reason
    from typed

),

final as (

    select * from checked

)

select * from final
