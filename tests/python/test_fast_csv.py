"""The DuckDB fast path lands exactly what the exact Python reader lands, or steps aside."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from nti import fast_csv, layouts
from nti.discover import discover
from nti.landing import _Sink, land_file

HEADER = (
    "ReportingPeriodStartDate,ReportingPeriodEndDate,Dimension,Org_Level,Org_Code,Org_Name,"
    "Measure,Count_Of,Final_value\n"
)


def _big_file(path: Path, extra: str = "", encoding: str = "utf-8") -> Path:
    rows = [HEADER]
    for i in range(25_000):
        name = '"TRUST, NUMBER ' + str(i % 97) + '"' if i % 5 == 0 else f"TRUST {i % 97}"
        value = "" if i % 11 == 0 else str(i % 500)
        rows.append(f"01/03/2025,31/03/2025,Dim{i % 13},Provider,R{i % 97:02d},{name},"
                    f"Cat {i % 7},Women,{value}\n")
    rows.append(extra)
    path.write_bytes("".join(rows).encode(encoding))
    return path


def _landed(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    sql = "select * exclude (file_id) from landing.msds_exp_data order by 1"
    return con.execute(sql).fetchall()


def _setup(db: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(db))
    con.execute("create schema landing")
    cols = ", ".join(f'"{c}" varchar' for c in layouts.MSDS_EXP_DATA.columns)
    con.execute(f"create table landing.msds_exp_data (file_id varchar, line_number bigint, {cols})")
    return con


def _python_path(con: duckdb.DuckDBPyConnection, raw: Path) -> None:
    (found,) = discover(raw)
    sink = _Sink(layouts.MSDS_EXP_DATA, found.file_id)
    land_file(found, sink)
    import pandas as pd

    frame = pd.DataFrame(sink.columns, dtype=object)
    con.register("frame", frame)
    con.execute("insert into landing.msds_exp_data select * from frame")


def test_fast_path_equals_the_exact_reader(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    path = _big_file(raw / "msds-mar2025-exp-data.csv")
    assert path.stat().st_size > fast_csv.MIN_BYTES
    fast = _setup(tmp_path / "fast.duckdb")
    fast.execute("begin transaction")  # landing runs inside one transaction
    count = fast_csv.land_csv_fast(fast, path, "msds_exp_data", layouts.MSDS_EXP_DATA.columns,
                                   "f", 9)
    fast.execute("commit")
    assert count == 25_000
    exact = _setup(tmp_path / "exact.duckdb")
    _python_path(exact, raw)
    assert _landed(fast) == _landed(exact)
    assert _landed(fast)[0][0] == 2  # the first record is line 2


def test_whitespace_only_fields_are_null_as_in_the_exact_reader(tmp_path: Path) -> None:
    """Python's strip() removes tabs, ASCII separators and Unicode spaces; DuckDB's one-argument
    trim() keeps tabs: a tab-only field must land NULL on both paths, ' a ' as it is."""
    blanks = ["\t", " \t ", "\x1c", "\x0b\x0c", "\xa0", "\u3000", "\u2003 ", "  ", "\x85"]
    kept = [" a ", "\ta", "a\u3000", "\u200b", "x\t"]  # U+200B is no whitespace to Python
    extra = "".join(
        f"01/03/2025,31/03/2025,{v},Provider,{v},N,{v},Women,{v}\n" for v in blanks + kept
    )
    raw = tmp_path / "raw"
    raw.mkdir()
    path = _big_file(raw / "msds-mar2025-exp-data.csv", extra)
    fast = _setup(tmp_path / "fast.duckdb")
    fast.execute("begin transaction")
    assert fast_csv.land_csv_fast(fast, path, "msds_exp_data", layouts.MSDS_EXP_DATA.columns,
                                  "f", encoding="utf-8-sig") == 25_000 + len(blanks) + len(kept)
    fast.execute("commit")
    exact = _setup(tmp_path / "exact.duckdb")
    _python_path(exact, raw)
    assert _landed(fast) == _landed(exact)
    tail = fast.execute("select dimension, org_code, final_value from landing.msds_exp_data "
                        "where line_number > 25001 order by line_number").fetchall()
    assert tail == [(None, None, None)] * len(blanks) + [(v, v, v) for v in kept]


def test_small_files_and_the_scanned_encoding(tmp_path: Path) -> None:
    """A file of MIN_BYTES takes the fast path; a file the scan found latin-1 is left to the
    exact reader without being read."""
    rows = [HEADER]
    while sum(map(len, rows)) < fast_csv.MIN_BYTES:
        rows.append("01/03/2025,31/03/2025,D,Provider,R1,N,C,Women,5\n")
    path = tmp_path / "small.csv"
    path.write_text("".join(rows), encoding="utf-8")
    con = _setup(tmp_path / "small.duckdb")
    columns = layouts.MSDS_EXP_DATA.columns
    assert fast_csv.land_csv_fast(con, path, "msds_exp_data", columns, "f",
                                  encoding="latin-1") is None
    assert fast_csv.land_csv_fast(con, path, "msds_exp_data", columns, "f",
                                  encoding="utf-8-sig") == len(rows) - 1
    assert con.execute("select max(line_number) from landing.msds_exp_data").fetchone() == (
        len(rows),)


def test_escaped_quotes_keep_the_fast_path(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    extra = '01/03/2025,31/03/2025,D,Provider,R1,"SAID ""HI"", THEN",C,Women,"5"\n'
    path = _big_file(raw / "msds-mar2025-exp-data.csv", extra)
    fast = _setup(tmp_path / "fast.duckdb")
    assert fast_csv.land_csv_fast(fast, path, "msds_exp_data", layouts.MSDS_EXP_DATA.columns,
                                  "f", 9) == 25_001
    exact = _setup(tmp_path / "exact.duckdb")
    _python_path(exact, raw)
    assert _landed(fast) == _landed(exact)


def test_fast_path_steps_aside_for_quoted_line_breaks_bad_rows_and_latin1(tmp_path: Path) -> None:
    cases = {
        "quoted_newline": '01/03/2025,31/03/2025,D,Provider,R1,"TWO\nLINES",C,Women,5\n',
        "short_row": "01/03/2025,31/03/2025,D,Provider,R1\n",
        "blank_line": "\n\n",
        # rows the exact reader skips (blank in every field) or quarantines (10 fields), where
        # DuckDB's reader lands a row: found in review of 50ae129
        "blank_row": ",,,,,,,,\n",
        "whitespace_row": " , ,\t, , , , , , \n",
        "trailing_comma": "01/03/2025,31/03/2025,D,Provider,R1,N,C,Women,5,\n",
        "space_before_quote": '01/03/2025,31/03/2025,D,Provider,R1, "N, X",C,Women,5\n',
        "space_after_quote": '01/03/2025,31/03/2025,D,Provider,R1,"N, X" ,C,Women,5\n',
    }
    for name, extra in cases.items():
        path = _big_file(tmp_path / f"{name}.csv", extra)
        con = _setup(tmp_path / f"{name}.duckdb")
        assert fast_csv.land_csv_fast(con, path, "msds_exp_data",
                                      layouts.MSDS_EXP_DATA.columns, "f", 9) is None, name
        assert con.execute("select count(*) from landing.msds_exp_data").fetchone() == (0,)
    latin = _big_file(tmp_path / "latin.csv", "01/03/2025,31/03/2025,D,Provider,R1,CAFÉ,C,W,5\n",
                      encoding="latin-1")
    con = _setup(tmp_path / "latin.duckdb")
    assert fast_csv.land_csv_fast(con, latin, "msds_exp_data", layouts.MSDS_EXP_DATA.columns,
                                  "f", 9) is None


def test_the_whitespace_written_out_is_every_character_str_isspace_accepts() -> None:
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
    assert every == fast_csv.WHITESPACE


def test_every_whitespace_character_falls_in_the_ranges_flagged_for_trimming() -> None:
    """A column is trimmed only when a value starts below '!' or from U+0085 on: every
    character str.isspace() accepts must be in those ranges, or a blank field would be kept."""
    assert fast_csv.WHITESPACE
    for char in fast_csv.WHITESPACE:
        assert char < fast_csv.FIRST_PLAIN or char >= fast_csv.FIRST_BEYOND, hex(ord(char))
    # and the SQL compares the UTF-8 bytes in the same order as Python compares characters
    con = duckdb.connect()
    sample = [*fast_csv.WHITESPACE, "!", "a", "\x84", "\u200b", "\U0001f600"]
    flagged = con.execute(
        "select list(v order by v) filter (where v < ? or v >= chr(?)) from unnest(?) t(v)",
        [fast_csv.FIRST_PLAIN, ord(fast_csv.FIRST_BEYOND), sample]).fetchall()[0][0]
    assert flagged == sorted(c for c in sample
                             if c < fast_csv.FIRST_PLAIN or c >= fast_csv.FIRST_BEYOND)
