with

checked as (

    select * from {{ ref('base_shmi__release_checked') }}

),

final as (

    select
        file_id,
        line_number,
        release_month,
        indicator_code,
        provider_code,
        provider_name,
        cast(denominator as bigint) as provider_spells,
        cast(observed as bigint) as observed_deaths,
        expected as expected_deaths,
        shmi_value as published_shmi,
        po_ll as published_poisson_lower_95,
        po_ul as published_poisson_upper_95,
        od_ll as published_lower_95,
        od_ul as published_upper_95,
        cast(od_banding as integer) as published_banding,
        cast(po_banding as integer) as published_poisson_banding
    from checked
    where quarantine_reason is null

)

select * from final
