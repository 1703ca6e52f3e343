"""Land a clean CSV with DuckDB's own reader instead of Python's.

The Python reader (readers.iter_csv) keeps exact line numbers and raw text for any file, at
about 100,000 rows a second. Most publications are plain UTF-8 with one record per line; for
those DuckDB's strict reader gives the same rows about 20 times faster. This path is used only
when the result is provably the same:
- the file decodes as UTF-8;
- DuckDB's strict reader accepts every record (it refuses one of fewer fields than the
  header's, but takes a trailing comma);
- the records read equal the file's lines less the header, so record k is line k + 1 (no
  blank lines, no quoted line breaks);
- every line has the header's field count, as Python's csv module splits it: the lines
  without a quote hold exactly width - 1 commas each (no fewer, DuckDB refused them, so none
  more), and a line with a quote is split by Python too and must give DuckDB's fields (the
  two readers differ on a space next to a quote);
- no record is blank in every field (the exact reader skips it as a blank row);
- a field is NULL exactly where the exact reader lands None: where Python's str.strip()
  leaves nothing (spaces, tabs, the other ASCII separators and Unicode spaces alike).
Otherwise it returns None and nothing is written: the caller lands the file with the exact
Python reader, which quarantines what it cannot split.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

# Below this the per-file cost of DuckDB's statements (a few ms) outweighs Python's reader.
MIN_BYTES = 1 << 16

# Every character Python's str.strip() removes: the exact reader lands a field as None when
# strip() leaves nothing (landing._Sink.add). DuckDB's one-argument trim() removes Unicode
# spaces but not tabs, so the set is named. Written out, not found by testing every code point
# at import (0.07-0.1 s on every start of nti); test_fast_csv.py checks it is str.isspace()'s set.
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
              "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_WHITESPACE_CODES = ", ".join(str(ord(c)) for c in WHITESPACE)


def blank_as_null(column: str) -> str:
    """SQL for the column's value, NULL where it is empty or whitespace only.

    `$whitespace` is bound to WHITESPACE. Only a value starting with whitespace is trimmed
    (most values start with a digit or a letter), which halves the expression's cost.
    """
    c = f'"{column}"'
    return (
        f"case when {c} = '' or (ascii({c}) in ({_WHITESPACE_CODES}) "
        f"and trim({c}, $whitespace) = '') then null else {c} end"
    )


def _line_count(data: bytes) -> int:
    lines = data.count(b"\n")
    if data and not data.endswith(b"\n"):
        lines += 1
    return lines


def _header_width(data: bytes) -> int:
    end = data.find(b"\n")
    first = (data if end < 0 else data[:end]).decode("utf-8-sig").rstrip("\r")
    return len(next(csv.reader([first])))


def _quoted_lines(data: bytes) -> list[tuple[int, int, int]]:
    """(record number, start, end) of every record line holding a double quote.

    Record k is line k + 1: a quote in the header (line 1) is no record's.
    """
    found: list[tuple[int, int, int]] = []
    record, counted_to = 0, 0
    pos = data.find(b'"')
    while pos >= 0:
        start = data.rfind(b"\n", 0, pos) + 1
        end = data.find(b"\n", pos)
        end = len(data) if end < 0 else end
        record += data.count(b"\n", counted_to, start)
        counted_to = start
        if record > 0:
            found.append((record, start, end))
        pos = data.find(b'"', end)
    return found


def _unquoted_widths_agree(
    data: bytes, quoted: list[tuple[int, int, int]], records: int, width: int
) -> bool:
    """Do the records without a quote hold width - 1 commas in all (DuckDB refuses fewer)?"""
    header_end = data.find(b"\n")
    commas = data.count(b",", len(data) if header_end < 0 else header_end)
    commas -= sum(data.count(b",", start, end) for _, start, end in quoted)
    return commas == (width - 1) * (records - len(quoted))


def _quoted_records(data: bytes, quoted: list[tuple[int, int, int]]) -> dict[int, list[str]]:
    """Python's split of each quoted record, by its record number."""
    return {
        record: next(csv.reader([data[start:end].decode("utf-8").rstrip("\r")], strict=False), [])
        for record, start, end in quoted
    }


def _quoted_records_agree(
    con: duckdb.DuckDBPyConnection, split: dict[int, list[str]], names: list[str], first_rowid: int
) -> bool:
    if not split:
        return True
    cols = ", ".join(f'coalesce("{n}", \'\')' for n in names)
    rows = con.execute(
        f"select rowid - {first_rowid - 1}, [{cols}] from _fast_csv "
        "where rowid in (select unnest($rowids::bigint[]))",
        {"rowids": [first_rowid + k - 1 for k in split]},
    ).fetchall()
    return len(rows) == len(split) and all(split[k] == fields for k, fields in rows)


# Every character str.isspace() accepts sorts below '!' or from U+0085 on (test_fast_csv): a
# column none of whose values starts in those ranges holds no field the exact reader empties.
FIRST_PLAIN, FIRST_BEYOND = "!", "\u0085"


def _columns_to_trim(con: duckdb.DuckDBPyConnection, names: list[str]) -> set[str]:
    """The columns holding a value that may be whitespace only (starting as whitespace may).

    One pass of string comparisons (about 5 ms for 89,000 records of 9 fields): the whitespace
    test itself, run on every field, cost about 0.2 s a file, most of the insert.
    """
    flags = ", ".join(
        f"bool_or(\"{n}\" < '{FIRST_PLAIN}' or \"{n}\" >= chr({ord(FIRST_BEYOND)}))"
        for n in names
    )
    found = con.execute(f"select {flags} from _fast_csv").fetchall()[0]
    return {n for n, flagged in zip(names, found, strict=True) if flagged}


def _landed_value(column: str, trim: set[str]) -> str:
    return blank_as_null(column) if column in trim else f'"{column}"'


def _has_blank_record(con: duckdb.DuckDBPyConnection, names: list[str], trim: set[str]) -> bool:
    # a where clause: as count(*) filter (where ...) DuckDB evaluates every field of every
    # record (1.1 s against 16 ms for 89,000 records of 9 fields)
    blank = " and ".join(f"({_landed_value(n, trim)}) is null" for n in names)
    sql = f"select count(*) from _fast_csv where {blank}"
    return con.execute(sql, {"whitespace": WHITESPACE} if trim else {}).fetchall()[0][0] > 0


def land_csv_fast(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    table: str,
    columns: tuple[str, ...],
    file_id: str,
    width: int | None = None,
    encoding: str | None = None,
) -> int | None:
    """Insert the file's records into landing.<table>; the row count, or None to fall back.

    `width` is the header's field count; by default it is read from the header line here.
    `encoding` is readers.detect_encoding's answer when the caller has it (discover scans
    every file; None or empty when unknown): utf-8-sig says the bytes decode as UTF-8, so
    they are not decoded again; any other answer leaves the file to the exact reader.
    """
    if path.stat().st_size < MIN_BYTES or encoding not in (None, "", "utf-8-sig"):
        return None
    data = path.read_bytes()
    if not encoding:
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
    if width is None:
        width = _header_width(data)
    if width < len(columns):
        return None
    expected = _line_count(data) - 1
    quoted = _quoted_lines(data)
    if not _unquoted_widths_agree(data, quoted, expected, width):
        return None
    split = _quoted_records(data, quoted)
    del data
    names = [*columns, *(f"_extra_{i}" for i in range(width - len(columns)))]
    spec = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    con.execute("drop table if exists _fast_csv")
    try:
        con.execute(
            "create temp table _fast_csv as select * from read_csv(?, header = false, "
            "skip = 1, delim = ',', quote = '\"', escape = '\"', strict_mode = true, "
            f"null_padding = false, columns = {spec}, auto_detect = false)",
            [str(path)],
        )
    except duckdb.Error:
        return None
    # fetchall, not fetchone: DuckDB 2.0 refuses more work while a result is half read
    count, first_rowid, last_rowid = con.execute(
        "select count(*), min(rowid), max(rowid) from _fast_csv").fetchall()[0]
    # the table was made by one statement in file order, so its row ids run without a gap
    # (checked): record k is row id first_rowid + k - 1, line k + 1
    if count == 0 or count != expected or last_rowid - first_rowid + 1 != count:
        con.execute("drop table _fast_csv")
        return None
    trim = _columns_to_trim(con, names)
    if (
        not _quoted_records_agree(con, split, names, first_rowid)
        or _has_blank_record(con, names, trim)
    ):
        con.execute("drop table _fast_csv")
        return None
    cols = ", ".join(f'"{c}"' for c in columns)
    values = ", ".join(_landed_value(c, trim) for c in columns)
    # line numbers by row id: 0.07 s a file against 0.10 s by a window; but with a column to
    # trim, by a window (0.13 s against 0.35 s by row id: the whitespace test then runs after
    # the window)
    line_number = "row_number() over (order by rowid) + 1" if trim else f"rowid - {first_rowid - 2}"
    con.execute(
        f"insert into landing.{table} (file_id, line_number, {cols}) "
        f"select $file_id, {line_number}, {values} from _fast_csv",
        {"file_id": file_id, **({"whitespace": WHITESPACE} if trim else {})},
    )
    con.execute("drop table _fast_csv")
    return int(count)
