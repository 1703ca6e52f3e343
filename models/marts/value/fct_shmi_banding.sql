{#-
    SHMI banding recomputed from observed and expected deaths with NHS Digital's method
    (METHODS.md), beside the published limits and banding of the same release.
    Limits: exp(+/- 1.959964 sqrt(1/E + tau^2)); band 1 = SHMI above the upper limit (higher
    than expected), 2 = within, 3 = below the lower limit (lower than expected).
    Grain: one row per release (release_month) and provider code.
-#}
with

releases as (

    select * from {{ ref('stg_shmi__release') }}

),

current_files as (

    select * from {{ ref('int_landed_files_current') }}

),

overdispersion as (

    select * from {{ ref('int_shmi_release_overdispersion') }}

),

successors as (

    select * from {{ ref('int_ods_successors_resolved') }}

),

current_releases as (

    select releases.*
    from releases
    inner join current_files
        on releases.file_id = current_files.file_id

),

limits as (

    select
        current_releases.*,
        overdispersion.phi,
        overdispersion.tau_squared,
        overdispersion.n_providers,
        current_releases.observed_deaths / current_releases.expected_deaths as shmi,
        exp(
            -{{ var('z_95', 1.959964) }}
            * sqrt(1 / current_releases.expected_deaths + overdispersion.tau_squared)
        ) as computed_lower_95,
        exp(
            {{ var('z_95', 1.959964) }}
            * sqrt(1 / current_releases.expected_deaths + overdispersion.tau_squared)
        ) as computed_upper_95
    from current_releases
    inner join overdispersion
        on current_releases.release_month = overdispersion.release_month

),

banded as (

    select
        *,
        case
            when shmi > computed_upper_95 then 1
            when shmi < computed_lower_95 then 3
            else 2
        end as computed_banding
    from limits

),

final as (

    select
        banded.release_month,
        banded.provider_code,
        coalesce(successors.current_code, banded.provider_code) as org_code,
        banded.provider_name,
        banded.provider_spells,
        banded.observed_deaths,
        banded.expected_deaths,
        round(banded.shmi, 6) as shmi,
        banded.published_shmi,
        banded.n_providers,
        banded.phi,
        banded.tau_squared,
        round(banded.computed_lower_95, 6) as computed_lower_95,
        round(banded.computed_upper_95, 6) as computed_upper_95,
        banded.published_lower_95,
        banded.published_upper_95,
        banded.computed_banding,
        banded.published_banding,
        case banded.computed_banding
            when 1 then 'higher than expected'
            when 2 then 'as expected'
            when 3 then 'lower than expected'
        end as computed_banding_label,
        banded.computed_banding = banded.published_banding as banding_agrees,
        round(greatest(
            abs(banded.computed_lower_95 - banded.published_lower_95),
            abs(banded.computed_upper_95 - banded.published_upper_95)
        ), 8) as max_limit_difference,
        banded.file_id as source_file_id
    from banded
    left join successors
        on banded.provider_code = successors.org_code

)

select * from final
