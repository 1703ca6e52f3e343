-- SHMI banding recomputed with NHS Digital's method must agree with the published banding of
-- every release, and the computed limits with the published ones within their 4-decimal
-- rounding (0.00005). Rows returned are the disagreements.
select
    release_month,
    provider_code,
    provider_name,
    shmi,
    computed_lower_95,
    computed_upper_95,
    published_lower_95,
    published_upper_95,
    computed_banding,
    published_banding
from {{ ref('fct_shmi_banding') }}
where
    not banding_agrees
    or max_limit_difference > 0.00005 + 1e-7
