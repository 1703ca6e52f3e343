"""Landing: discovery by name and content, field-count quarantine, Excel repair, supersession."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
from pathlib import Path

import duckdb
import openpyxl
import pytest

from nti import layouts
from nti.discover import LayoutMismatchError, discover
from nti.landing import land_all, newest_monthly_files
from nti.supersede import Candidate, decide

EXP_DATA_HEADER = (
    "ReportingPeriodStartDate,ReportingPeriodEndDate,Dimension,Org_Level,Org_Code,Org_Name,"
    "Measure,Count_Of,Final_value"
)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def land(raw: Path, db: Path) -> duckdb.DuckDBPyConnection:
    found = discover(raw)
    con = duckdb.connect(str(db))
    land_all(con, found, raw, "test", progress=lambda _: None)
    return con


def test_unknown_header_in_a_known_family_stops_with_file_and_variants(tmp_path: Path) -> None:
    write(tmp_path / "msds-mar2025-exp-data.csv", "Start,End,Dim\n01/03/2025,31/03/2025,X\n")
    with pytest.raises(LayoutMismatchError) as err:
        discover(tmp_path)
    message = str(err.value)
    assert "msds-mar2025-exp-data.csv" in message
    assert "msds_exp_data" in message and "reportingperiodstartdate" in message


def test_nothing_is_half_loaded_when_discovery_fails(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write(raw / "msds-mar2025-exp-data.csv",
          EXP_DATA_HEADER + "\n01/03/2025,31/03/2025,TotalDeliveries,Provider,R0A,X,,Women,10\n")
    db = tmp_path / "w.duckdb"
    land(raw, db).close()
    write(raw / "msds-apr2025-exp-data.csv", "Wrong,Header\n1,2\n")
    with pytest.raises(LayoutMismatchError):
        discover(raw)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(*) from landing.msds_exp_data").fetchone() == (1,)


def test_file_found_by_content_when_its_name_is_unknown(tmp_path: Path) -> None:
    write(tmp_path / "renamed.csv",
          EXP_DATA_HEADER + "\n01/03/2025,31/03/2025,TotalDeliveries,Provider,R0A,X,,Women,10\n")
    (found,) = discover(tmp_path)
    assert found.layout is layouts.MSDS_EXP_DATA and found.detected_by == "content"


def test_wrong_field_count_is_rejected_with_line_and_text(tmp_path: Path) -> None:
    write(
        tmp_path / "msds-mar2025-exp-data.csv",
        "\ufeff" + EXP_DATA_HEADER + "\r\n"
        "01/03/2025,31/03/2025,TotalDeliveries,Provider,R0A,X,,Women,10\r\n"
        "01/03/2025,31/03/2025,TotalBabies,Provider,R0A,X\r\n"
        "\r\n"
        '01/03/2025,31/03/2025,TotalBabies,Provider,R0B,"Y, Z",,Babies,15\r\n',
    )
    con = land(tmp_path, tmp_path / "w.duckdb")
    sql = "select line_number, raw_text, reason from landing.row_rejects"
    rejects = con.execute(sql).fetchall()
    assert rejects == [
        (3, "01/03/2025,31/03/2025,TotalBabies,Provider,R0A,X",
         "wrong field count: 6 fields where the header has 9")
    ]
    manifest = con.execute(
        "select rows_read, rows_landed, rows_rejected_at_landing, blank_rows_skipped, encoding "
        "from landing.file_manifest"
    ).fetchone()
    assert manifest == (3, 2, 1, 1, "utf-8-sig")
    sql = "select org_name from landing.msds_exp_data order by line_number"
    names = con.execute(sql).fetchall()
    assert names == [("X",), ("Y, Z",)]


def test_latin1_file_is_read_without_loss(tmp_path: Path) -> None:
    write(tmp_path / "msds-mar2025-exp-data.csv",
          EXP_DATA_HEADER + "\n01/03/2025,31/03/2025,TotalDeliveries,Provider,R0A,CAFÉ,,Women,10\n",
          encoding="latin-1")
    con = land(tmp_path, tmp_path / "w.duckdb")
    assert con.execute("select org_name from landing.msds_exp_data").fetchone() == ("CAFÉ",)
    assert con.execute("select encoding from landing.file_manifest").fetchone() == ("latin-1",)


def test_excel_misread_dates_and_float_integers_are_restored(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(EXP_DATA_HEADER.split(","))
    # Excel read the text 01/02/2025 (1 February) as 2 January; 28/02/2025 stayed text.
    sheet.append([dt.datetime(2025, 1, 2), "28/02/2025", "DeprivationDecileAtBooking", "Provider",
                  "R0A", "X", 2.0, "Women", 15.0])
    extra = workbook.create_sheet("Notes")
    extra.append(["not", "data"])
    workbook.save(tmp_path / "msds-feb2025-exp-data.xlsx")
    con = land(tmp_path, tmp_path / "w.duckdb")
    row = con.execute(
        "select reporting_period_start_date, measure, final_value from landing.msds_exp_data"
    ).fetchone()
    assert row == ("01/02/2025", "2", "15")
    repaired = con.execute(
        "select excel_dates_repaired, period_start from landing.file_manifest"
    ).fetchone()
    assert repaired == (1, dt.date(2025, 2, 1))


def _candidate(file_id: str, name: str, fmt: str = "csv", provisional: bool = False,
               vintage: str = "", key: str = "k") -> Candidate:
    return Candidate(file_id, key, provisional, name, fmt, f"dir/{name}", file_id, vintage)


def test_final_supersedes_provisional_and_csv_supersedes_xlsx() -> None:
    decisions = decide([
        _candidate("p", "msds-apr2025Provisional-exp-measures.csv", provisional=True),
        _candidate("f", "msds-apr2025-exp-measures.xlsx", fmt="xlsx"),
        _candidate("c", "msds-apr2025-exp-measures.csv"),
    ])
    assert decisions["c"].is_current
    assert decisions["p"].reason == "final supersedes provisional"
    assert decisions["f"].superseded_by == "c" and "csv" in (decisions["f"].reason or "")


def test_revised_file_supersedes_the_original() -> None:
    decisions = decide([_candidate("o", "Monthly-AE-May-2024.csv"),
                        _candidate("r", "Monthly-AE-May-2024-revised.csv")])
    assert decisions["r"].is_current and not decisions["o"].is_current


def test_newest_snapshot_supersedes_older_reference_files() -> None:
    decisions = decide([_candidate("a", "etr.csv", vintage="2024-12-31"),
                        _candidate("b", "etr_2016.csv", vintage="2015-09-30"),
                        _candidate("z", "etr.csv", vintage="2026-06-30")])
    assert decisions["z"].is_current
    assert decisions["a"].superseded_by == "z" and decisions["b"].superseded_by == "z"


def test_a_manifest_row_read_through_pandas_is_reusable_when_its_sheet_is_null() -> None:
    """A CSV's manifest sheet_name is SQL null, which pandas reads back as NaN: the file is
    still the same file and must be reused, not landed again (found on the real corpus, where
    xlsx sheets make the column an object column holding NaN)."""
    import math
    from types import SimpleNamespace

    from nti.landing import _can_reuse

    found = SimpleNamespace(sha256="abc", layout=SimpleNamespace(name="ae_monthly"),
                            variant=SimpleNamespace(name="msitae_2024"), sheet_name="")
    before = {"sha256": "abc", "layout": "ae_monthly", "variant": "msitae_2024",
              "sheet_name": math.nan}
    assert _can_reuse(found, before)  # type: ignore[arg-type]
    assert _can_reuse(found, {**before, "sheet_name": None})  # type: ignore[arg-type]
    assert not _can_reuse(found, {**before, "sha256": "changed"})  # type: ignore[arg-type]
    assert not _can_reuse(found, {**before, "sheet_name": "Sheet1"})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"Org_Code,Final_value\nRXX,1\n",
        "\ufeffOrg_Code,Name\nRXX,Caf\u00e9 \u00a3\n".encode(),  # BOM and multi-byte
        "a\u00e9b\u20acc".encode() * 50,  # multi-byte characters across every block edge
        "Org_Code,Name\nRXX,Caf\u00e9\n".encode("latin-1"),  # not UTF-8
        "abc\u20ac".encode()[:-1],  # ends inside a character
        b"abc\xe2\x82" + b"d" * 20,  # a broken character followed by an ASCII block
        b"abc\xe2\x82" + b"d" * 5 + b"\xac",  # an ASCII block inside a character
    ],
)
def test_scan_bytes_gives_sha256_and_detect_encoding(tmp_path: Path, data: bytes) -> None:
    """One read gives what hashlib and detect_encoding give, whatever the block size."""
    import hashlib

    from nti.readers import detect_encoding, scan_bytes

    path = tmp_path / "f.csv"
    path.write_bytes(data)
    for block_size in (1, 2, 3, 5, 1 << 20):
        scan = scan_bytes(path, block_size)
        assert scan.sha256 == hashlib.sha256(data).hexdigest()
        assert scan.encoding == detect_encoding(path), block_size


def test_discover_reads_a_latin1_file_in_its_encoding(tmp_path: Path) -> None:
    """The encoding from the scan is the one the header row is read in."""
    row = "01/04/2023,30/04/2023,Total,Provider,RXX,Caf\u00e9 \u00a3 Trust,M1,Women,5"
    write(tmp_path / "msds-apr2023-exp-data.csv", f"{EXP_DATA_HEADER}\n{row}\n", "latin-1")
    (found,) = discover(tmp_path)
    assert found.encoding == "latin-1"
    assert found.layout is not None and found.layout.name == "msds_exp_data"


def test_an_unchanged_file_is_classified_as_the_previous_landing_did(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A landing by the same landing code reuses discovery's decision (layout, variant, sheet,
    header row, note) for a file with the same path and sha256, without opening it; a changed
    file is classified again; a full refresh classifies everything."""
    from nti import cli
    from nti import discover as discover_module

    raw = tmp_path / "raw"
    workbook = openpyxl.Workbook()
    workbook.active.append(["notes", "only"])  # not in scope: a note, no layout
    data = workbook.create_sheet("Data")
    data.append(EXP_DATA_HEADER.split(","))
    data.append(["01/02/2025", "28/02/2025", "D", "Provider", "R0A", "X", "M", "Women", "15"])
    raw.mkdir()
    workbook.save(raw / "msds-feb2025-exp-data.xlsx")
    write(raw / "msds-mar2025-exp-data.csv",
          EXP_DATA_HEADER + "\n01/03/2025,31/03/2025,D,Provider,R0A,X,M,Women,5\n")
    write(raw / "readme.csv", "anything,else\n1,2\n")
    db = tmp_path / "w.duckdb"
    classified: list[str] = []
    real_classify = discover_module.classify

    def counting(found: discover_module.FoundFile) -> None:
        classified.append(found.file_name)
        real_classify(found)

    monkeypatch.setattr(discover_module, "classify", counting)
    columns = ("relative_path, sha256, layout, variant, sheet_name, detected_by, status, note, "
               "header_line, title_period, rows_landed")

    def manifest() -> list[tuple[object, ...]]:
        with duckdb.connect(str(db), read_only=True) as con:
            return con.execute(f"select {columns} from landing.file_manifest order by 1"
                               ).fetchall()

    cli.land_into(raw, "test", db, progress=lambda _: None)
    first = manifest()
    assert len(classified) == 3
    assert first[0][2:6] == ("msds_exp_data", "2023_onwards", "Data", "name")
    assert first[2][2] is None and first[2][7]  # readme.csv: no layout, a note
    classified.clear()
    cli.land_into(raw, "test", db, progress=lambda _: None)
    assert classified == [] and manifest() == first
    write(raw / "readme.csv", "anything,else\n1,3\n")
    cli.land_into(raw, "test", db, progress=lambda _: None)
    assert classified == ["readme.csv"]
    classified.clear()
    cli.land_into(raw, "test", db, progress=lambda _: None, full_refresh=True)
    assert len(classified) == 3


def test_a_new_version_of_a_reading_package_lands_every_file_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The landing code version covers the packages that read the raw files: with another
    python-calamine (or DuckDB, or pandas) nothing landed before is reused."""
    from nti import cli
    from nti import landing as landing_module

    raw = tmp_path / "raw"
    raw.mkdir()
    write(raw / "msds-mar2025-exp-data.csv",
          EXP_DATA_HEADER + "\n01/03/2025,31/03/2025,D,Provider,R0A,X,M,Women,5\n")
    db = tmp_path / "w.duckdb"

    def actions() -> list[str]:
        with duckdb.connect(str(db), read_only=True) as con:
            return [r[0] for r in con.execute(
                "select landing_action from landing.file_manifest").fetchall()]

    cli.land_into(raw, "test", db, progress=lambda _: None)
    cli.land_into(raw, "test", db, progress=lambda _: None)
    assert actions() == ["reused"]
    before = landing_module.landing_code_version()
    real_version = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: (
        "99.0.0" if name == "python-calamine" else real_version(name)))
    assert landing_module.landing_code_version() != before
    cli.land_into(raw, "test", db, progress=lambda _: None)
    assert actions() != ["reused"]


def test_a_note_names_the_file_by_its_path_in_the_raw_folder(tmp_path: Path) -> None:
    """A note is reused by later landings while the raw folder may move: it must not hold the
    folder's absolute path."""
    write(tmp_path / "sub" / "anything.xlsx", "not a workbook")
    (found,) = discover(tmp_path)
    assert found.layout is None
    assert found.note.startswith("sub/anything.xlsx: not a readable xlsx workbook")
    assert str(tmp_path) not in found.note


def test_a_landing_table_with_other_columns_is_not_reused(tmp_path: Path) -> None:
    """previous_landing reuses the files of a landing only when every landing table has its
    layout's columns (read in one query); otherwise everything lands again."""
    from nti.landing import previous_landing

    write(tmp_path / "raw" / "msds-mar2025-exp-data.csv",
          EXP_DATA_HEADER + "\n01/03/2025,31/03/2025,D,Provider,R0A,X,M,Women,5\n")
    con = land(tmp_path / "raw", tmp_path / "w.duckdb")
    try:
        reused = previous_landing(con)
        assert reused is not None and len(reused) == 1
        table = next(t for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'landing' "
            "and table_name like 'msds_exp_data%'").fetchall())
        con.execute(f"alter table landing.{table} add column extra varchar")
        assert previous_landing(con) is None
    finally:
        con.close()


def test_newest_monthly_files_are_every_copy_of_the_newest_msds_months(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema landing")
    con.execute("create table landing.file_manifest (relative_path varchar, status varchar, "
                "layout varchar, period_start date, period_grain varchar)")
    con.executemany("insert into landing.file_manifest values (?, ?, ?, ?, ?)", [
        ("m/jan-exp-data.csv", "loaded", "msds_exp_data", dt.date(2025, 1, 1), "month"),
        ("m/feb-exp-data.csv", "loaded", "msds_exp_data", dt.date(2025, 2, 1), "month"),
        ("m/feb-exp-data.xlsx", "loaded", "msds_exp_data", dt.date(2025, 2, 1), "month"),
        ("m/mar-exp-measures.csv", "loaded", "msds_exp_measures", dt.date(2025, 3, 1), "month"),
        ("m/mar-exp-dq.csv", "loaded", "msds_exp_dq", dt.date(2025, 3, 1), "month"),
        ("a/2025-26.csv", "loaded", "msds_annual", dt.date(2025, 4, 1), "year"),  # not monthly
        ("ae/apr.csv", "loaded", "ae_monthly", dt.date(2025, 4, 1), "month"),  # not MSDS
        ("m/apr-notes.txt", "not_in_scope", None, None, None),
    ])
    con.close()
    assert newest_monthly_files(db, 1) == ["m/mar-exp-dq.csv", "m/mar-exp-measures.csv"]
    assert newest_monthly_files(db, 2) == ["m/feb-exp-data.csv", "m/feb-exp-data.xlsx",
                                           "m/mar-exp-dq.csv", "m/mar-exp-measures.csv"]
    assert len(newest_monthly_files(db, 5)) == 5
