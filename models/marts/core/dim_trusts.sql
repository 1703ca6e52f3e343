with

trusts as (

    select * from {{ ref('int_trusts_enriched') }}

),

final as (

    select
        org_code,
        org_name,
        region_code,
        region_name,
        icb_code,
        icb_name,
        trust_type,
        mbrrace_comparator_group,
        open_date,
        close_date,
        predecessor_codes,
        last_merger_date,
        has_maternity_data,
        first_maternity_period,
        last_maternity_period
    from trusts

)

select * from final
