with

indicators as (

    select * from {{ ref('int_board_sbl_coc_indicators') }}

),

final as (

    select
        org_code_published,
        org_code,
        org_name,
        period_start,
        period_end,
        programme,
        indicator,
        base_indicator,
        breakdown,
        indicator_type,
        sbl_element,
        numerator,
        denominator,
        rate,
        rate_lower,
        rate_upper,
        status,
        result_text,
        england_numerator,
        england_denominator,
        england_rate,
        position_vs_england,
        periods_published,
        previous_period_start,
        previous_rate,
        change_from_previous,
        trend,
        source_file_id
    from indicators

)

select * from final
