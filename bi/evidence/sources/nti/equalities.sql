select
    org_level,
    org_code,
    org_name,
    period_grain,
    period_start,
    metric_label,
    dimension,
    group_label,
    rate_pct,
    rate_lower_pct,
    rate_upper_pct,
    england_rate_pct,
    gap_to_england_pp,
    gap_to_england_excludes_zero,
    is_suppressed,
    suppression_reason
from marts.fct_maternity_equalities
where not is_suppressed
