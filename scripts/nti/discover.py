"""Find raw files and decide, from name and content, which layout each one is."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from nti import archives, layouts
from nti.config import SYNTHETIC_MARKER
from nti.layouts import Layout, Variant
from nti.readers import (
    FileReadError,
    ReadStats,
    first_row_csv,
    iter_xlsx,
    scan_bytes,
    xlsx_sheets,
)

TEXT_SUFFIXES = (".csv",)
XLSX_SUFFIXES = (".xlsx",)
WORKBOOK_FORMATS = ("xlsx", "xls")
# Compressed CSVs and old .xls are opened only when their name is a known layout family.
FAMILY_ONLY_FORMATS = ("csv.zip", "csv.gz", "xls")
IGNORED_NAMES = {".gitkeep", ".DS_Store", SYNTHETIC_MARKER}


class LayoutMismatchError(Exception):
    """A file that belongs to a known family but whose header matches none of its variants."""


@dataclass
class FoundFile:
    file_id: str
    path: Path
    relative_path: str
    file_name: str
    sha256: str
    bytes: int
    file_format: str
    encoding: str = ""  # how the file's bytes decode (readers.detect_encoding), from the scan
    layout: Layout | None = None
    variant: Variant | None = None
    sheet_name: str = ""
    detected_by: str = ""  # "name" or "content"
    note: str = ""
    header_line: int = 1  # sheet row of the header (workbooks with a title block)
    title_period: str = ""  # the "Period:" cell of a title block, if any
    classified_before: bool = False  # classification reused from the previous landing


@dataclass(frozen=True)
class Classified:
    """What classify() decided of a file with these bytes (landing.file_manifest keeps it)."""

    sha256: str
    layout: str | None
    variant: str | None
    sheet_name: str
    detected_by: str
    note: str
    header_line: int
    title_period: str


# Reused only for files whose classification reads nothing but their bytes and name (the zip
# and gzip plans also read the archive limits of the environment).
REUSABLE_FORMATS = ("csv", "xlsx", "xls")


def reuse_classification(found: FoundFile, before: Classified | None) -> bool:
    """Give found what the previous landing's discovery decided of the same bytes under the
    same path (by the same landing code: landing.previous_classification); False when there
    is nothing to reuse and the file must be classified."""
    if (before is None or before.sha256 != found.sha256
            or found.file_format not in REUSABLE_FORMATS):
        return False
    layout = layouts.LAYOUTS_BY_NAME.get(before.layout) if before.layout else None
    variant = next((v for v in layout.variants if v.name == before.variant), None) \
        if layout else None
    if before.layout and variant is None:  # a name this code does not know: classify
        return False
    found.layout, found.variant, found.sheet_name = layout, variant, before.sheet_name
    found.detected_by, found.note = before.detected_by, before.note
    found.header_line, found.title_period = before.header_line, before.title_period
    found.classified_before = True
    return True


def file_id_for(relative_path: str) -> str:
    """A stable id for a file: the same relative path gets the same id in every build."""
    return hashlib.sha1(relative_path.encode("utf-8")).hexdigest()[:12]


def file_format_of(path: Path) -> str:
    name = path.name.lower()
    for suffix in (".csv.gz", ".csv.zip", ".xlsx", ".xlsb", ".xls", ".csv", ".zip", ".gz"):
        if name.endswith(suffix):
            return suffix.lstrip(".")
    return path.suffix.lstrip(".").lower() or "none"


def _describe_variants(layout: Layout) -> str:
    parts = []
    for v in layout.variants:
        if v.header:
            parts.append(f"variant '{v.name}' header {list(v.header)}")
        else:
            parts.append(
                f"variant '{v.name}' (no header; {v.headerless_width} fields, first field "
                f"matching {v.first_field_pattern})"
            )
    return "; ".join(parts)


Candidate = tuple[str, int, list[str]]  # (sheet name, row number, row)


def _sheet_candidates(found: FoundFile, sheet: str, search_rows: int) -> list[Candidate]:
    """The first non-blank row of a sheet, or its first `search_rows` rows (title blocks)."""
    out: list[Candidate] = []
    for record in iter_xlsx(found.path, ReadStats(), sheet):
        out.append((sheet, record.line_number, record.fields))
        if len(out) >= max(search_rows, 1):
            break
    return out


def _first_rows(found: FoundFile, family: Layout | None = None) -> list[Candidate]:
    """Candidate header rows: ("", 1, first row) for a CSV (read in the CSV dialect of the
    file's family, if it has one, and out of its archive); for a workbook the first row of
    each sheet, or its first rows when the family has a title block above the header."""
    name = family.name if family else ""
    if found.file_format == "csv":
        dialect = layouts.csv_dialect(name)
        return [("", 1, first_row_csv(found.path, *dialect, encoding=found.encoding))]
    if found.file_format in ("csv.zip", "csv.gz"):
        limits = archives.ArchiveLimits.from_env()
        source: archives.ZipPlan | str = "gzip"
        if found.file_format == "csv.zip":
            if name not in layouts.ARCHIVE_MEMBERS:
                raise FileReadError(f"{found.relative_path}: layout '{name}' is not read from zips")
            source = archives.plan_zip(found.path, layouts.ARCHIVE_MEMBERS[name], limits)
            found.note = source.note()
        return [("", 1, archives.first_line_fields(found.path, source, limits))]
    search = layouts.HEADER_SEARCH_ROWS.get(name, 1)
    rows = [c for sheet in xlsx_sheets(found.path)
            for c in _sheet_candidates(found, sheet, search)]
    if search > 1:
        found.title_period = next((str(r[2]) for _, _, r in rows
                                   if len(r) > 2 and str(r[1]).strip().lower() == "period:"), "")
    return rows


def _note_other_sheets(found: FoundFile, family: Layout, rows: list[Candidate]) -> None:
    """One sheet per file is landed: say so when another sheet has the same layout."""
    others = sorted({sheet for sheet, _, row in rows if sheet and sheet != found.sheet_name
                     and layouts.match_variant(family, row) is not None})
    if others:
        found.note = (f"sheet(s) {', '.join(repr(o) for o in others)} have the same layout and "
                      f"are not read (one sheet per file; sheet {found.sheet_name!r} is)")


def classify(found: FoundFile) -> None:
    """Set layout, variant and sheet on a found file, or raise LayoutMismatchError."""
    if found.file_format not in ("csv", *WORKBOOK_FORMATS, *FAMILY_ONLY_FORMATS):
        found.note = f"format '{found.file_format}' is not read by any layout yet"
        return
    family = layouts.family_of(found.file_name)
    if family is None and found.file_format in FAMILY_ONLY_FORMATS:
        found.note = (f"format '{found.file_format}' is read only for a known layout's file "
                      "name (not opened)")
        return
    try:
        rows = _first_rows(found, family)
    except FileReadError as exc:
        if family is None:
            # relative: the note is reused while the raw folder may have moved since
            found.note = str(exc).replace(str(found.path), found.relative_path)
            return
        raise LayoutMismatchError(str(exc)) from exc
    if family is not None:
        for sheet, line, row in rows:
            variant = layouts.match_variant(family, row)
            if variant is not None:
                found.layout, found.variant, found.sheet_name = family, variant, sheet
                found.header_line = line
                found.detected_by = "name"
                _note_other_sheets(found, family, rows)
                return
        seen = "; ".join(f"{sheet or 'first row'}: {row[:12]}" for sheet, _, row in rows[:6])
        raise LayoutMismatchError(
            f"{found.relative_path}: its name marks it as layout '{family.name}' but its header "
            f"matches none of that layout's variants, so nothing of it was loaded. Found: "
            f"{seen or 'empty'}. Compared with: {_describe_variants(family)}."
        )
    for sheet, line, row in rows:
        hit = layouts.detect_by_content(row)
        if hit is not None:
            found.layout, found.variant = hit
            found.sheet_name = sheet
            found.header_line = line
            found.detected_by = "content"
            return
    found.note = "header matches no known layout (not in scope of any staged source yet)"


SCAN_THREADS = min(4, os.cpu_count() or 1)


def discover(raw_dir: Path, known: Mapping[str, Classified] | None = None
             ) -> list[FoundFile]:
    """Every file below raw_dir, hashed and classified, in path order.

    Each file's bytes are read once (readers.scan_bytes: sha256 and encoding), in threads,
    while this thread classifies the files already scanned from their first rows. `known`:
    what a previous landing decided by relative path; a file with the same sha256 is not
    opened again (a workbook's sheets took most of discovery's time on the real corpus).
    """
    known = known or {}
    paths = [p for p in sorted(raw_dir.rglob("*")) if p.is_file() and p.name not in IGNORED_NAMES]
    found: list[FoundFile] = []
    pool = ThreadPoolExecutor(max_workers=SCAN_THREADS, thread_name_prefix="nti-scan")
    try:
        for path, scan in zip(paths, pool.map(scan_bytes, paths), strict=True):
            relative = path.relative_to(raw_dir).as_posix()
            entry = FoundFile(
                file_id=file_id_for(relative),
                path=path,
                relative_path=relative,
                file_name=path.name,
                sha256=scan.sha256,
                bytes=path.stat().st_size,
                file_format=file_format_of(path),
                encoding=scan.encoding,
            )
            if not reuse_classification(entry, known.get(relative)):
                classify(entry)
            found.append(entry)
    finally:
        pool.shutdown(cancel_futures=True)
    return found
