{#-
    Incremental models keyed by raw file (issue 8). `nti build` starts from a copy of the last
    release and lands only new or changed files (landing.file_manifest.landing_action =
    'landed'; unchanged files are 'reused' with their rows). A model built with these macros, on
    an incremental run:
    - first deletes (pre-hook) its rows of files landed again in this build and of files it
      must no longer hold (removed, or, for the tidy table, no longer current);
    - then inserts (append) the rows of the files landed in this build and of any file it
      should hold but does not yet (e.g. a file current again once its superseder went).
    A full build (first build, or --full-refresh) builds every file. Each model declares its
    manifest dependency with a `-- depends_on:` comment, since refs inside is_incremental()
    blocks are not seen at parse time.
-#}

{#- File ids landed (read again) in this build. -#}
{% macro files_landed_in_this_build() -%}
    select file_id from {{ ref('stg_landing__file_manifest') }}
    where landing_action = 'landed'
{%- endmacro %}

{#- File ids whose rows an incremental run must (re)build, for `file_id in (...)`: `wanted` is
    a query of the file ids the model holds when complete, `file_id_column` the model's file id
    column. At run time the ids as literals (null when none), read as dbt compiles the model,
    before its pre-hook deletes: the pre-hook deletes only files not wanted, landed or all
    (rebuild_all_when), so the set is the same after it. Literals let DuckDB skip the other
    files' rows by the file id's min/max per row group, where the subquery made it read the
    model's whole table (base_msds__exp_data_checked, one added month at 60 months: 0.91 s
    with the subquery, 0.03 s with literals). At parse time and on a full build, the query. -#}
{% macro files_to_build(wanted, file_id_column='file_id', rebuild_all_when='false') -%}
    {%- set query = files_to_build_query(wanted, file_id_column, rebuild_all_when) -%}
    {%- if execute and is_incremental() -%}
        {{- sql_string_list(run_query(query).columns[0].values()) -}}
    {%- else -%}
        {{ query }}
    {%- endif -%}
{%- endmacro %}

{% macro files_to_build_query(wanted, file_id_column, rebuild_all_when) -%}
    select file_id from ({{ wanted }}) as wanted_files
    where
        file_id in ({{ files_landed_in_this_build() }})
        or file_id not in (select distinct {{ file_id_column }} from {{ this }})
        or ({{ rebuild_all_when }})
{%- endmacro %}

{#- Values as a comma-separated list of quoted SQL strings; `null` when there are none (so
    `x in (null)` holds for no row). -#}
{% macro sql_string_list(values) -%}
    {%- set quoted = [] -%}
    {%- for value in values | sort -%}
        {%- do quoted.append("'" ~ (value | string | replace("'", "''")) ~ "'") -%}
    {%- endfor -%}
    {{- quoted | join(', ') if quoted else 'null' -}}
{%- endmacro %}

{#- Pre-hook: delete the rows that files_to_build() re-inserts, and those of files no longer
    wanted. Renders nothing on a full build. -#}
{% macro delete_files_to_rebuild(wanted, file_id_column='file_id', rebuild_all_when='false') -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where
            {{ file_id_column }} not in ({{ wanted }})
            or {{ file_id_column }} in ({{ files_landed_in_this_build() }})
            or ({{ rebuild_all_when }})
    {%- endif -%}
{%- endmacro %}

{#- The loaded files of one layout: what a staging model holds when complete. -#}
{% macro loaded_files_of_layout(layout) -%}
    select file_id from {{ ref('stg_landing__file_manifest') }}
    where status = 'loaded' and layout = '{{ layout }}'
{%- endmacro %}

{#- The current files of the MSDS layouts: what the tidy maternity table holds. -#}
{% macro current_maternity_files() -%}
    select file_id from {{ ref('int_landed_files_current') }}
    where layout in ('msds_exp_data', 'msds_exp_measures', 'msds_exp_dq', 'msds_annual')
{%- endmacro %}

{#- True when a provider code held in the tidy table maps to another successor now (a new or
    removed ODS succession file): the whole table is rebuilt, since every row carries the
    mapped code. -#}
{% macro maternity_successors_changed() -%}
    exists (
        select 1
        from (
            select distinct
                org_code_published,
                org_code,
                successor_effective_date,
                is_split_successor
            from {{ this }}
            where org_level = 'Provider'
        ) as held
        left join {{ ref('int_ods_successors_resolved') }} as successors
            on upper(trim(held.org_code_published)) = successors.org_code
        where
            (
                successors.org_code is not null
                and (
                    held.org_code is distinct from successors.current_code
                    or held.successor_effective_date
                    is distinct from successors.successor_effective_date
                    or held.is_split_successor is distinct from successors.is_split_successor
                )
            )
            or (
                successors.org_code is null
                and (held.successor_effective_date is not null or held.is_split_successor)
            )
    )
{%- endmacro %}
