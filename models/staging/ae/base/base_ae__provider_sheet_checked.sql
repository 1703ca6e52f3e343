{#-
    Monthly A&E provider workbooks (xls 2015-2019, the June 2025 xlsx), typed. Three header
    variants land in one shape; a column a variant does not publish is null (attendances within
    4 hours before April 2017, % by type 2 and 3 before April 2018). The England row (code `-`)
    is kept and flagged. '-' and 'N/A' are markers, never zero: percentages where a provider has
    no attendances of the type, and the 4-hour counts of the 14 trusts in the 2019 field test of
    new urgent care standards (May 2019 on), which did not report 4-hour waits.
-#}
{%- set counts = [
    'att_type1', 'att_type2', 'att_type3', 'att_total', 'within4_type1', 'within4_type2',
    'within4_type3', 'within4_total', 'over4_type1', 'over4_type2', 'over4_type3', 'over4_total',
    'ea_via_ae_type1', 'ea_via_ae_type2', 'ea_via_ae_type3', 'ea_via_ae_total', 'ea_other',
    'ea_total', 'dta_over_4_hours', 'dta_over_12_hours',
] -%}
{%- set shares = [
    'pct_within4_all', 'pct_within4_type1', 'pct_within4_type2', 'pct_within4_type3',
] -%}
{%- set raw_columns = [] -%}
{%- for c in ['org_code', 'region', 'org_name'] + counts + shares -%}
    {%- do raw_columns.append('source.' ~ c) -%}
{%- endfor -%}

with

source as (

    select * from {{ source('ae', 'ae_provider_sheet') }}

),

files as (

    select * from {{ ref('stg_landing__file_manifest') }}

),

typed as (

    select
        source.file_id,
        source.line_number,
        files.period_start,
        files.variant,
        upper(trim(source.org_code)) as org_code,
        trim(source.region) as region,
        trim(source.org_name) as org_name,
        {%- for c in counts + shares %}
            {{ value_number('source.' ~ c) }} as {{ c }},
        {%- endfor %}
        {{ value_any_invalid(counts, markers=['-', 'N/A'], prefix='source.') }} as count_invalid,
        {{ value_any_invalid(
            shares, 'not between 0 and 1', markers=['-', 'N/A'], prefix='source.'
        ) }} as share_invalid,
        {{ raw_text(raw_columns) }} as raw_text
    from source
    left join files
        on source.file_id = files.file_id

),

checked as (

    select
        *,
        case when org_code = '-' then 'england_total' else 'provider' end as row_kind,
        case
            when org_code is null then 'missing organisation code (a note below the table?)'
            when period_start is null then 'period not found in the title block'
            when count_invalid then 'a count is not a number (nor - / N/A) or is negative'
            when share_invalid then 'a percentage is not a number in 0-1 (nor - / N/A)'
            when att_total is null then 'total attendances missing'
            when over4_total > att_total then 'more attendances over 4 hours than attendances'
        end as quarantine_reason
    from typed

),

final as (

    select * from checked

)

select * from final
