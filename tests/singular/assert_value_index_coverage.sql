-- Done-when of issue 6: the value index covers at least 120 acute trusts in every financial
-- year from 2013/14 to 2017/18. Checked when the trust finance panel is landed (a synthetic
-- build has none). Rows returned are the years that fall short.
with

panel as (

    select count(*) as finance_rows from {{ ref('stg_finance__trust_finances') }}

),

years as (

    select unnest(range(2013, 2018)) as fy_start_year

),

scored as (

    select
        fy_start_year,
        count(value_index) as trusts_scored
    from {{ ref('fct_value_index') }}
    group by fy_start_year

)

select
    years.fy_start_year,
    coalesce(scored.trusts_scored, 0) as trusts_scored
from years
cross join panel
left join scored
    on years.fy_start_year = scored.fy_start_year
where
    panel.finance_rows > 0
    and coalesce(scored.trusts_scored, 0) < {{ var('value_min_trusts_per_year', 120) }}
