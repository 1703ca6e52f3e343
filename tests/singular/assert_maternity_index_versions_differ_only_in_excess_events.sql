{#-
    The two published versions of fct_maternity_index (v2 latest, v1 deprecated) cover the
    same trusts and periods, and differ only in what v2 changed: the excess adverse events and
    their rank. Returns the rows where any other column differs, or a row in one version only.
-#}
with

latest as (

    select * from {{ ref('fct_maternity_index', v=2) }}

),

deprecated as (

    select * from {{ ref('fct_maternity_index', v=1) }}

),

unchanged_v2 as (

    select
        * exclude (
            excess_adverse_events,
            excess_adverse_events_weighted,
            excess_events_rank,
            index_version
        )
    from latest

),

unchanged_v1 as (

    select
        * exclude (
            excess_adverse_events,
            excess_adverse_events_weighted,
            excess_events_rank,
            index_version
        )
    from deprecated

),

v2_only as (

    select * from unchanged_v2
    except
    select * from unchanged_v1

),

v1_only as (

    select * from unchanged_v1
    except
    select * from unchanged_v2

),

final as (

    select
        'v2 only' as problem,
        org_code,
        index_grain,
        period_start
    from v2_only
    union all
    select
        'v1 only' as problem,
        org_code,
        index_grain,
        period_start
    from v1_only

)

select * from final
