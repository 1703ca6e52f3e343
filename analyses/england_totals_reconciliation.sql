-- England totals: the sum over provider rows of TotalDeliveries and TotalBabies for each period,
-- beside the file's own National row. Why they differ:
-- - rounding: each provider count is rounded to the nearest 5 (1-7 shown as 5), so a sum of n
--   provider counts can be off by up to 2.5 n from the sum of true counts (the National row is
--   rounded once);
-- - beyond rounding, providers summing to MORE than the National row (about 5% in the 2025
--   monthly files, up to 3.7% in 2023-24 babies) is consistent with women and babies recorded
--   by more than one provider (transfers between trusts) counted once per provider but once
--   nationally; providers summing to LESS points to submitters without a provider row. The files
--   do not say which records overlap, so this is an explanation, not a proof.
with

observations as (

    select * from {{ ref('int_maternity_observations_unioned') }}

),

totals as (

    select
        source,
        period_start,
        period_end,
        measure,
        sum(value) filter (where org_level = 'Provider') as sum_of_providers,
        count(*) filter (where org_level = 'Provider') as provider_rows,
        max(value) filter (where org_level = 'National') as national_row
    from observations
    where measure in ('TotalDeliveries', 'TotalBabies') and category = 'All'
    group by source, period_start, period_end, measure

),

final as (

    select
        *,
        national_row - sum_of_providers as national_minus_providers,
        round(100.0 * (national_row - sum_of_providers) / national_row, 3) as difference_pct,
        2.5 * provider_rows as max_rounding_error,
        case
            when abs(national_row - sum_of_providers) <= 2.5 * provider_rows
                then 'within the rounding of the provider counts'
            when sum_of_providers > national_row
                then
                    'providers exceed National beyond rounding: records counted by several trusts'
            else 'National exceeds providers beyond rounding: submitters without a provider row'
        end as explanation
    from totals

)

select * from final
order by measure, source, period_start
