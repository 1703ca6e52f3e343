select
    org_code,
    org_name,
    region_name,
    icb_name,
    trust_type,
    mbrrace_comparator_group
from marts.dim_trusts
where has_maternity_data
