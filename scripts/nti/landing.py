"""Land every raw file as text into `landing.*` tables, with a manifest and a quarantine.

Landing keeps the published text. It rejects only records it cannot split into the layout's
fields (wrong field count, unparseable CSV); value-level checks (markers, numbers, dates) are
staging's job in dbt. Everything is written in one transaction: a build that fails here leaves the
database as it was.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from nti import archives
from nti.discover import FoundFile
from nti.fast_csv import land_csv_fast
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
    return iter_csv(found.path, stats, *csv_dialect(layout.name))


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
    started = time.perf_counter()
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
    landed.seconds = time.perf_counter() - started
    return landed


def land_fast(con: duckdb.DuckDBPyConnection, found: FoundFile) -> LandedFile | None:
    """Land a large clean CSV with DuckDB's reader (nti.fast_csv), or None to use land_file."""
    layout, variant = found.layout, found.variant
    if found.file_format != "csv" or layout is None or variant is None or not variant.header:
        return None
    if (layout.name, variant.name) in FIELD_POSITIONS or layout.name in CSV_DIALECTS:
        return None
    started = time.perf_counter()
    count = land_csv_fast(con, found.path, layout.table, layout.columns, found.file_id)
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
    landed.seconds = time.perf_counter() - started
    return landed


MANIFEST_COLUMNS = (
    "file_id", "relative_path", "file_name", "sha256", "bytes", "file_format", "encoding",
    "sheet_name", "layout", "variant", "detected_by", "status", "note", "publication_key",
    "period_start", "period_end", "period_grain", "is_provisional", "is_revised",
    "rows_read", "rows_landed", "rows_rejected_at_landing", "blank_rows_skipped",
    "excel_dates_repaired", "excel_numbers_normalised", "is_current", "superseded_by_file_id",
    "supersession_reason",
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
    is_current boolean, superseded_by_file_id varchar, supersession_reason varchar
)
"""


def _create_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists landing")
    for layout in LAYOUTS:
        cols = ", ".join(f'"{c}" varchar' for c in layout.columns)
        con.execute(
            f"create or replace table landing.{layout.table} "
            f"(file_id varchar not null, line_number bigint not null, {cols})"
        )
    con.execute("drop table if exists landing.file_manifest")
    con.execute(_MANIFEST_DDL)
    con.execute(
        "create or replace table landing.row_rejects (file_id varchar not null, layout varchar "
        "not null, line_number bigint not null, raw_text varchar, reason varchar not null)"
    )
    con.execute(
        "create or replace table landing.load_run (raw_dir varchar, data_origin varchar, "
        "files_found bigint, files_loaded bigint, rows_read bigint, rows_landed bigint, "
        "rows_rejected bigint, landed_at timestamp)"
    )


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
) -> dict[str, LandedFile]:
    """Land every classified file into `landing.*` in one transaction."""
    loadable = [f for f in found if f.layout is not None]
    landed: dict[str, LandedFile] = {}
    con.execute("begin transaction")
    try:
        _create_tables(con)
        for n, f in enumerate(loadable, start=1):
            assert f.layout is not None
            sink = (_BatchSink(con, f.layout, f.file_id) if f.file_format in ("csv.zip", "csv.gz")
                    else _Sink(f.layout, f.file_id))
            lf = land_fast(con, f) or land_file(f, sink)
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
            "insert into landing.load_run values (?, ?, ?, ?, ?, ?, ?, current_timestamp)",
            [str(raw_dir), data_origin, len(found), len(landed),
             sum(x.rows_read for x in landed.values()),
             sum(x.rows_landed for x in landed.values()),
             sum(x.rows_rejected for x in landed.values())],
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return landed
