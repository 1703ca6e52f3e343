"""Release records: what a published warehouse holds, where it came from, and how to find it again.

Inside every built file (schema `release`, carried from release to release because each build
starts from a copy of the last good release):
- `release.releases`: one row per release (id, time, code / dbt / duckdb versions, duration,
  data origin, rows read / quarantined, the whole JSON manifest);
- `release.release_inputs`: the input manifest of each release (path, sha256, layout, period);
- `release.release_periods`: the periods included per source (layout) in each release;
- `release.release_marts`: row count and content hash of every mart in each release;
- `release.mart_period_hashes`: the content hash of each period of the period-incremental marts
  (PERIOD_MARTS) in the current release, and the release that hashed it: an incremental build
  hashes again only the periods it rebuilt;
- `release.index_row_lineage` and the tables `release.<index mart>`: every row of an index mart
  (a mart with an `index_version` column) with the `release_id` that first published exactly
  those values. Rows kept by the incremental history keep the release that wrote them. A
  table, so that reading it hashes nothing (a view hashing each row took 1.5 s a query on
  the 60-month drivers); a file written in place gets a view instead
  (prepare_for_writing_in_place);
- `release.current`: the release this file is (the latest row of `release.releases`).

Beside the published file, `<name>.release.json` holds the same manifest; every kept release
folder holds `release.json`, the DuckDB file and `parquet/<mart>.parquet` (a period mart:
`parquet/<mart>/<period_end>.parquet`, a file per period).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

import duckdb

from nti import config

SCHEMA = "release"
# Columns that legitimately differ between two builds of the same inputs (added by this module
# to the release tables, never present in the dbt marts themselves).
VOLATILE_COLUMNS = ("release_id",)

_DDL = (
    f"create schema if not exists {SCHEMA}",
    f"""create table if not exists {SCHEMA}.releases (
        release_id varchar primary key, published_at timestamp not null,
        code_version varchar, dbt_version varchar, dbt_duckdb_version varchar,
        duckdb_version varchar, build_seconds double, data_origin varchar, raw_dir varchar,
        previous_release_id varchar, files_loaded bigint, rows_read bigint,
        rows_quarantined bigint, dbt_warnings bigint, manifest_json varchar)""",
    f"""create table if not exists {SCHEMA}.release_inputs (
        release_id varchar not null, relative_path varchar not null, sha256 varchar not null,
        bytes bigint, layout varchar, status varchar, is_current boolean, period_start date,
        period_end date, rows_read bigint, rows_quarantined bigint)""",
    f"""create table if not exists {SCHEMA}.release_periods (
        release_id varchar not null, source varchar not null, period_grain varchar,
        period_start date, period_end date, files bigint)""",
    f"""create table if not exists {SCHEMA}.release_marts (
        release_id varchar not null, mart varchar not null, row_count bigint not null,
        content_md5 varchar not null)""",
    f"""create table if not exists {SCHEMA}.mart_period_hashes (
        mart varchar not null, period_end date, row_count bigint not null,
        content_md5 varchar not null, hash_method varchar not null,
        hashed_in_release varchar not null)""",
    f"""create table if not exists {SCHEMA}.index_row_lineage (
        mart varchar not null, row_md5 varchar not null, release_id varchar not null,
        primary key (mart, row_md5))""",
)


def code_version() -> str:
    """The git commit of the project (with -dirty when tracked files changed), else the package."""
    try:
        head = subprocess.run(["git", "-C", str(config.PROJECT_DIR), "rev-parse", "HEAD"],
                              capture_output=True, text=True, check=True, timeout=10)
        dirty = subprocess.run(
            ["git", "-C", str(config.PROJECT_DIR), "status", "--porcelain",
             "--untracked-files=no"], capture_output=True, text=True, check=True, timeout=10)
        return head.stdout.strip()[:12] + ("-dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "nhs-trust-index " + config.package_version("nhs-trust-index")


def tool_versions() -> dict[str, str]:
    return {"dbt_version": config.package_version("dbt-core"),
            "dbt_duckdb_version": config.package_version("dbt-duckdb"),
            "duckdb_version": duckdb.__version__}


def mart_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = 'marts' "
        "order by table_name").fetchall()
    return [r[0] for r in rows]


def index_marts(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Marts that carry an index methodology version (and therefore a release id)."""
    rows = con.execute(
        "select distinct table_name from information_schema.columns "
        "where table_schema = 'marts' and column_name = 'index_version' order by 1").fetchall()
    return [r[0] for r in rows]


# DuckDB's parallel sums are not bit-reproducible (differences of 1e-16..1e-14 seen between two
# builds of the same inputs), so floating-point values are hashed to this many significant digits.
FLOAT_DIGITS = 10
_FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL")


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[tuple[str, str]]:
    rows = con.execute(
        "select column_name, data_type from information_schema.columns where table_schema = ? "
        "and table_name = ? order by ordinal_position", [schema, table]).fetchall()
    return [(str(r[0]), str(r[1])) for r in rows]


def _row_md5_sql(columns: list[tuple[str, str]], alias: str) -> str:
    """md5 of a row's values in column order (nulls distinguished from empty text; doubles to
    FLOAT_DIGITS significant digits, -0 as 0): the key of `release.index_row_lineage`, kept
    from release to release, so made this way for good."""
    fields = ", ".join(
        f"printf('%.{FLOAT_DIGITS}g', {alias}.\"{c}\" + 0.0)" if t in _FLOAT_TYPES
        else f'{alias}."{c}"'
        for c, t in columns)
    return f"md5(cast(row({fields}) as varchar))"


def _rounded_sql(value: str) -> str:
    """A double rounded to FLOAT_DIGITS significant digits as a double, -0 as 0; nulls, NaN,
    infinities and magnitudes outside 1e-200..1e200 (beyond which round() is not exact or
    overflows) as they are, so that they are never rounded onto another value. Two values
    that printf('%.10g') shows alike can round apart (at a power of ten below about 1e-13 or
    above about 1e32, where round()'s power of ten is inexact): then the mart counts as
    changed, never the other way."""
    return (f"(case when abs({value}) between 1e-200 and 1e200 then round({value}, "
            f"{FLOAT_DIGITS - 1} - cast(floor(log10(abs({value}))) as integer)) "
            f"else {value} end + 0.0)")


def _row_hash_sql(columns: list[tuple[str, str]], alias: str) -> str:
    """A 64-bit hash of a row's values in column order: DuckDB's hash() of the values (a null
    hashes apart from empty text; doubles rounded by _rounded_sql) and of the md5 of the
    row's text values, hashed again.

    - hash() of a text mixes each 8-byte word in weakly: two edits in the top bytes of words
      can cancel (a name recased at two such places hashed alike), so the text values are
      also hashed by md5 (joined by the unit separator).
    - hash(a, b, c) XORs the last value's hash into the others', so two rows swapping their
      last values would keep the sum of the rows' hashes (_set_hash_sql) more often than by
      chance; the second hash mixes every bit.
    Over the marts at 60 months: 2.9 s, where an md5 of each whole row as text (every value
    printed) took 7.5 s and hash() alone 0.9 s."""
    fields = [_rounded_sql(f'{alias}."{c}"') if t in _FLOAT_TYPES else f'{alias}."{c}"'
              for c, t in columns]
    texts = [f'{alias}."{c}"' for c, t in columns if t == "VARCHAR"]
    if texts:
        fields.append(f"md5_number_lower(concat_ws(chr(31), {', '.join(texts)}))")
    return f"hash(hash({', '.join(fields)}))"


def _set_hash_sql(columns: list[tuple[str, str]]) -> str:
    """The content hash of a set of row hashes `h`: md5 of the columns' names and types, the
    row count and the exact sum of the rows' 64-bit hashes (as hugeint: no overflow below
    2^63 rows). A sum needs no sort and counts a row as often as it occurs; the count tells
    apart sets whose sums agree (a row of zeros, nulls and false hashes to 0)."""
    signature = hashlib.md5(",".join(f"{c} {t}" for c, t in columns).encode()).hexdigest()
    return (f"md5('{signature}:' || count(*) || ':' || "
            "coalesce(sum(cast(h as hugeint)), 0))")


def _hash_sql(con: duckdb.DuckDBPyConnection, schema: str, table: str,
              exclude: tuple[str, ...], by: str | None = None, where: str = "") -> str:
    """The query of a table's row count and content hash (_set_hash_sql over _row_hash_sql of
    its columns less `exclude`), of the rows `where` keeps, for each value of column `by`
    (first in each row) when given."""
    columns = [(c, t) for c, t in _columns(con, schema, table) if c not in exclude]
    return (f"select {f'{by}, ' if by else ''}count(*), {_set_hash_sql(columns)} from "
            f"(select {f't.{by}, ' if by else ''}{_row_hash_sql(columns, 't')} as h "
            f"from {schema}.\"{table}\" t {where})" + (" group by all" if by else ""))


def content_hash(con: duckdb.DuckDBPyConnection, schema: str, table: str,
                 exclude: tuple[str, ...] = VOLATILE_COLUMNS) -> tuple[int, str]:
    """(row count, hash over the column names and types and the row hashes): equal when the
    contents are equal; different contents hash alike only by chance."""
    row = con.execute(_hash_sql(con, schema, table, exclude)).fetchone()
    assert row is not None
    return int(row[0]), str(row[1])


# The marts a period-incremental build (macros/incremental_periods.sql) changes from the build's
# changed_from on only: their rows whose period ends earlier stay as the copied release had them.
# Their content hash is made of one hash per period (PERIOD_COLUMN), so an incremental build
# hashes only the periods it rebuilt (test_release_record.py checks this list against the models).
PERIOD_MARTS = ("fct_maternity_equalities", "fct_maternity_index_drivers",
                "fct_maternity_population_profile")
PERIOD_COLUMN = "period_end"
# Kept beside every period hash; a hash made another way is never reused. Bump the version when
# _row_hash_sql or _set_hash_sql changes.
HASH_METHOD = (f"v3: md5 of the columns, the row count and the sum of the rows' hash() (text "
               f"also by md5), doubles rounded to {FLOAT_DIGITS} digits, without "
               f"{', '.join(VOLATILE_COLUMNS)}, duckdb {duckdb.__version__}")
PeriodHash = tuple[dt.date | None, int, str]


def _hash_periods(con: duckdb.DuckDBPyConnection, mart: str, exclude: tuple[str, ...],
                  periods: list[dt.date | None] | None = None) -> list[PeriodHash]:
    """(period end, rows, hash over the period's row hashes) of a period mart's periods
    (every period, or those listed)."""
    where, params = "", list[object]()
    if periods is not None:
        dated = [p for p in periods if p is not None]
        where = "where " + " or ".join(
            ([f"list_contains(cast(? as date[]), t.{PERIOD_COLUMN})"] if dated else [])
            + ([f"t.{PERIOD_COLUMN} is null"] if None in periods else []) or ["false"])
        params = [dated] if dated else []
    rows = con.execute(_hash_sql(con, "marts", mart, exclude, by=PERIOD_COLUMN, where=where),
                       params).fetchall()
    return [(r[0], int(r[1]), str(r[2])) for r in rows]


def combine_periods(parts: list[PeriodHash]) -> tuple[int, str]:
    """(row count, content hash) of a period mart from its period hashes."""
    ordered = sorted(parts, key=lambda p: (p[0] is not None, p[0] or dt.date.min))
    text = ",".join(f"{p or ''}:{n}:{h}" for p, n, h in ordered)
    return sum(n for _, n, _ in parts), hashlib.md5(text.encode()).hexdigest()


def mart_hash(con: duckdb.DuckDBPyConnection, mart: str,
              exclude: tuple[str, ...] = VOLATILE_COLUMNS) -> tuple[int, str]:
    """(row count, content hash) of a mart: over its row hashes, or for a period mart
    over its period hashes. Equal when the contents are equal; different contents hash alike
    only by chance."""
    if mart in PERIOD_MARTS:
        return combine_periods(_hash_periods(con, mart, exclude))
    return content_hash(con, "marts", mart, exclude)


def period_mart_hashes(con: duckdb.DuckDBPyConnection, mart: str, release_id: str,
                       reuse_before: dt.date | None) -> tuple[list[PeriodHash], list[str], int]:
    """The period hashes of a period mart, reusing those of the copied release
    (release.mart_period_hashes) for its periods ending before reuse_before whose row count is
    unchanged: (hashes, the release that hashed each, periods reused). reuse_before None: hash
    every period (in one pass)."""
    if reuse_before is None:
        hashes = _hash_periods(con, mart, VOLATILE_COLUMNS)
        return hashes, [release_id] * len(hashes), 0
    counts = dict(con.execute(f'select {PERIOD_COLUMN}, count(*) from marts."{mart}" '
                              "group by all").fetchall())
    rows = con.execute(
        f"select period_end, row_count, content_md5, hashed_in_release from "
        f"{SCHEMA}.mart_period_hashes where mart = ? and hash_method = ? "
        "and period_end < ?", [mart, HASH_METHOD, reuse_before]).fetchall()
    kept = [(r[0], int(r[1]), str(r[2]), str(r[3])) for r in rows if counts.get(r[0]) == r[1]]
    kept_periods = {k[0] for k in kept}
    todo = [p for p in counts if p not in kept_periods]
    fresh = _hash_periods(con, mart, VOLATILE_COLUMNS, todo) if todo else []
    hashes = [(p, n, h) for p, n, h, _ in kept] + fresh
    return hashes, [r for *_, r in kept] + [release_id] * len(fresh), len(kept)


def fingerprints(db: Path, exclude: dict[str, tuple[str, ...]] | None = None
                 ) -> dict[str, tuple[int, str]]:
    """Row count and content hash of every mart and release table of a warehouse (read-only).

    exclude: extra columns to leave out per relation ("marts.<name>")."""
    extra = exclude or {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        result = {f"marts.{m}": mart_hash(con, m, VOLATILE_COLUMNS + extra.get(f"marts.{m}", ()))
                  for m in mart_names(con)}
        for m in index_marts(con):
            result[f"{SCHEMA}.{m}"] = content_hash(
                con, SCHEMA, m, VOLATILE_COLUMNS + extra.get(f"{SCHEMA}.{m}", ()))
        return result
    finally:
        con.close()


def _update_index_lineage(con: duckdb.DuckDBPyConnection, release_id: str,
                          reuse_before: dt.date | None) -> None:
    """New rows of the index marts get this release's id, and `release.<index mart>` is the
    mart with each row's release_id, a table. Each row is hashed once, for both. reuse_before: a
    period mart's rows ending earlier are those of the copied release (already in the lineage
    and in its release table), neither read nor written again, when its period hashes are kept
    (a file written in place has none: prepare_for_writing_in_place) and the copied release
    table holds as many rows of those periods as the mart."""
    for mart in index_marts(con):
        columns = _columns(con, "marts", mart)
        keep = (reuse_before is not None and _has_period_hashes(con, mart)
                and _release_table_holds(con, mart, columns, reuse_before))
        rebuilt = f"where m.{PERIOD_COLUMN} >= ? or m.{PERIOD_COLUMN} is null" if keep else ""
        # each row hashed once, for the lineage and the table (joined back by row id)
        con.execute(
            f"create or replace temp table nti_row_hashes as select m.rowid as row_id, "
            f"{_row_md5_sql(columns, 'm')} as row_md5 from marts.\"{mart}\" m {rebuilt}",
            [reuse_before] if keep else [])
        con.execute(
            f"insert into {SCHEMA}.index_row_lineage select distinct ?, row_md5, ? from "
            f"nti_row_hashes where row_md5 not in "
            f"(select row_md5 from {SCHEMA}.index_row_lineage where mart = ?)",
            [mart, release_id, mart])
        if keep:
            con.execute(f"delete from {SCHEMA}.\"{mart}\" where {PERIOD_COLUMN} >= ? or "
                        f"{PERIOD_COLUMN} is null", [reuse_before])
            verb = f'insert into {SCHEMA}."{mart}"'
        else:
            _drop_release_relation(con, mart)
            verb = f'create table {SCHEMA}."{mart}" as'
        con.execute(
            f"{verb} select m.*, l.release_id from marts.\"{mart}\" m "
            f"inner join nti_row_hashes h on h.row_id = m.rowid "
            f"left join {SCHEMA}.index_row_lineage l on l.mart = ? and l.row_md5 = h.row_md5",
            [mart])
        con.execute("drop table nti_row_hashes")


def _release_relation_type(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """'BASE TABLE', 'VIEW' or None (no such relation): what `release.<name>` is."""
    row = con.execute("select table_type from information_schema.tables where table_schema = ? "
                      "and table_name = ?", [SCHEMA, name]).fetchone()
    return None if row is None else str(row[0])


def _drop_release_relation(con: duckdb.DuckDBPyConnection, mart: str) -> None:
    kind = _release_relation_type(con, mart)
    if kind is not None:
        con.execute(f"drop {'view' if kind == 'VIEW' else 'table'} {SCHEMA}.\"{mart}\"")


def _release_table_holds(con: duckdb.DuckDBPyConnection, mart: str,
                         columns: list[tuple[str, str]], before: dt.date) -> bool:
    """True when `release.<mart>` is a table of the mart's columns and release_id holding as
    many rows of the periods ending before `before` as the mart (the copied release's)."""
    if (_release_relation_type(con, mart) != "BASE TABLE"
            or _columns(con, SCHEMA, mart) != [*columns, ("release_id", "VARCHAR")]):
        return False
    counts = [con.execute(f'select count(*) from {schema}."{mart}" where {PERIOD_COLUMN} < ?',
                          [before]).fetchone() for schema in ("marts", SCHEMA)]
    return counts[0] == counts[1]


def _lineage_views(con: duckdb.DuckDBPyConnection) -> None:
    """`release.<index mart>` as views that hash each mart row to find its release: right
    after the marts are written in place, where a table would keep the release's rows."""
    for mart in index_marts(con):
        columns = _columns(con, "marts", mart)
        _drop_release_relation(con, mart)
        con.execute(
            f"create view {SCHEMA}.\"{mart}\" as select m.*, l.release_id "
            f"from marts.\"{mart}\" m left join {SCHEMA}.index_row_lineage l "
            f"on l.mart = '{mart}' and l.row_md5 = {_row_md5_sql(columns, 'm')}")


# the input files and the periods of a release, for its manifest and for release.release_inputs
# and release.release_periods (inserted by the same query: one statement, not one per row)
_INPUTS_SQL = (
    "select relative_path, sha256, bytes, layout, status, is_current, "
    "cast(period_start as varchar), cast(period_end as varchar), rows_read, rows_quarantined "
    "from marts.fct_load_manifest order by relative_path")
_PERIODS_SQL = (
    "select layout, period_grain, cast(period_start as varchar), cast(period_end as varchar), "
    "count(*) from landing.file_manifest where status = 'loaded' and is_current "
    "group by all order by 1, 3, 4")


def _manifest_inputs(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    keys = ("relative_path", "sha256", "bytes", "layout", "status", "is_current", "period_start",
            "period_end", "rows_read", "rows_quarantined")
    return [dict(zip(keys, r, strict=True)) for r in con.execute(_INPUTS_SQL).fetchall()]


def _periods(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    keys = ("source", "period_grain", "period_start", "period_end", "files")
    return [dict(zip(keys, r, strict=True)) for r in con.execute(_PERIODS_SQL).fetchall()]


def previous_release_id(con: duckdb.DuckDBPyConnection) -> str | None:
    if _release_relation_type(con, "releases") is None:
        return None
    row = con.execute(
        f"select release_id from {SCHEMA}.releases order by published_at desc, release_id desc "
        "limit 1").fetchone()
    return str(row[0]) if row else None


def _has_period_hashes(con: duckdb.DuckDBPyConnection, mart: str) -> bool:
    """True when the copied release's period hashes of a period mart are kept and made by
    HASH_METHOD."""
    if mart not in PERIOD_MARTS:
        return False
    row = con.execute(f"select count(*) from {SCHEMA}.mart_period_hashes where mart = ? and "
                      "hash_method = ?", [mart, HASH_METHOD]).fetchone()
    return bool(row and row[0])


def prepare_for_writing_in_place(db: Path) -> None:
    """Before a warehouse file is written in place (`nti land`, `nti dbt`), undo what only
    holds for the marts its release recorded: its marts may no longer be those its release
    hashed by period, so the period hashes are deleted (the next build hashes the marts whole
    and reads every row for the index lineage), and `release.<index mart>` becomes a view that
    hashes the mart's rows as they are then (release_id null on a row no release published)."""
    if not db.exists():
        return
    con = duckdb.connect(str(db))
    try:
        if _release_relation_type(con, "mart_period_hashes") is not None:
            con.execute(f"delete from {SCHEMA}.mart_period_hashes")
            _lineage_views(con)
    finally:
        con.close()


def periods_rebuilt_from(con: duckdb.DuckDBPyConnection) -> dt.date:
    """The first period end an incremental build rebuilt in the period marts (the build's
    changed_from; date.max when it changed no maternity period)."""
    row = con.execute("select changed_from from intermediate.int_maternity_periods_changed"
                      ).fetchone()
    return dt.date.max if row is None or row[0] is None else row[0]


def _record_marts(con: duckdb.DuckDBPyConnection, release_id: str,
                  reuse_before: dt.date | None, say: Callable[[str], None]
                  ) -> dict[str, tuple[int, str]]:
    """Row count and content hash of every mart; the period marts' period hashes kept in
    release.mart_period_hashes (those of periods ending before reuse_before reused)."""
    marts: dict[str, tuple[int, str]] = {}
    reused = hashed = 0
    names = mart_names(con)
    for mart in names:
        if mart not in PERIOD_MARTS:
            marts[mart] = content_hash(con, "marts", mart)
            continue
        hashes, hashed_in, kept = period_mart_hashes(con, mart, release_id, reuse_before)
        marts[mart] = combine_periods(hashes)
        reused, hashed = reused + kept, hashed + len(hashes) - kept
        con.execute(f"delete from {SCHEMA}.mart_period_hashes where mart = ?", [mart])
        if not hashes:  # an empty mart
            continue
        con.execute(  # one statement, the period hashes as lists
            f"insert into {SCHEMA}.mart_period_hashes select ?, unnest(cast(? as date[])), "
            "unnest(cast(? as bigint[])), unnest(cast(? as varchar[])), ?, "
            "unnest(cast(? as varchar[]))",
            [mart, [p for p, _, _ in hashes], [n for _, n, _ in hashes],
             [h for _, _, h in hashes], HASH_METHOD, hashed_in])
    rebuilt = ("every period" if reuse_before is None else "no period"
               if reuse_before == dt.date.max else f"the periods ending from {reuse_before} on")
    say(f"nti build: release record: {len(names)} marts hashed; dbt rebuilt {rebuilt} of the "
        f"period marts: {hashed} period(s) hashed, {reused} reused from the copied release")
    return marts


def record(db: Path, release_id: str, build_seconds: float, raw_dir: Path, data_origin: str,
           dbt_warnings: int, incremental: bool = False,
           say: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """Write the release record into a built (and tested) file; return its JSON manifest.

    incremental: dbt built the period-incremental models incrementally on a copy of the
    previous release (same dbt code, no full refresh); the periods they did not rebuild are not
    hashed again."""
    con = duckdb.connect(str(db), config=config.duckdb_settings())
    try:
        previous = previous_release_id(con)
        reuse_before = periods_rebuilt_from(con) if incremental and previous else None
        con.execute("begin transaction")
        for statement in _DDL:
            con.execute(statement)
        _update_index_lineage(con, release_id, reuse_before)
        marts = _record_marts(con, release_id, reuse_before, say)
        inputs = _manifest_inputs(con)
        periods = _periods(con)
        manifest: dict[str, Any] = {
            "release_id": release_id,
            "published_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "previous_release_id": previous,
            "code_version": code_version(),
            **tool_versions(),
            "build_seconds": round(build_seconds, 1),
            "data_origin": data_origin,
            "raw_dir": str(raw_dir),
            "index_version": _index_versions(con),
            "hash_method": HASH_METHOD,
            "dbt_warnings": dbt_warnings,
            "rows_read": sum(int(i["rows_read"] or 0) for i in inputs),
            "rows_quarantined": sum(int(i["rows_quarantined"] or 0) for i in inputs),
            "periods": periods,
            "marts": {m: {"rows": n, "content_md5": h} for m, (n, h) in marts.items()},
            "inputs": inputs,
        }
        con.execute(
            f"insert into {SCHEMA}.releases values "
            "(?, cast(? as timestamp), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [release_id, manifest["published_at"].rstrip("Z"), manifest["code_version"],
             manifest["dbt_version"], manifest["dbt_duckdb_version"],
             manifest["duckdb_version"], manifest["build_seconds"], data_origin, str(raw_dir),
             previous, sum(1 for i in inputs if i["status"] == "loaded"),
             manifest["rows_read"], manifest["rows_quarantined"], dbt_warnings,
             json.dumps(manifest, sort_keys=True)])
        con.execute(f"insert into {SCHEMA}.release_inputs select ?, * from ({_INPUTS_SQL})",
                    [release_id])
        con.execute(f"insert into {SCHEMA}.release_periods select ?, * from ({_PERIODS_SQL})",
                    [release_id])
        con.executemany(f"insert into {SCHEMA}.release_marts values (?, ?, ?, ?)",
                        [[release_id, m, n, h] for m, (n, h) in marts.items()])
        con.execute(
            f"create or replace view {SCHEMA}.current as select * from {SCHEMA}.releases "
            "order by published_at desc, release_id desc limit 1")
        con.execute("commit")
        con.execute("checkpoint")
    finally:
        con.close()
    return manifest


def _index_versions(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for mart in index_marts(con):
        rows = con.execute(f'select distinct index_version from marts."{mart}" order by 1')
        result[mart] = [str(r[0]) for r in rows.fetchall()]
    return result


UNDATED = "undated"  # the Parquet file of a period mart's rows without a period_end


def export_parquet(db: Path, out_dir: Path, previous_dir: Path | None = None,
                   unchanged: Collection[str] = ()) -> tuple[list[Path], list[str]]:
    """Every mart as `<mart>.parquet`, a period mart (PERIOD_MARTS) as a folder `<mart>/` of one
    `<period_end>.parquet` per period (`undated.parquet` for rows without one); index marts
    from their release table (with release_id). Returns (files, what was linked: marts, and
    `<mart>/<period>` for periods).

    previous_dir: the Parquet folder of the release this build started from, when dbt built on
    it with the same dbt code. A mart in `unchanged` (`unchanged_marts`) and a period whose
    hash this release's record reused from the copied release (dbt did not rebuild it, its row
    count is the same) keep that release's file, hard-linked (copied across file systems), when
    the file has the columns and types this export would write; a release's files are never
    written after it is published. Everything else is written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db), read_only=True)
    written: list[Path] = []
    linked: list[str] = []
    try:
        with_release = set(index_marts(con))
        for mart in mart_names(con):
            source = f'{SCHEMA}."{mart}"' if mart in with_release else f'marts."{mart}"'
            target = mart_export(out_dir, mart)
            old = mart_export(previous_dir, mart) if previous_dir is not None else None
            if mart in PERIOD_MARTS:
                files, kept = _export_by_period(con, mart, source, target, old)
                written += files
                linked += [f"{mart}/{k}" for k in kept]
                continue
            if (mart in unchanged and old is not None and old.is_file()
                    and _same_columns(con, source, old)):
                link_or_copy(old, target)
                linked.append(mart)
            else:
                _copy_to_parquet(con, f"select * from {source}", target)
            written.append(target)
    finally:
        con.close()
    return written, linked


def _export_by_period(con: duckdb.DuckDBPyConnection, mart: str, source: str, folder: Path,
                      previous: Path | None) -> tuple[list[Path], list[str]]:
    """One file per period of a period mart: the periods this release's record reused from
    the copied release linked from `previous` (when it has them with the same columns), the
    others written in one partitioned pass. Returns (files, periods linked)."""
    kept: list[dt.date] = []
    if previous is not None and previous.is_dir():
        reused = con.execute(
            f"select period_end from {SCHEMA}.mart_period_hashes where mart = ? and "
            f"period_end is not null and hashed_in_release <> (select release_id from "
            f"{SCHEMA}.current) order by 1", [mart]).fetchall()
        kept = [r[0] for r in reused if _period_file(previous, r[0]).is_file()]
        if kept and not _same_columns(con, source, _period_file(previous, kept[0])):
            kept = []
    folder.mkdir(parents=True)
    partitions = folder.with_name(f".{folder.name}.partitions")
    shutil.rmtree(partitions, ignore_errors=True)
    where = (f" where {PERIOD_COLUMN} is null or not list_contains(cast(? as date[]), "
             f"{PERIOD_COLUMN})" if kept else "")
    con.execute(f"copy (select * from {source}{where}) to {_sql_path(partitions)} (format parquet, "
                f"partition_by ({PERIOD_COLUMN}), write_partition_columns true)",
                [kept] if kept else [])
    for part in sorted(partitions.iterdir()) if partitions.exists() else []:
        value = part.name.split("=", 1)[1]
        files = list(part.iterdir())
        if len(files) != 1:
            raise RuntimeError(f"Parquet export of {mart}: {len(files)} files written for "
                               f"{part.name} in {partitions}, expected one")
        period = None if value == "__HIVE_DEFAULT_PARTITION__" else dt.date.fromisoformat(value)
        os.replace(files[0], _period_file(folder, period))
    shutil.rmtree(partitions, ignore_errors=True)
    for period in kept:
        assert previous is not None
        link_or_copy(_period_file(previous, period), _period_file(folder, period))
    if not any(folder.iterdir()):  # an empty mart: a file of no rows with its columns, so that
        # a reader's glob of the folder finds the columns instead of no file
        _copy_to_parquet(con, f"select * from {source} limit 0", _period_file(folder, None))
    return sorted(folder.iterdir()), [p.isoformat() for p in kept]


def mart_export(folder: Path, mart: str) -> Path:
    """Where export_parquet puts a mart in a release's Parquet folder: `<mart>.parquet`, or for
    a period mart the folder `<mart>/` of its period files."""
    return folder / (mart if mart in PERIOD_MARTS else f"{mart}.parquet")


def _period_file(folder: Path, period: dt.date | None) -> Path:
    return folder / f"{period.isoformat() if period is not None else UNDATED}.parquet"


def _sql_path(path: Path) -> str:
    """A file path as a quoted SQL string literal."""
    return "'" + str(path).replace("'", "''") + "'"


def _copy_to_parquet(con: duckdb.DuckDBPyConnection, query: str, target: Path) -> None:
    con.execute(f"copy ({query}) to {_sql_path(target)} (format parquet)")


def unchanged_marts(manifest: dict[str, Any], previous: dict[str, Any] | None) -> set[str]:
    """The marts whose row count and content hash this release's manifest records the same as
    the previous release's (an empty set when `previous` is not the release this one follows).
    Use it only for a build by the same dbt code on a copy of that release; hashes made
    another way (`hash_method`, which names the DuckDB version) are not compared. The same
    code on the same inputs gives the same values to the last bit (every float aggregate is
    ordered); a mart whose inputs changed but whose doubles all stay equal to FLOAT_DIGITS
    significant digits keeps the previous file too: the same content by the release record's
    own definition."""
    if (previous is None or previous.get("release_id") != manifest.get("previous_release_id")
            or previous.get("hash_method") != manifest.get("hash_method")):
        return set()
    before = previous.get("marts", {})
    return {mart for mart, now in manifest["marts"].items() if before.get(mart) == now}


def _same_columns(con: duckdb.DuckDBPyConnection, source: str, old: Path) -> bool:
    columns = "select column_name, column_type from (describe select * from {})"
    return (con.execute(columns.format(source)).fetchall()
            == con.execute(columns.format(f"read_parquet({_sql_path(old)})")).fetchall())


def sync_file(path: Path) -> None:
    """Wait until path's data is on disk (whoever wrote it)."""
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def copy_synced(source: Path, target: Path) -> None:
    """A copy of source at target, on disk when this returns."""
    shutil.copyfile(source, target)
    sync_file(target)


def link_or_copy(source: Path, target: Path) -> None:
    """target as a hard link to source (nothing copied), or, where the file system cannot link,
    a synced copy. For files never written again: a published release's."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        copy_synced(source, target)


def live_release(db: Path) -> dict[str, Any] | None:
    """The manifest of the release a warehouse file holds (opened read-only), or None."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        if previous_release_id(con) is None:
            return None
        row = con.execute(f"select manifest_json from {SCHEMA}.current").fetchone()
        return json.loads(row[0]) if row else None
    finally:
        con.close()


def history(db: Path) -> list[tuple[str, str, str, float]]:
    """(release id, published at, code version, build seconds) of every release, newest first."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        if previous_release_id(con) is None:
            return []
        rows = con.execute(
            f"select release_id, cast(published_at as varchar), code_version, build_seconds "
            f"from {SCHEMA}.releases order by published_at desc, release_id desc").fetchall()
        return [(str(a), str(b), str(c), float(d or 0)) for a, b, c, d in rows]
    finally:
        con.close()
