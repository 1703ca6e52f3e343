{#-
    The annual A&E 4-hour share (hospital_management panel, 2 decimals) beside the same share
    computed from the monthly provider files, for the trust-years both hold. Agreement: the
    monthly figure within 0.5 percentage points of the published one (the annual is rounded to
    whole percent, so 0.5 pp is its rounding). Both all-types and type-1 shares are compared:
    which one the panel holds is not documented. Grain: one row per org_code and fy_start_year.
-#}
with

annual as (

    select * from {{ ref('stg_ae__annual') }}

),

current_files as (

    select * from {{ ref('int_landed_files_current') }}

),

monthly as (

    select * from {{ ref('int_ae_provider_financial_years') }}

),

annual_current as (

    select annual.*
    from annual
    inner join current_files
        on annual.file_id = current_files.file_id

),

joined as (

    select
        annual_current.org_code,
        annual_current.fy_start_year,
        monthly.financial_year,
        monthly.months_with_4_hour_waits,
        monthly.is_complete_year,
        annual_current.share_within_4_hours as annual_share_within_4_hours,
        monthly.share_within_4_hours_all as monthly_share_within_4_hours_all,
        monthly.share_within_4_hours_type1 as monthly_share_within_4_hours_type1
    from annual_current
    inner join monthly
        on
            annual_current.org_code = monthly.org_code
            and annual_current.fy_start_year = monthly.fy_start_year

),

final as (

    select
        *,
        100 * (monthly_share_within_4_hours_all - annual_share_within_4_hours)
            as difference_all_pp,
        100 * (monthly_share_within_4_hours_type1 - annual_share_within_4_hours)
            as difference_type1_pp,
        abs(monthly_share_within_4_hours_all - annual_share_within_4_hours) <= 0.005 + 1e-9
            as agrees_all,
        abs(monthly_share_within_4_hours_type1 - annual_share_within_4_hours) <= 0.005 + 1e-9
            as agrees_type1
    from joined

)

select * from final
