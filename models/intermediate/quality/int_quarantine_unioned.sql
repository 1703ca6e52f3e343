-- Every row that did not reach staging: rejected at landing or quarantined by a staging check.
{%- set checked = [
    ('msds_exp_data', 'base_msds__exp_data_checked'),
    ('msds_exp_measures', 'base_msds__exp_measures_checked'),
    ('msds_exp_dq', 'base_msds__exp_dq_checked'),
    ('msds_annual', 'base_msds__annual_checked'),
    ('mbrrace_perinatal', 'base_mbrrace__perinatal_checked'),
    ('ods_etr', 'base_ods__etr_checked'),
    ('ods_succ', 'base_ods__succ_checked'),
    ('trust_icb_lookup', 'base_ods__trust_icb_lookup_checked'),
    ('shmi_release', 'base_shmi__release_checked'),
    ('shmi_annual', 'base_shmi__annual_checked'),
    ('trust_finances', 'base_finance__trust_finances_checked'),
    ('cqc_ratings', 'base_cqc__ratings_checked'),
    ('trust_beds', 'base_trust_panel__beds_checked'),
    ('trust_staff', 'base_trust_panel__staff_checked'),
    ('trust_admissions', 'base_trust_panel__admissions_checked'),
    ('nhs_providers', 'base_trust_panel__providers_checked'),
    ('rtt_annual', 'base_rtt__annual_checked'),
    ('ae_annual', 'base_ae__annual_checked'),
    ('catchment_ltla', 'base_deprivation__catchment_ltla_checked'),
    ('imd_ltla', 'base_deprivation__imd_ltla_checked'),
    ('imd_lsoa', 'base_deprivation__imd_lsoa_checked'),
    ('lsoa_ltla', 'base_deprivation__lsoa_ltla_checked'),
    ('eric', 'base_eric__trust_profiles_checked'),
    ('rtt_full_extract', 'base_rtt__full_extract_checked'),
    ('rtt_trust_series', 'base_rtt__trust_series_checked'),
    ('ae_monthly', 'base_ae__monthly_checked'),
    ('ae_provider_sheet', 'base_ae__provider_sheet_checked'),
    ('rtt_provider_completed', 'base_rtt__provider_completed_checked'),
] %}

with

landing_rejects as (

    select * from {{ ref('stg_landing__row_rejects') }}

),

{% for layout, model in checked %}
    {{ layout }}_quarantined as (

        select
            file_id,
            '{{ layout }}' as layout,
            line_number,
            raw_text,
            quarantine_reason as reason,
            'staging' as quarantined_at
        from {{ ref(model) }}
        where quarantine_reason is not null

    ),

{% endfor %}
unioned as (

    select
        file_id,
        layout,
        line_number,
        raw_text,
        reason,
        'landing' as quarantined_at
    from landing_rejects
    {% for layout, model in checked %}
        union all by name
        select * from {{ layout }}_quarantined
    {%- endfor %}

),

final as (

    select * from unioned

)

select * from final
