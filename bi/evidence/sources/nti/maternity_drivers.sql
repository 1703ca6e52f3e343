select
    org_code,
    index_grain,
    period_start,
    measure_code,
    measure_name,
    domain,
    weight,
    rate,
    rate_lower_95,
    rate_upper_95,
    england_rate,
    z_adjusted,
    contribution,
    contribution_rank,
    trend_class
from marts.fct_maternity_index_drivers
where is_scored
