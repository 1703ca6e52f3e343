"""Land a large, clean CSV with DuckDB's own reader instead of Python's.

The Python reader (readers.iter_csv) keeps exact line numbers and raw text for any file, at
about 100,000 rows a second. Most publications are plain UTF-8 with one record per line; for
those DuckDB's strict reader gives the same rows about 20 times faster. This path is used only
when the result is provably the same:
- the file decodes as UTF-8;
- DuckDB's strict reader accepts every record with exactly the header's field count;
- the records read equal the file's lines less the header, so record k is line k + 1 (no
  blank lines, no quoted line breaks).
Otherwise it returns None and nothing is written: the caller lands the file with the exact
Python reader, which quarantines what it cannot split.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

MIN_BYTES = 1 << 20  # smaller files are quick enough in Python


def _line_count(data: bytes) -> int:
    lines = data.count(b"\n")
    if data and not data.endswith(b"\n"):
        lines += 1
    return lines


def land_csv_fast(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    table: str,
    columns: tuple[str, ...],
    file_id: str,
    width: int | None = None,
) -> int | None:
    """Insert the file's records into landing.<table>; the row count, or None to fall back.

    `width` is the header's field count; by default it is read from the header line here, so
    the file is read and decoded once on this path.
    """
    if path.stat().st_size < MIN_BYTES:
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if width is None:
        width = len(next(csv.reader([text.split("\n", 1)[0].rstrip("\r")])))
    if width < len(columns):
        return None
    expected = _line_count(data) - 1
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
    count = con.execute("select count(*) from _fast_csv").fetchall()[0]
    if count[0] != expected:
        con.execute("drop table _fast_csv")
        return None
    cols = ", ".join(f'"{c}"' for c in columns)
    blanks = ", ".join(f"case when trim(\"{c}\") = '' then null else \"{c}\" end" for c in columns)
    con.execute(
        f"insert into landing.{table} (file_id, line_number, {cols}) "
        # rowid keeps file order; inside a transaction it does not start at 0, so number rows
        f"select ?, row_number() over (order by rowid) + 1, {blanks} from _fast_csv",
        [file_id],
    )
    con.execute("drop table _fast_csv")
    return int(count[0])
