select
    org_code,
    org_name,
    index_grain,
    period_start,
    period_label,
    births,
    coverage,
    composite_score,
    composite_z,
    risk_rank,
    risk_band,
    trend_class,
    system_risk_score,
    system_risk_rank,
    excess_adverse_events_weighted,
    deteriorating_measures,
    improving_measures,
    index_version
from marts.fct_maternity_index
where risk_rank is not null
