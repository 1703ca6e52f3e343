"""Land every raw file as text into `landing.*` tables, with a manifest and a quarantine.

Landing keeps the published text. It rejects only records it cannot split into the layout's
fields (wrong field count, unparseable CSV); value-level checks (markers, numbers, dates) are
staging's job in dbt. Everything is written in one transaction: a build that fails here leaves the
database as it was.

Incremental: a build starts from a copy of the last release, whose landing tables hold the rows
of every file it landed. A file whose relative path (file id) and sha256 are already landed
there, with the same layout, variant and sheet, is not read again: its rows and manifest figures
are kept (`landing_action = 'reused'`). A changed file (new sha256) has its old rows deleted and
is landed again, a file no longer in the raw folder has its rows deleted, a new file is landed
(`landing_action = 'landed'`). Supersession is decided again over all files every time. When the
landing code itself changed (LANDING_CODE_FILES hashed into `load_run.landing_code_version`), or
with `full_refresh`, every file is landed again from empty tables.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from nti import archives, config
from nti.discover import Classified, FoundFile
from nti.fast_csv import MIN_BYTES, land_csv_fast
from nti.layouts import (
    CSV_DIALECTS,
    FIELD_POSITIONS,
    LAYOUTS,
    PUBLICATION_FAMILIES,
    Layout,
    csv_dialect,
    file_period,
    in_layout_order,
    row_period,
    series_from_name,
)
from nti.readers import ReadStats, Record, iter_csv, iter_xlsx
from nti.supersede import Candidate, decide, is_revised

_ANNUAL = re.compile(r"^(\d{4})-(\d{2})$")
_DDMMYYYY = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
_YYYYMMDD = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


@dataclass
class LandedFile:
    found: FoundFile
    stats: ReadStats = field(default_factory=ReadStats)
    rows_read: int = 0
    rows_landed: int = 0
    rows_rejected: int = 0
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    period_grain: str | None = None
    publication_series: str = ""
    seconds: float = 0.0
    action: str = "landed"  # or "reused": kept from the previous release, not read again

    @property
    def is_provisional(self) -> bool:
        return "provisional" in self.found.file_name.lower()

    @property
    def publication_key(self) -> str:
        layout = self.found.layout
        assert layout is not None
        name = PUBLICATION_FAMILIES.get(layout.name, layout.name)
        if self.period_grain == "snapshot":
            return f"{name}|{self.publication_series}|snapshot"
        if self.period_start is None:
            return f"{name}|{self.publication_series}|unknown:{self.found.file_id}"
        return f"{name}|{self.publication_series}|{self.period_start}|{self.period_end}"


def _parse_ddmmyyyy(text: str | None) -> dt.date | None:
    match = _DDMMYYYY.match(text or "")
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _parse_yyyymmdd(text: str | None) -> dt.date | None:
    match = _YYYYMMDD.match(text or "")
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def publication_series(layout: Layout, file_name: str) -> str:
    name = file_name.lower()
    if layout.name == "mbrrace_perinatal":
        return "excluding_congenital_anomalies" if "excluding-congenital" in name else "all_causes"
    if layout.name == "msds_annual":
        return "dq_analysis" if "dqanlys" in name else "provider_file"
    return series_from_name(layout.name, name)


def set_period(landed: LandedFile, row: dict[str, str | None]) -> None:
    """Derive the publication period from the first landed row of a file."""
    layout = landed.found.layout
    assert layout is not None
    if layout.name in ("ods_etr", "ods_succ", "trust_icb_lookup"):
        landed.period_grain = "snapshot"
    elif layout.name == "msds_annual":
        match = _ANNUAL.match((row.get("period") or "").strip())
        if match:
            year = int(match.group(1))
            landed.period_start, landed.period_end = dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
            landed.period_grain = "year"
    elif layout.name == "mbrrace_perinatal":
        text = (row.get("report_year") or "").strip()
        if text.isdigit():
            year = int(text)
            landed.period_start, landed.period_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
            landed.period_grain = "year"
    elif (period := row_period(layout, row, landed.found.title_period)
          or file_period(layout, landed.found.file_name)) is not None:
        landed.period_start, landed.period_end, landed.period_grain = period
    else:
        start_col, end_col = layout.period_columns
        landed.period_start = _parse_ddmmyyyy(row.get(start_col))
        landed.period_end = _parse_ddmmyyyy(row.get(end_col))
        landed.period_grain = "month" if landed.period_start else None


def _snapshot_date(layout: Layout, row: dict[str, str | None]) -> dt.date | None:
    if layout.name == "ods_etr":
        dates = [_parse_yyyymmdd(row.get("open_date")), _parse_yyyymmdd(row.get("close_date"))]
    elif layout.name == "ods_succ":
        dates = [_parse_yyyymmdd(row.get("effective_date"))]
    else:
        return None
    present = [d for d in dates if d is not None]
    return max(present) if present else None


def _records(found: FoundFile, stats: ReadStats) -> Iterator[Record]:
    layout = found.layout
    assert layout is not None
    if found.file_format in ("xlsx", "xls"):
        positions = tuple(layout.columns.index(c) for c in layout.ddmmyyyy_columns)
        records = iter_xlsx(found.path, stats, found.sheet_name, positions)
        # a title block above the header is passed over (its rows are not records)
        return (r for r in records if r.line_number >= found.header_line)
    if found.file_format in ("csv.zip", "csv.gz"):
        return archives.iter_archive_csv(found.path, layout.name, stats,
                                         *csv_dialect(layout.name))
    return iter_csv(found.path, stats, *csv_dialect(layout.name), encoding=found.encoding)


class _Sink:
    """Collects landed rows and rejects for one file, column-wise."""

    def __init__(self, layout: Layout, file_id: str) -> None:
        self.layout = layout
        self.file_id = file_id
        self.columns: dict[str, list[object]] = {"file_id": [], "line_number": []}
        for c in layout.columns:
            self.columns[c] = []
        self.rejects: list[tuple[str, str, int, str, str]] = []

    def add(self, line_number: int, fields: list[str]) -> dict[str, str | None]:
        self.columns["file_id"].append(self.file_id)
        self.columns["line_number"].append(line_number)
        row: dict[str, str | None] = {}
        for i, c in enumerate(self.layout.columns):
            text = fields[i] if i < len(fields) else ""
            value = text if text.strip() != "" else None
            self.columns[c].append(value)
            row[c] = value
        return row

    def reject(self, line_number: int, raw_text: str, reason: str) -> None:
        self.rejects.append((self.file_id, self.layout.name, line_number, raw_text, reason))


class _BatchSink(_Sink):
    """A sink that writes every `batch` rows to the landing table (large archive members are
    streamed in, never held whole in memory); land_all writes the remainder."""

    def __init__(self, con: duckdb.DuckDBPyConnection, layout: Layout, file_id: str,
                 batch: int = 5_000) -> None:
        super().__init__(layout, file_id)
        self.con = con
        self.batch = batch

    def add(self, line_number: int, fields: list[str]) -> dict[str, str | None]:
        row = super().add(line_number, fields)
        if len(self.columns["file_id"]) >= self.batch:
            _insert_frame(self.con, self.layout.table, pd.DataFrame(self.columns, dtype=object))
            for values in self.columns.values():
                values.clear()
        return row


def _fit_width(fields: list[str], width: int, is_xlsx: bool) -> list[str]:
    """xlsx rows carry trailing empty cells up to the sheet's last column; trim or pad them."""
    if not is_xlsx:
        return fields
    while len(fields) > width and fields[-1] == "":
        fields = fields[:-1]
    return fields + [""] * (width - len(fields))


def land_file(found: FoundFile, sink: _Sink) -> LandedFile:
    landed = LandedFile(found)
    layout, variant = found.layout, found.variant
    assert layout is not None and variant is not None
    landed.publication_series = publication_series(layout, found.file_name)
    width = variant.headerless_width
    snapshot: dt.date | None = None
    for index, record in enumerate(_records(found, landed.stats)):
        if index == 0 and variant.header:
            width = len(record.fields)
            continue
        landed.rows_read += 1
        if not record.fields:
            sink.reject(record.line_number, record.raw_text.split("\x00")[0],
                        "unparseable CSV record: " + record.raw_text.split("\x00")[-1])
            landed.rows_rejected += 1
            continue
        fields = _fit_width(record.fields, width, found.file_format in ("xlsx", "xls"))
        if len(fields) != width:
            sink.reject(record.line_number, record.raw_text,
                        f"wrong field count: {len(fields)} fields where the header has {width}")
            landed.rows_rejected += 1
            continue
        row = sink.add(record.line_number, in_layout_order(layout, variant, fields))
        landed.rows_landed += 1
        if landed.rows_landed == 1:
            set_period(landed, row)
        day = _snapshot_date(layout, row)
        if day is not None and (snapshot is None or day > snapshot):
            snapshot = day
    if landed.period_grain == "snapshot":
        landed.period_end = snapshot
    return landed


# The largest decompressed archive member landed by DuckDB's reader: land_csv_fast holds the
# file in memory, with a decoded copy and DuckDB's table of it (the exact reader streams a
# larger one in batches, _BatchSink).
FAST_ARCHIVE_MAX_BYTES = 256 << 20


def land_fast(con: duckdb.DuckDBPyConnection, found: FoundFile) -> LandedFile | None:
    """Land a clean CSV with DuckDB's reader (nti.fast_csv), or None to use land_file. A .zip
    or .gz CSV is decompressed to a scratch file first (archives.extract_csv): on the real
    corpus the RTT full extract (82 MB, 180,781 rows) lands in 4.1 s instead of 7.9 s."""
    layout, variant = found.layout, found.variant
    if (found.file_format not in ("csv", "csv.zip", "csv.gz") or layout is None
            or variant is None or not variant.header):
        return None
    if (layout.name, variant.name) in FIELD_POSITIONS or layout.name in CSV_DIALECTS:
        return None
    if found.file_format == "csv":
        count = land_csv_fast(con, found.path, layout.table, layout.columns, found.file_id,
                              encoding=found.encoding)
    else:
        try:
            scratch = tempfile.TemporaryDirectory(prefix="nti-archive-",
                                                  ignore_cleanup_errors=True)
        except OSError:  # no writable temporary folder: the exact reader needs none
            return None
        with scratch as folder:
            member = Path(folder) / "member.csv"
            count = (land_csv_fast(con, member, layout.table, layout.columns, found.file_id)
                     if archives.extract_csv(found.path, layout.name, member, MIN_BYTES,
                                             FAST_ARCHIVE_MAX_BYTES) else None)
    if count is None:
        return None
    landed = LandedFile(found, rows_read=count, rows_landed=count)
    landed.stats.encoding = "utf-8-sig"
    landed.publication_series = publication_series(layout, found.file_name)
    cols = ", ".join(f'"{c}"' for c in layout.columns)
    first = con.execute(
        f"select {cols} from landing.{layout.table} where file_id = ? and line_number = 2",
        [found.file_id],
    ).fetchall()
    if first:
        set_period(landed, dict(zip(layout.columns, first[0], strict=True)))
    return landed


MANIFEST_COLUMNS = (
    "file_id", "relative_path", "file_name", "sha256", "bytes", "file_format", "encoding",
    "sheet_name", "layout", "variant", "detected_by", "status", "note", "publication_key",
    "period_start", "period_end", "period_grain", "is_provisional", "is_revised",
    "rows_read", "rows_landed", "rows_rejected_at_landing", "blank_rows_skipped",
    "excel_dates_repaired", "excel_numbers_normalised", "is_current", "superseded_by_file_id",
    "supersession_reason", "landing_action", "header_line", "title_period",
)


def _manifest_rows(found: list[FoundFile], landed: dict[str, LandedFile]) -> pd.DataFrame:
    candidates = [
        Candidate(f.file_id, lf.publication_key, lf.is_provisional, f.file_name, f.file_format,
                  f.relative_path, f.sha256,
                  str(lf.period_end or "") if lf.period_grain == "snapshot" else "")
        for f in found if (lf := landed.get(f.file_id)) is not None
    ]
    decisions = decide(candidates)
    rows = []
    for f in found:
        lf = landed.get(f.file_id)
        decision = decisions.get(f.file_id)
        rows.append({
            "file_id": f.file_id, "relative_path": f.relative_path, "file_name": f.file_name,
            "sha256": f.sha256, "bytes": f.bytes, "file_format": f.file_format,
            "encoding": lf.stats.encoding if lf else None,
            "sheet_name": f.sheet_name or None,
            "layout": f.layout.name if f.layout else None,
            "variant": f.variant.name if f.variant else None,
            "detected_by": f.detected_by or None,
            "status": "loaded" if lf else "not_in_scope",
            "note": f.note or None,
            "publication_key": lf.publication_key if lf else None,
            "period_start": lf.period_start if lf else None,
            "period_end": lf.period_end if lf else None,
            "period_grain": lf.period_grain if lf else None,
            "is_provisional": lf.is_provisional if lf else None,
            "is_revised": is_revised(f.file_name) if lf else None,
            "rows_read": lf.rows_read if lf else None,
            "rows_landed": lf.rows_landed if lf else None,
            "rows_rejected_at_landing": lf.rows_rejected if lf else None,
            "blank_rows_skipped": lf.stats.blank_rows_skipped if lf else None,
            "excel_dates_repaired": lf.stats.dates_repaired if lf else None,
            "excel_numbers_normalised": lf.stats.numbers_normalised if lf else None,
            "is_current": decision.is_current if decision else None,
            "superseded_by_file_id": decision.superseded_by if decision else None,
            "supersession_reason": decision.reason if decision else None,
            "landing_action": lf.action if lf else None,
            "header_line": f.header_line if f.layout else None,
            "title_period": f.title_period or None,
        })
    return pd.DataFrame(rows, columns=list(MANIFEST_COLUMNS))


_MANIFEST_DDL = """
create table landing.file_manifest (
    file_id varchar primary key, relative_path varchar not null, file_name varchar not null,
    sha256 varchar not null, bytes bigint not null, file_format varchar, encoding varchar,
    sheet_name varchar, layout varchar, variant varchar, detected_by varchar,
    status varchar not null, note varchar, publication_key varchar, period_start date,
    period_end date, period_grain varchar, is_provisional boolean, is_revised boolean,
    rows_read bigint, rows_landed bigint, rows_rejected_at_landing bigint,
    blank_rows_skipped bigint, excel_dates_repaired bigint, excel_numbers_normalised bigint,
    is_current boolean, superseded_by_file_id varchar, supersession_reason varchar,
    landing_action varchar, header_line bigint, title_period varchar
)
"""


# The modules whose code decides what a landed row holds: a change to any of them lands every
# file again (rows kept from a release built by other code could differ).
LANDING_CODE_FILES = (
    "landing.py", "readers.py", "fast_csv.py", "layouts.py", "discover.py", "archives.py",
)


# The packages that read the raw files for those modules: a new version of any of them lands
# every file again too (a reader's fix or change of type inference can change a landed row).
LANDING_PACKAGES = ("duckdb", "python-calamine", "pandas")


def landing_code_version() -> str:
    digest = hashlib.sha256()
    for name in LANDING_CODE_FILES:
        digest.update((Path(__file__).parent / name).read_bytes())
    for package in LANDING_PACKAGES:
        digest.update(f"{package}=={config.package_version(package)}\n".encode())
    return digest.hexdigest()[:16]


def model_code_version() -> str:
    """A hash of what dbt builds from (models, macros, seeds, project and profile): when it
    differs from the previous build's, incremental tables may hold rows made by other code."""
    digest = hashlib.sha256()
    paths = [config.PROJECT_DIR / "dbt_project.yml", config.PROJECT_DIR / "profiles.yml"]
    for folder in ("models", "macros", "seeds"):
        paths += sorted(p for p in (config.PROJECT_DIR / folder).rglob("*") if p.is_file())
    for path in paths:
        if path.exists():
            digest.update(path.relative_to(config.PROJECT_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def previous_model_code_version(con: duckdb.DuckDBPyConnection) -> str | None:
    """The model code version of the landing already in the file (None if not recorded)."""
    if "model_code_version" not in _landing_columns(con).get("load_run", []):
        return None
    rows = con.execute("select max(model_code_version) from landing.load_run").fetchall()
    return str(rows[0][0]) if rows and rows[0][0] is not None else None


def _create_tables(con: duckdb.DuckDBPyConnection, keep_rows: bool) -> None:
    """Landing tables, emptied unless keep_rows; the manifest and run record always anew."""
    con.execute("create schema if not exists landing")
    verb = "create table if not exists" if keep_rows else "create or replace table"
    for layout in LAYOUTS:
        cols = ", ".join(f'"{c}" varchar' for c in layout.columns)
        con.execute(
            f"{verb} landing.{layout.table} "
            f"(file_id varchar not null, line_number bigint not null, {cols})"
        )
    con.execute("drop table if exists landing.file_manifest")
    con.execute(_MANIFEST_DDL)
    con.execute(
        f"{verb} landing.row_rejects (file_id varchar not null, layout varchar "
        "not null, line_number bigint not null, raw_text varchar, reason varchar not null)"
    )
    con.execute(
        "create or replace table landing.files_dropped (file_id varchar not null, layout "
        "varchar, relative_path varchar, period_start date, period_end date, reason varchar)"
    )
    con.execute(
        "create or replace table landing.load_run (raw_dir varchar, data_origin varchar, "
        "files_found bigint, files_loaded bigint, rows_read bigint, rows_landed bigint, "
        "rows_rejected bigint, landed_at timestamp, landing_code_version varchar, "
        "model_code_version varchar, full_refresh boolean, files_landed bigint, "
        "files_reused bigint)"
    )


def _landing_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The columns of every landing table, in order, in one query (one query per table took
    5-8 ms each at 60 months)."""
    rows = con.execute(
        "select table_name, list(column_name order by ordinal_position) from "
        "information_schema.columns where table_schema = 'landing' group by all").fetchall()
    return {str(r[0]): [str(c) for c in r[1]] for r in rows}


def _landed_by_this_code(con: duckdb.DuckDBPyConnection, columns: dict[str, list[str]]) -> bool:
    """The file holds a landing (manifest and run record; `columns`: _landing_columns) made
    by this landing code only."""
    if "file_manifest" not in columns or "landing_code_version" not in columns.get(
            "load_run", []):
        return False
    versions = con.execute("select distinct landing_code_version from landing.load_run").fetchall()
    return [v[0] for v in versions] == [landing_code_version()]


def previous_landing(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, object]] | None:
    """The loaded files of the landing already in the file (file id -> manifest row), or None
    when nothing can be reused: no landing yet, another landing code version, or a landing
    table whose columns are not the layout's."""
    columns = _landing_columns(con)
    if not _landed_by_this_code(con, columns):
        return None
    for layout in LAYOUTS:
        if layout.table in columns and columns[layout.table] != [
                "file_id", "line_number", *layout.columns]:
            return None
    frame = con.execute(
        "select * from landing.file_manifest where status = 'loaded'").df()
    return {str(row["file_id"]): row for row in frame.to_dict("records")}


def previous_classification(con: duckdb.DuckDBPyConnection) -> dict[str, Classified]:
    """What the previous landing's discovery decided of each file (relative path ->
    discover.Classified), when it ran the same landing code (empty otherwise): discovery
    reuses it for a file whose bytes have not changed instead of opening it again."""
    columns = _landing_columns(con)
    if not (_landed_by_this_code(con, columns) and "header_line" in columns["file_manifest"]):
        return {}
    rows = con.execute(
        "select relative_path, sha256, layout, variant, sheet_name, detected_by, note, "
        "header_line, title_period from landing.file_manifest").fetchall()
    return {str(r[0]): Classified(str(r[1]), r[2], r[3], r[4] or "", r[5] or "", r[6] or "",
                                  int(r[7]) if r[7] is not None else 1, r[8] or "")
            for r in rows}


def newest_monthly_files(db: Path, months: int) -> list[str]:
    """The raw files (paths relative to the raw folder) a warehouse landed for the newest
    `months` months of the MSDS monthly publications (exp-data, exp-measures, exp-dq; every
    copy, .xlsx and CSV): what the latest monthly publications added to the raw folder."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "with monthly as (select relative_path, period_start from landing.file_manifest "
            "where status = 'loaded' and period_grain = 'month' "
            "and starts_with(layout, 'msds_exp_')), "
            "newest as (select distinct period_start from monthly order by 1 desc limit ?) "
            "select relative_path from monthly semi join newest using (period_start) order by 1",
            [months]).fetchall()
    finally:
        con.close()
    return [str(path) for (path,) in rows]


def _can_reuse(f: FoundFile, before: dict[str, object] | None) -> bool:
    return (before is not None and f.layout is not None and f.variant is not None
            and before["sha256"] == f.sha256 and before["layout"] == f.layout.name
            and before["variant"] == f.variant.name
            and _text(before["sheet_name"]) == (f.sheet_name or ""))


def _text(value: object) -> str:
    """A manifest text cell as a string: null (None, or NaN once read through pandas) -> ""."""
    return "" if value is None or pd.isna(value) else str(value)  # type: ignore[arg-type]


def _count(value: object) -> int:
    return 0 if value is None or pd.isna(value) else int(value)  # type: ignore[arg-type]


def _date(value: object) -> dt.date | None:
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return None
    return value.date() if isinstance(value, (pd.Timestamp, dt.datetime)) else value  # type: ignore[return-value]


def reused_file(f: FoundFile, before: dict[str, object]) -> LandedFile:
    """The LandedFile of a file kept from the previous landing, from its manifest row."""
    assert f.layout is not None
    stats = ReadStats(
        encoding=str(before["encoding"] or ""), sheet_name=f.sheet_name,
        blank_rows_skipped=_count(before["blank_rows_skipped"]),
        dates_repaired=_count(before["excel_dates_repaired"]),
        numbers_normalised=_count(before["excel_numbers_normalised"]))
    grain = before["period_grain"]
    return LandedFile(
        f, stats=stats, rows_read=_count(before["rows_read"]),
        rows_landed=_count(before["rows_landed"]),
        rows_rejected=_count(before["rows_rejected_at_landing"]),
        period_start=_date(before["period_start"]), period_end=_date(before["period_end"]),
        period_grain=None if grain is None or pd.isna(grain) else str(grain),  # type: ignore[arg-type]
        publication_series=publication_series(f.layout, f.file_name), action="reused")


def _record_dropped(con: duckdb.DuckDBPyConnection, dropped: list[dict[str, object]],
                   still_found: set[str]) -> None:
    """landing.files_dropped: the files of the previous landing whose rows this run deleted
    (removed from the raw folder, or changed and landed again), with the period they held, so
    the period-incremental models recompute those periods too."""
    for row in dropped:
        con.execute(
            "insert into landing.files_dropped values (?, ?, ?, ?, ?, ?)",
            [str(row["file_id"]), _text(row.get("layout")) or None,
             _text(row.get("relative_path")) or None, _date(row.get("period_start")),
             _date(row.get("period_end")),
             "changed" if row["file_id"] in still_found else "removed"])


def _delete_files(con: duckdb.DuckDBPyConnection, file_ids: list[str]) -> None:
    """Delete the landed rows and rejects of these files from every landing table."""
    if not file_ids:
        return
    con.execute("create or replace temp table _dropped (file_id varchar)")
    con.executemany("insert into _dropped values (?)", [[i] for i in file_ids])
    for table in [*(layout.table for layout in LAYOUTS), "row_rejects"]:
        con.execute(
            f"delete from landing.{table} where file_id in (select file_id from _dropped)")
    con.execute("drop table _dropped")


def _insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    con.register("_frame", frame)
    try:
        cols = ", ".join(f'"{c}"' for c in frame.columns)
        con.execute(f"insert into landing.{table} ({cols}) select {cols} from _frame")
    finally:
        con.unregister("_frame")


def land_all(
    con: duckdb.DuckDBPyConnection,
    found: list[FoundFile],
    raw_dir: Path,
    data_origin: str,
    progress: Callable[[str], None] = print,
    full_refresh: bool = False,
) -> dict[str, LandedFile]:
    """Land the classified files into `landing.*` in one transaction, reusing the rows of
    files already landed with the same sha256 unless full_refresh (module docstring)."""
    loadable = [f for f in found if f.layout is not None]
    landed: dict[str, LandedFile] = {}
    con.execute("begin transaction")
    try:
        before = None if full_refresh else previous_landing(con)
        _create_tables(con, keep_rows=before is not None)
        previous = before or {}
        reuse = {f.file_id for f in loadable if _can_reuse(f, previous.get(f.file_id))}
        _delete_files(con, sorted(set(previous) - reuse))
        _record_dropped(con, [previous[fid] for fid in sorted(set(previous) - reuse)],
                        {f.file_id for f in loadable})
        if before is None:
            progress("  landing every file (full refresh)" if full_refresh else
                     "  landing every file (no reusable landing of this landing code)")
        else:
            progress(f"  reusing {len(reuse)} unchanged landed files; landing "
                     f"{len(loadable) - len(reuse)}; dropping "
                     f"{len(set(previous) - reuse - {f.file_id for f in loadable})} removed")
        for n, f in enumerate(loadable, start=1):
            assert f.layout is not None
            if f.file_id in reuse:
                landed[f.file_id] = reused_file(f, previous[f.file_id])
                continue
            sink = (_BatchSink(con, f.layout, f.file_id) if f.file_format in ("csv.zip", "csv.gz")
                    else _Sink(f.layout, f.file_id))
            started = time.perf_counter()
            lf = land_fast(con, f) or land_file(f, sink)  # the fast path's attempt counted
            lf.seconds = time.perf_counter() - started
            landed[f.file_id] = lf
            _insert_frame(con, f.layout.table, pd.DataFrame(sink.columns, dtype=object))
            if sink.rejects:
                rejects = pd.DataFrame(
                    sink.rejects,
                    columns=["file_id", "layout", "line_number", "raw_text", "reason"],
                    dtype=object,
                )
                _insert_frame(con, "row_rejects", rejects)
            progress(
                f"  [{n}/{len(loadable)}] {f.relative_path}: {f.layout.name}/"
                f"{f.variant.name if f.variant else '?'}"
                f"{' sheet ' + repr(f.sheet_name) if f.sheet_name else ''}, "
                f"{lf.rows_read:,} rows read, {lf.rows_rejected:,} rejected ({lf.seconds:.1f}s)"
            )
        _insert_frame(con, "file_manifest", _manifest_rows(found, landed))
        con.execute(
            "insert into landing.load_run values "
            "(?, ?, ?, ?, ?, ?, ?, current_timestamp, ?, ?, ?, ?, ?)",
            [str(raw_dir), data_origin, len(found), len(landed),
             sum(x.rows_read for x in landed.values()),
             sum(x.rows_landed for x in landed.values()),
             sum(x.rows_rejected for x in landed.values()),
             landing_code_version(), model_code_version(), before is None,
             len(landed) - len(reuse), len(reuse)],
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return landed
