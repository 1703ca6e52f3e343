"""Read raw CSV and xlsx files as text records with their line numbers and raw text.

Every record keeps the text the publisher wrote. The only changes made are repairs of damage an
Excel re-save did to a publication, each counted in the manifest:
- a dd/mm/yyyy date with day <= 12 that Excel (US locale) turned into a date cell is written back
  as the dd/mm/yyyy text it was, checked against the row's end date;
- an integer that Excel stored as a float (2.0) is written back as the integer text (2).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook

_DDMMYYYY = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")


@dataclass
class Record:
    line_number: int  # 1-based line (CSV) or sheet row (xlsx) where the record starts
    fields: list[str]
    raw_text: str


@dataclass
class ReadStats:
    encoding: str = ""
    sheet_name: str = ""
    blank_rows_skipped: int = 0
    dates_repaired: int = 0
    numbers_normalised: int = 0


class FileReadError(Exception):
    """A file that cannot be read at all (names the file and the reason)."""


def _encoding_name(utf8: bool) -> str:
    return "utf-8-sig" if utf8 else "latin-1"


def detect_encoding(path: Path) -> str:
    """utf-8-sig when the bytes decode as UTF-8 (BOM or not), else latin-1."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return _encoding_name(False)
    return _encoding_name(True)


@dataclass(frozen=True)
class ByteScan:
    """What one read of a file's bytes tells: its sha256 and how its text decodes."""

    sha256: str
    encoding: str  # detect_encoding's answer: utf-8-sig when the bytes decode as UTF-8


def scan_bytes(path: Path, block_size: int = 1 << 20) -> ByteScan:
    """The file's sha256 and detect_encoding's answer from one streamed read.

    An all-ASCII block is valid UTF-8 on its own, so it is only decoded when the block
    before it ended inside a multi-byte character. hashlib releases the GIL while it hashes,
    so files can be scanned in threads.
    """
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(block_size), b""):
            digest.update(block)
            if utf8 and not (block.isascii() and not decoder.getstate()[0]):
                utf8 = _decodes(decoder, block, final=False)
    if utf8:
        utf8 = _decodes(decoder, b"", final=True)
    return ByteScan(digest.hexdigest(), _encoding_name(utf8))


def _decodes(decoder: codecs.IncrementalDecoder, block: bytes, final: bool) -> bool:
    try:
        decoder.decode(block, final)
    except UnicodeDecodeError:
        return False
    return True


def sha256_of(path: Path) -> str:
    return scan_bytes(path).sha256


class _LineTap:
    """Feeds lines to csv.reader and remembers the text of the record being read."""

    def __init__(self, handle: io.TextIOBase) -> None:
        self._handle = handle
        self.buffer: list[str] = []
        self.lines_read = 0

    def __iter__(self) -> _LineTap:
        return self

    def __next__(self) -> str:
        line = self._handle.readline()
        if not line:
            raise StopIteration
        self.lines_read += 1
        self.buffer.append(line)
        return line

    def take(self) -> str:
        text = "".join(self.buffer).rstrip("\r\n")
        self.buffer.clear()
        return text


def iter_csv(
    path: Path, stats: ReadStats, delimiter: str = ",", title_lines: int = 0,
    encoding: str = "",
) -> Iterator[Record]:
    """Yield every non-blank record of a CSV file, the first record (header) included.

    `title_lines` lines above the header (a title row) are passed over; line numbers still
    count them. `encoding` is detect_encoding's answer when the caller already has it.
    """
    stats.encoding = encoding or detect_encoding(path)
    with path.open("r", encoding=stats.encoding, newline="") as handle:
        yield from iter_csv_handle(handle, stats, delimiter, title_lines)


def iter_csv_handle(
    handle: io.TextIOBase, stats: ReadStats, delimiter: str = ",", title_lines: int = 0
) -> Iterator[Record]:
    """iter_csv on an open text stream (a file, or a member streamed out of an archive)."""
    for _ in range(title_lines):
        handle.readline()
    tap = _LineTap(handle)
    tap.lines_read = title_lines
    reader = csv.reader(tap, delimiter=delimiter, strict=False)
    while True:
        start_line = tap.lines_read + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raw = tap.take()
            yield Record(start_line, [], raw + f"\x00csv error: {exc}")
            continue
        raw = tap.take()
        if not fields or all(f.strip() == "" for f in fields):
            stats.blank_rows_skipped += 1
            continue
        yield Record(start_line, fields, raw)


def _cell_text(value: object, stats: ReadStats) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        stats.numbers_normalised += 1
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")  # re-examined by repair_dates
    return str(value)


def repair_excel_dates(
    raw_cells: tuple[object, ...], fields: list[str], date_positions: tuple[int, ...]
) -> int:
    """Undo Excel's US-locale reading of dd/mm/yyyy text; return cells repaired.

    Excel turned `01/04/2025` (1 April) into the date 4 January 2025 and left `30/04/2025` as
    text. A date cell whose day and month, swapped, give a date in the same month and year as
    the row's text end date is restored to that dd/mm/yyyy text.
    """
    texts = [fields[p] for p in date_positions if p < len(fields)]
    anchors = [m for t in texts if (m := _DDMMYYYY.match(t))]
    repaired = 0
    for pos in date_positions:
        if pos >= len(raw_cells) or not isinstance(raw_cells[pos], dt.datetime | dt.date):
            continue
        cell = raw_cells[pos]
        assert isinstance(cell, dt.date)
        swapped = f"{cell.month:02d}/{cell.day:02d}/{cell.year}"
        if cell.day <= 12 and any(
            a.group(2) == f"{cell.day:02d}" and a.group(3) == str(cell.year) for a in anchors
        ):
            fields[pos] = swapped
            repaired += 1
    return repaired


def xlsx_sheets(path: Path) -> list[str]:
    try:
        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception as exc:  # calamine raises several types for a damaged file
        raise FileReadError(f"{path}: not a readable xlsx workbook ({exc})") from exc


def iter_xlsx(
    path: Path,
    stats: ReadStats,
    sheet_name: str,
    date_positions: tuple[int, ...] = (),
) -> Iterator[Record]:
    """Yield every non-blank row of one sheet as text fields (header row included).

    Read with calamine (Rust): about ten times faster than openpyxl on the MSDS re-saves.
    Rows keep their sheet row numbers (the empty area above and left is not skipped).
    """
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet_name)
    stats.sheet_name = sheet_name
    stats.encoding = "xlsx"
    for row_number, cells in enumerate(sheet.to_python(skip_empty_area=False), start=1):
        if all(c is None or (isinstance(c, str) and c.strip() == "") for c in cells):
            stats.blank_rows_skipped += 1
            continue
        fields = [_cell_text(c, stats) for c in cells]
        if row_number > 1 and date_positions:
            stats.dates_repaired += repair_excel_dates(tuple(cells), fields, date_positions)
        raw = ",".join(fields)
        yield Record(row_number, fields, raw)


def first_row_xlsx(path: Path, sheet_name: str) -> list[str]:
    stats = ReadStats()
    for record in iter_xlsx(path, stats, sheet_name):
        return record.fields
    return []


def first_row_csv(
    path: Path, delimiter: str = ",", title_lines: int = 0, encoding: str = ""
) -> list[str]:
    stats = ReadStats()
    for record in iter_csv(path, stats, delimiter, title_lines, encoding):
        return record.fields
    return []
