{#-
    NHS Digital's SHMI overdispersion estimate for each release (METHODS.md): z = sqrt(E) ln(O/E);
    rank z and keep the rows with 0 < floor(rank * 10 / (n + 1)) < 9 (10% trimmed at each end);
    phi = mean z^2 over the n' kept rows; tau^2 = max(0, (n' phi - (n' - 1)) /
    (sum w - sum w^2 / sum w)) with w = E over the kept rows.
    Grain: one row per release (release_month).
-#}
with

releases as (

    select * from {{ ref('stg_shmi__release') }}

),

current_files as (

    select * from {{ ref('int_landed_files_current') }}

),

current_releases as (

    select releases.*
    from releases
    inner join current_files
        on releases.file_id = current_files.file_id

),

z_scores as (

    select
        release_month,
        provider_code,
        expected_deaths,
        sqrt(expected_deaths) * ln(observed_deaths / expected_deaths) as z
    from current_releases
    where observed_deaths > 0

),

ranked as (

    select
        *,
        row_number() over (partition by release_month order by z, provider_code) as z_rank,
        count(*) over (partition by release_month) as n_providers
    from z_scores

),

trimmed as (

    select
        *,
        floor(z_rank * 10 / (n_providers + 1)) between 1 and 8 as is_kept
    from ranked

),

estimated as (

    select
        release_month,
        any_value(n_providers) as n_providers,
        count(*) filter (where is_kept) as n_kept,
        avg(z * z order by provider_code) filter (where is_kept) as phi,
        sum(expected_deaths order by provider_code) filter (where is_kept) as sum_w,
        sum(expected_deaths * expected_deaths order by provider_code) filter (where is_kept)
            as sum_w2
    from trimmed
    group by release_month

),

final as (

    select
        release_month,
        n_providers,
        n_kept,
        round(phi, 6) as phi,
        round(greatest(
            0,
            (n_kept * phi - (n_kept - 1)) / (sum_w - sum_w2 / sum_w)
        ), 10) as tau_squared
    from estimated

)

select * from final
