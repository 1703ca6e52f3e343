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
