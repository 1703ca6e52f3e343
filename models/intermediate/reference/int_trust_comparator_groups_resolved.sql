{#-
    The MBRRACE-UK comparator group of each trust: that of its latest MBRRACE report year with a
    group (all causes series). Where several MBRRACE organisations map to one trust in that
    year (after a merger), the group of the one with the most births, then the first group
    name. Made from the MBRRACE files alone, so that a model needing only the group (the value
    index's peer features) does not depend on the monthly maternity files, as
    int_trusts_enriched does.
-#}
with

mbrrace as (

    select * from {{ ref('int_mbrrace_perinatal_mapped') }}

),

all_causes as (

    select
        org_code,
        report_year,
        comparator_group_name,
        total_births
    from mbrrace
    where
        org_code is not null
        and series = 'all_causes'
        and comparator_group_name is not null

),

ranked as (

    select
        org_code,
        comparator_group_name,
        row_number() over (
            partition by org_code
            order by report_year desc, total_births desc nulls last, comparator_group_name asc
        ) as preference
    from all_causes

),

final as (

    select
        org_code,
        comparator_group_name as mbrrace_comparator_group
    from ranked
    where preference = 1

)

select * from final
