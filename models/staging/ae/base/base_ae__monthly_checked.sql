{#-
    Monthly A&E CSV (April 2024 onwards), typed. Booked appointments are published in their own
    columns; the last row of each file is a TOTAL row (England), kept and flagged.
-#}
{%- set counts = [
    'att_type1', 'att_type2', 'att_other', 'att_booked_type1', 'att_booked_type2',
    'att_booked_other', 'over4_type1', 'over4_type2', 'over4_other', 'over4_booked_type1',
    'over4_booked_type2', 'over4_booked_other', 'dta_4_to_12_hours', 'dta_over_12_hours',
    'ea_via_ae_type1', 'ea_via_ae_type2', 'ea_via_ae_other', 'ea_other',
] -%}
{%- set raw_columns = [] -%}
{%- for c in ['period', 'org_code', 'parent_org', 'org_name'] + counts -%}
    {%- do raw_columns.append('source.' ~ c) -%}
{%- endfor -%}

with

source as (

    select * from {{ source('ae', 'ae_monthly') }}

),

files as (

    select * from {{ ref('stg_landing__file_manifest') }}

),

typed as (

    select
        source.file_id,
        source.line_number,
        files.period_start,
        trim(source.period) as period_label,
        upper(trim(source.org_code)) as org_code,
        trim(source.parent_org) as parent_org,
        trim(source.org_name) as org_name,
        {%- for c in counts %}
            {{ value_number('source.' ~ c) }} as {{ c }},
        {%- endfor %}
        {{ value_any_invalid(counts, prefix='source.') }} as count_invalid,
        {{ value_any_missing(counts, prefix='source.') }} as count_missing,
        {{ raw_text(raw_columns) }} as raw_text
    from source
    left join files
        on source.file_id = files.file_id

),

totalled as (

    select
        *,
        att_type1 + att_booked_type1 as attendances_type1_all,
        over4_type1 + over4_booked_type1 as over4_type1_all,
        att_type1 + att_type2 + att_other + att_booked_type1 + att_booked_type2
        + att_booked_other as attendances_all,
        over4_type1 + over4_type2 + over4_other + over4_booked_type1 + over4_booked_type2
        + over4_booked_other as over4_all
    from typed

),

checked as (

    select
        * exclude (attendances_type1_all, over4_type1_all, attendances_all, over4_all),
        case when upper(org_code) = 'TOTAL' then 'england_total' else 'provider' end as row_kind,
        case
            when org_code is null then 'missing organisation code'
            when period_start is null then 'period (MSitAE-<MONTH>-<yyyy>) not found'
            when count_invalid then 'a count is not a number or is negative'
            when count_missing then 'a count is blank'
            when attendances_type1_all < over4_type1_all or attendances_all < over4_all
                then 'more attendances over 4 hours than attendances'
        end as quarantine_reason
    from totalled

),

final as (

    select * from checked

)

select * from final
