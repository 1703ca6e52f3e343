{#-
    From which period the period-incremental maternity models must be recomputed in this build
    (issue 8; macros/incremental_periods.sql). A build starts from a copy of the last release
    and lands only new or changed files: the MSDS files landed in this build, and those whose
    rows it deleted (removed or changed), change the periods they cover and every later period
    whose rolling window or trend reaches back to them. A change to a reference file the
    maternity models map with (ODS successions and trust register, the trust lookup,
    MBRRACE-UK) changes every period. Value-index files change no maternity period.
-#}
with

manifest as (

    select * from {{ ref('stg_landing__file_manifest') }}

),

dropped as (

    select * from {{ ref('stg_landing__files_dropped') }}

),

changed_files as (

    select
        layout,
        period_start
    from manifest
    where
        status = 'loaded'
        and landing_action = 'landed'
    union all
    select
        layout,
        period_start
    from dropped

),

maternity_changes as (

    select
        layout,
        period_start,
        layout in ('msds_exp_data', 'msds_exp_measures', 'msds_exp_dq', 'msds_annual')
        and period_start is not null as is_dated_msds
    from changed_files
    where
        layout in (
            'msds_exp_data', 'msds_exp_measures', 'msds_exp_dq', 'msds_annual',
            'mbrrace_perinatal', 'ods_etr', 'ods_succ', 'trust_icb_lookup'
        )

),

final as (

    select
        count(*) as files_changed,
        case
            when bool_or(not is_dated_msds) then date '0001-01-01'
            else min(period_start)
        end as changed_from
    from maternity_changes

)

select * from final
