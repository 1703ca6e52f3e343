{#-
    Period-incremental models (issue 8): the maternity models downstream of the tidy table whose
    rows are keyed by a period and computed from the same or earlier periods only (rolling
    windows, trends, per-period standardisation and ranks). `nti build` starts from a copy of
    the last release; int_maternity_periods_changed says from which period the files landed or
    dropped in this build change anything (changed_from). On an incremental run such a model
    - deletes (pre-hook) its rows whose period ends on or after changed_from,
    - reads its inputs from changed_from less the model's lookback (the longest reach back of
      one output row: 12 months for a rolling year, more where a model says so),
    - and inserts (append) its rows whose period ends on or after changed_from.
    Nothing changed (changed_from null): nothing is deleted or inserted. A full build (first
    build, --full-refresh, or changed dbt code, which `nti build` turns into a full refresh)
    builds every period; so does a --full-refresh build of a model configured full_refresh=false
    (the index marts, which keep their history: every period they hold is built again). A
    model declares `-- depends_on: {{ ref('int_maternity_periods_changed') }}`
    since refs inside is_incremental() blocks are not seen at parse time.
-#}

{#- The first day of the earliest period this build must recompute. On an incremental run a
    date literal read from int_maternity_periods_changed (built before every model that asks,
    so dbt, which compiles a node just before running it, reads this build's value; null when
    no period changed): a literal lets DuckDB push the period filter down into the scans, joins
    and aggregates, where a scalar subquery stops it (int_equality_windows on one added month
    at 60 months: its query alone 2.9 s with the subquery, 0.35 s with the literal; its dbt
    node 6.2 s and 1.0 s). At parse time and on a full build, the subquery. -#}
{% macro periods_changed_from() -%}
    {%- set changed = ref('int_maternity_periods_changed') -%}
    {%- if execute and is_incremental() -%}
        {%- set value = run_query(
            'select cast(changed_from as varchar) from ' ~ changed
        ).columns[0].values()[0] -%}
        {{- "cast(null as date)" if value is none else "date '" ~ value ~ "'" -}}
    {%- else -%}
        (select changed_from from {{ changed }})
    {%- endif -%}
{%- endmacro %}

{#- True on an incremental run that rebuilds the changed periods only (not a full refresh). -#}
{% macro rebuilds_changed_periods_only() -%}
    {{- return(is_incremental() and not (flags is defined and flags.FULL_REFRESH)) -}}
{%- endmacro %}

{#- A filter: true on a full build; on an incremental run, rows whose period (ending at
    `period_end_column`) reaches the periods to recompute, `lookback_months` earlier. -#}
{% macro in_periods_changed(period_end_column, lookback_months=0) -%}
    {%- if rebuilds_changed_periods_only() -%}
        {{ period_end_column }} >= cast(
            {{ periods_changed_from() }} - to_months({{ lookback_months }}) as date
        )
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook: delete the rows an incremental run builds again. Renders nothing on a full
    build. -#}
{% macro delete_periods_changed(period_end_column) -%}
    {%- if rebuilds_changed_periods_only() -%}
        delete from {{ this }}
        where {{ period_end_column }} >= {{ periods_changed_from() }}
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook of the models keyed by index_grain and index_start only. -#}
{% macro delete_index_periods_changed() -%}
    {{ delete_periods_changed(index_period_end('index_grain', 'index_start')) }}
{%- endmacro %}

{#- The last day of a maternity index period from its grain and first day (for the models
    keyed by index_start only). -#}
{% macro index_period_end(grain_column, start_column) -%}
    cast(
        {{ start_column }}
        + to_months(case when {{ grain_column }} = 'month' then 1 else 12 end)
        - interval 1 day
        as date
    )
{%- endmacro %}

{#-
    Data tests of an incremental build (issue 8). `nti build` sets NTI_TESTS_CHANGED_ONLY=1 when
    it builds from a copy of a release made by the same dbt code (the release's build tested
    every row); the row checks of the month-growing tables then read only the rows this build
    wrote: the files landed in it, or the periods it recomputed. Rows of unchanged files and
    periods are those the release's tests passed. Every other build tests every row. A test
    whose key holds the file or the period loses nothing: rows outside the filter cannot clash
    with rows inside it.
-#}
{% macro tests_changed_rows_only() -%}
    {#- read when a test runs, never while dbt parses: dbt records an env_var read at parse
        time, and its value changing from the last parse (a full build sets 0, an incremental
        one 1) made it parse the six YAML files of these tests again, 1.7 s of an incremental
        build at 120 months -#}
    {%- if not execute -%}
        {{ return(false) }}
    {%- endif -%}
    {{ return(env_var('NTI_TESTS_CHANGED_ONLY', '0') == '1') }}
{%- endmacro %}

{#- The rows a row check of a month-growing table reads (see above): every row, or on an
    incremental build those of the files landed in it (`file`, the file id column) or of the
    periods it recomputed (`period`, the period end column; `index_period`, a table keyed by
    index_grain and index_start). -#}
{#- True when a row check reads every row: it names no changed rows, or the build is not an
    incremental one. -#}
{% macro test_reads_every_row(changed_rows=none) -%}
    {{- return(changed_rows is none or not tests_changed_rows_only()) -}}
{%- endmacro %}

{% macro test_rows_changed(changed_rows=none, column=none) -%}
    {%- if test_reads_every_row(changed_rows) -%}
        true
    {%- elif changed_rows == 'file' -%}
        {{ column or 'file_id' }} in (
            select file_id from landing.file_manifest where landing_action = 'landed'
        )
    {%- elif changed_rows in ('period', 'index_period') -%}
        {#- the tested model depends on int_maternity_periods_changed, so it is built first;
            named, not ref'd: a ref taken on incremental builds only is not seen at parse time -#}
        {{ index_period_end('index_grain', 'index_start') if changed_rows == 'index_period'
            else column or 'period_end' }}
        >= (select changed_from from intermediate.int_maternity_periods_changed)
    {%- else -%}
        {{ exceptions.raise_compiler_error("changed_rows must be file, period or index_period") }}
    {%- endif -%}
{%- endmacro %}
