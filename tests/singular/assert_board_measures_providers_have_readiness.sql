{#-
    Every provider in the MSDS measures file (exp-measures, Provider level, per month) has its
    safety action 2 readiness row in fct_mis_data_quality. Returns the providers missing.
-#}
with

observations as (

    select * from {{ ref('int_maternity_observations_unioned') }}

),

readiness as (

    select * from {{ ref('fct_mis_data_quality') }}

),

providers as (

    select distinct
        org_code_published,
        period_start
    from observations
    where source = 'msds_exp_measures' and org_level = 'Provider'

),

final as (

    select providers.*
    from providers
    left join readiness
        on
            providers.org_code_published = readiness.org_code_published
            and providers.period_start = readiness.period_start
    where readiness.readiness is null

)

select * from final
