-- Rows that reached staging, per file.
{%- set staged = [
    'stg_msds__exp_data', 'stg_msds__exp_measures', 'stg_msds__exp_dq', 'stg_msds__annual',
    'stg_mbrrace__perinatal', 'stg_ods__etr', 'stg_ods__succ', 'stg_ods__trust_icb_lookup',
    'stg_shmi__release', 'stg_shmi__annual', 'stg_finance__trust_finances', 'stg_cqc__ratings',
    'stg_trust_panel__beds', 'stg_trust_panel__staff', 'stg_trust_panel__admissions',
    'stg_trust_panel__providers', 'stg_rtt__annual', 'stg_ae__annual',
    'stg_deprivation__catchment_ltla', 'stg_deprivation__imd_ltla', 'stg_deprivation__imd_lsoa',
    'stg_deprivation__lsoa_ltla', 'stg_eric__trust_profiles', 'stg_rtt__full_extract',
    'stg_rtt__trust_series', 'stg_ae__monthly', 'stg_ae__provider_sheet',
    'stg_rtt__provider_completed',
] %}

with

{% for model in staged %}
    {{ model }}_counts as (

        select
            file_id,
            count(*) as rows_staged
        from {{ ref(model) }}
        group by file_id

    ),

{% endfor %}
unioned as (

    {% for model in staged -%}
        select * from {{ model }}_counts
        {% if not loop.last %}union all
        {% endif %}
    {%- endfor %}

),

final as (

    select
        file_id,
        cast(sum(rows_staged) as bigint) as rows_staged
    from unioned
    group by file_id

)

select * from final
