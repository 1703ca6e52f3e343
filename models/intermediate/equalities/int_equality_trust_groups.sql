{#-
    Sets of trusts the equality breakdowns aggregate ("any set of trusts"):
    - icb: every provider under the ICB of its current ODS etr record (icb_code). MSDS publishes
      Local Maternity System rows under the same ICB codes but no provider -> LMS mapping, so
      this grouping is the trust-side LMS / ICB.
    - seed: the user's lists in seeds/equality_trust_groups.csv (examples shipped).
    - var: the dbt var `equality_trust_group` (a list of ODS codes), named by
      `equality_trust_group_name`.
    Listed codes are mapped to their current ODS successor.
-#}
{%- set var_codes = var('equality_trust_group', []) %}

with

trust_context as (

    select * from {{ ref('int_equality_trust_context') }}

),

seed_groups as (

    select * from {{ ref('equality_trust_groups') }}

),

successors as (

    select * from {{ ref('int_ods_successors_resolved') }}

),

icb_members as (

    select
        'icb' as group_type,
        icb_code as group_code,
        org_code
    from trust_context
    where icb_code is not null

),

icb_name_counts as (

    select
        icb_code,
        icb_name,
        count(*) as n_trusts
    from trust_context
    where icb_name is not null
    group by icb_code, icb_name

),

icb_names as (

    -- the name most of the ICB's trusts give, the first in order on a tie (mode() picked
    -- either at random: on the real corpus S1Y5D is named three ways, by two trusts each)
    select
        icb_code,
        icb_name
    from icb_name_counts
    qualify
        row_number() over (partition by icb_code order by n_trusts desc, icb_name asc) = 1

),

icb_groups as (

    select
        icb_members.group_type,
        icb_members.group_code,
        coalesce(icb_names.icb_name, icb_members.group_code) as group_name,
        icb_members.org_code as listed_code,
        icb_members.org_code
    from icb_members
    left join icb_names
        on icb_members.group_code = icb_names.icb_code

),

listed_groups as (

    select
        'seed' as group_type,
        group_code,
        group_name,
        upper(trim(org_code)) as listed_code
    from seed_groups

    {%- for code in var_codes %}

        union all

        select
            'var' as group_type,
            'VAR_LIST' as group_code,
            '{{ var("equality_trust_group_name", "User-chosen trusts (dbt var)") }}'
                as group_name,
            upper('{{ code }}') as listed_code
    {%- endfor %}

),

listed_mapped as (

    select
        listed_groups.group_type,
        listed_groups.group_code,
        listed_groups.group_name,
        listed_groups.listed_code,
        coalesce(successors.current_code, listed_groups.listed_code) as org_code
    from listed_groups
    left join successors
        on listed_groups.listed_code = successors.org_code

),

unioned as (

    select
        group_type,
        group_code,
        group_name,
        listed_code,
        org_code
    from icb_groups
    union all by name
    select
        group_type,
        group_code,
        group_name,
        listed_code,
        org_code
    from listed_mapped

),

final as (

    select
        group_type,
        group_code,
        min(group_name) as group_name,
        org_code,
        string_agg(distinct listed_code, ';' order by listed_code) as listed_codes
    from unioned
    group by group_type, group_code, org_code

)

select * from final
