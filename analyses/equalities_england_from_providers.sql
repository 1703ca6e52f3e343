{#-
    England built from provider rows ('England (sum of providers)') beside the files' own
    National rows, for the population profiles (exp-data months, annual years) and continuity
    of carer (exp-measures). Differences beyond the rounding of the summed counts have known
    causes: a woman booked or delivered with more than one provider is counted once
    nationally but by each provider (monthly files); providers whose rows the publisher marks
    Low DQ still publish counts that the National row may treat differently; organisations
    outside the Provider level (independent sector, unknown) are in the National row only.
-#}
with

profile as (

    select * from {{ ref('fct_maternity_population_profile') }}

),

equalities as (

    select * from {{ ref('fct_maternity_equalities') }}

),

profile_pairs as (

    select
        'profile' as part,
        providers.period_grain,
        providers.data_period_label,
        providers.dimension,
        providers.group_label,
        nat.group_count as national_count,
        providers.group_count as providers_count,
        providers.group_count - nat.group_count as count_difference,
        round(
            100.0 * (providers.group_count - nat.group_count)
            / nullif(nat.group_count, 0), 2
        ) as count_difference_pct,
        nat.share_pct as national_pct,
        providers.share_pct as providers_pct,
        providers.share_pct - nat.share_pct as pct_difference_pp
    from profile as providers
    inner join profile as nat
        on
            providers.period_grain = nat.period_grain
            and providers.period_end = nat.period_end
            and providers.source = nat.source
            and providers.dimension = nat.dimension
            and providers.group_code = nat.group_code
    where
        providers.org_level = 'England (sum of providers)'
        and nat.org_level = 'National'
        and providers.period_grain in ('month', 'year')

),

coc_pairs as (

    select
        'coc ' || providers.metric as part,
        providers.period_grain,
        providers.data_period_label,
        providers.dimension,
        providers.group_label,
        nat.denominator as national_count,
        providers.denominator as providers_count,
        providers.denominator - nat.denominator as count_difference,
        round(
            100.0 * (providers.denominator - nat.denominator)
            / nullif(nat.denominator, 0), 2
        ) as count_difference_pct,
        nat.rate_pct as national_pct,
        providers.rate_pct as providers_pct,
        providers.rate_pct - nat.rate_pct as pct_difference_pp
    from equalities as providers
    inner join equalities as nat
        on
            providers.period_grain = nat.period_grain
            and providers.period_end = nat.period_end
            and providers.source = nat.source
            and providers.metric = nat.metric
            and providers.dimension = nat.dimension
            and providers.group_code = nat.group_code
    where
        providers.org_level = 'England (sum of providers)'
        and nat.org_level = 'National'
        and providers.period_grain = 'month'

),

final as (

    select * from profile_pairs
    union all
    select * from coc_pairs

)

select * from final
order by part, period_grain, data_period_label, dimension, group_label
