{#-
    The panel the value index reads: one row per acute trust (provider list c. 2018, codes as
    published in the panel) and financial year 2012/13 to 2018/19, with every input and a flag
    for each that is missing. Nothing is imputed: a missing input stays null.
    Grain: one row per org_code and fy_start_year.
-#}
with

providers as (

    select * from {{ ref('stg_trust_panel__providers') }}

),

finances as (

    select * from {{ ref('stg_finance__trust_finances') }}

),

admissions as (

    select * from {{ ref('stg_trust_panel__admissions') }}

),

beds as (

    select * from {{ ref('stg_trust_panel__beds') }}

),

staff as (

    select * from {{ ref('stg_trust_panel__staff') }}

),

shmi as (

    select * from {{ ref('stg_shmi__annual') }}

),

rtt as (

    select * from {{ ref('stg_rtt__annual') }}

),

ae as (

    select * from {{ ref('stg_ae__annual') }}

),

cqc as (

    select * from {{ ref('stg_cqc__ratings') }}

),

current_files as (

    select * from {{ ref('int_landed_files_current') }}

),

acute_trusts as (

    select providers.*
    from providers
    inner join current_files
        on providers.file_id = current_files.file_id
    where providers.org_type = 'Acute'

),

years as (

    select unnest(
        range({{ var('value_first_fy', 2012) }}, {{ var('value_last_fy', 2018) }} + 1)
    ) as fy_start_year

),

trust_years as (

    select
        acute_trusts.org_code,
        acute_trusts.org_name,
        acute_trusts.is_specialist,
        acute_trusts.hee_region_code,
        years.fy_start_year
    from acute_trusts
    cross join years

),

cqc_overall as (

    select
        org_code,
        rating_date,
        rating_score
    from cqc
    where population = 'Overall' and question = 'Overall' and is_trust_code

),

cqc_in_force as (

    select
        trust_years.org_code,
        trust_years.fy_start_year,
        arg_max(cqc_overall.rating_score, cqc_overall.rating_date) as cqc_overall_score,
        max(cqc_overall.rating_date) as cqc_rating_date
    from trust_years
    inner join cqc_overall
        on
            trust_years.org_code = cqc_overall.org_code
            and cqc_overall.rating_date <= make_date(trust_years.fy_start_year + 1, 3, 31)
    group by trust_years.org_code, trust_years.fy_start_year

),

joined as (

    select
        trust_years.org_code,
        trust_years.org_name,
        trust_years.is_specialist,
        trust_years.hee_region_code,
        trust_years.fy_start_year,
        {{ value_fy_label('trust_years.fy_start_year') }} as financial_year,
        finances.operating_cost_gbp,
        finances.operating_income_gbp,
        admissions.admissions,
        admissions.total_episodes,
        admissions.admissions_aged_75_plus / nullif(admissions.admissions, 0)
            as share_admissions_75_plus,
        beds.beds,
        staff.all_staff_fte as staff_fte,
        shmi.shmi_value,
        rtt.within_18_weeks / rtt.incomplete_pathways as rtt_share_within_18_weeks,
        ae.share_within_4_hours as ae_share_within_4_hours,
        cqc_in_force.cqc_overall_score,
        cqc_in_force.cqc_rating_date
    from trust_years
    left join finances
        on
            trust_years.org_code = finances.org_code
            and trust_years.fy_start_year = finances.fy_start_year
    left join admissions
        on
            trust_years.org_code = admissions.org_code
            and trust_years.fy_start_year = admissions.fy_start_year
    left join beds
        on
            trust_years.org_code = beds.org_code
            and trust_years.fy_start_year = beds.fy_start_year
    left join staff
        on
            trust_years.org_code = staff.org_code
            and trust_years.fy_start_year = staff.fy_start_year
    left join shmi
        on
            trust_years.org_code = shmi.org_code
            and trust_years.fy_start_year = shmi.fy_start_year
    left join rtt
        on
            trust_years.org_code = rtt.org_code
            and trust_years.fy_start_year = rtt.fy_start_year
    left join ae
        on
            trust_years.org_code = ae.org_code
            and trust_years.fy_start_year = ae.fy_start_year
    left join cqc_in_force
        on
            trust_years.org_code = cqc_in_force.org_code
            and trust_years.fy_start_year = cqc_in_force.fy_start_year

),

final as (

    select
        *,
        operating_cost_gbp / nullif(admissions, 0) as cost_per_admission,
        operating_cost_gbp is not null as has_cost,
        admissions is not null and admissions > 0 as has_activity,
        shmi_value is not null as has_shmi,
        rtt_share_within_18_weeks is not null as has_rtt,
        ae_share_within_4_hours is not null as has_ae,
        cqc_overall_score is not null as has_cqc
    from joined

)

select * from final
