"""Find raw files and decide, from name and content, which layout each one is."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from nti import layouts
from nti.config import SYNTHETIC_MARKER
from nti.layouts import Layout, Variant
from nti.readers import FileReadError, first_row_csv, first_row_xlsx, xlsx_sheets

TEXT_SUFFIXES = (".csv",)
XLSX_SUFFIXES = (".xlsx",)
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
    layout: Layout | None = None
    variant: Variant | None = None
    sheet_name: str = ""
    detected_by: str = ""  # "name" or "content"
    note: str = ""


def file_id_for(relative_path: str) -> str:
    """A stable id for a file: the same relative path gets the same id in every build."""
    return hashlib.sha1(relative_path.encode("utf-8")).hexdigest()[:12]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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


def _first_rows(found: FoundFile, family: Layout | None = None) -> list[tuple[str, list[str]]]:
    """(sheet name, first row) for each sheet of an xlsx, or ("", first row) for a CSV (read
    in the CSV dialect of the file's family, if it has one)."""
    if found.file_format == "csv":
        return [("", first_row_csv(found.path, *layouts.csv_dialect(family and family.name)))]
    return [(sheet, first_row_xlsx(found.path, sheet)) for sheet in xlsx_sheets(found.path)]


def classify(found: FoundFile) -> None:
    """Set layout, variant and sheet on a found file, or raise LayoutMismatchError."""
    if found.file_format not in ("csv", "xlsx"):
        found.note = f"format '{found.file_format}' is not read by any layout yet"
        return
    family = layouts.family_of(found.file_name)
    try:
        rows = _first_rows(found, family)
    except FileReadError as exc:
        if family is None:
            found.note = str(exc)
            return
        raise LayoutMismatchError(str(exc)) from exc
    if family is not None:
        for sheet, row in rows:
            variant = layouts.match_variant(family, row)
            if variant is not None:
                found.layout, found.variant, found.sheet_name = family, variant, sheet
                found.detected_by = "name"
                return
        seen = "; ".join(f"{sheet or 'first row'}: {row[:12]}" for sheet, row in rows) or "empty"
        raise LayoutMismatchError(
            f"{found.relative_path}: its name marks it as layout '{family.name}' but its header "
            f"matches none of that layout's variants, so nothing of it was loaded. Found: {seen}. "
            f"Compared with: {_describe_variants(family)}."
        )
    for sheet, row in rows:
        hit = layouts.detect_by_content(row)
        if hit is not None:
            found.layout, found.variant = hit
            found.sheet_name = sheet
            found.detected_by = "content"
            return
    found.note = "header matches no known layout (not in scope of any staged source yet)"


def discover(raw_dir: Path) -> list[FoundFile]:
    """Every file below raw_dir, hashed and classified, in path order."""
    found: list[FoundFile] = []
    for path in sorted(p for p in raw_dir.rglob("*") if p.is_file()):
        if path.name in IGNORED_NAMES:
            continue
        relative = path.relative_to(raw_dir).as_posix()
        entry = FoundFile(
            file_id=file_id_for(relative),
            path=path,
            relative_path=relative,
            file_name=path.name,
            sha256=sha256_of(path),
            bytes=path.stat().st_size,
            file_format=file_format_of(path),
        )
        classify(entry)
        found.append(entry)
    return found
