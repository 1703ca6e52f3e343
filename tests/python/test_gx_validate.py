"""great-expectations suites over a small synthetic landing database."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from nti import gx_validate
from nti.layouts import (
    LAYOUTS,
    MBRRACE_PERINATAL,
    MSDS_ANNUAL,
    MSDS_EXP_DATA,
    MSDS_EXP_MEASURES,
    ODS_ETR,
    Layout,
)

EXP_DATA_GOOD = [
    ["01/02/2025", "28/02/2025", "AgeAtBookingMotherAvg", "National", "ALL", "ALL SUBMITTERS",
     None, "Average over women", "31"],
    ["01/02/2025", "28/02/2025", "TotalBabies", "Provider", "RAE", "BRADFORD TEACHING",
     None, "Babies", "405"],
    # Residents whose local authority is unknown are published without an Org_Code.
    ["01/02/2025", "28/02/2025", "TotalDeliveries", "Local Authority of Residence", None,
     "LOCAL AUTHORITY UNKNOWN", None, "Deliveries", "15"],
]
EXP_MEASURES_GOOD = [
    ["National", "All Submitters", "National", "01/04/2025", "30/04/2025", "Birth", "Induction",
     "Denominator", "37425"],
    ["RAE", "BRADFORD", "Provider", "01/04/2025", "30/04/2025", "CQIM", "CQIMBreastfeeding",
     "Rate", "71.2"],
    ["RAE", "BRADFORD", "Provider", "01/04/2025", "30/04/2025", "CQIMDQ", "CQIMDQ01",
     "Result", "Pass"],
    ["RAJ", "SOUTHEND", "Provider", "01/04/2025", "30/04/2025", "SBL", "SBL01", "Numerator",
     "DNS"],
    ["RAJ", "SOUTHEND", "Provider", "01/04/2025", "30/04/2025", "SBL", "SBL01", "Rate", None],
]
ANNUAL_GOOD = [
    ["2019-20", "APGARSCORE5TERMGROUP7", "ALL SUBMITTERS", "ALL", "ALL SUBMITTERS", "0 to 6",
     "babies", "1450"],
    ["2019-20", "APGARSCORE5TERMGROUP7", "PROVIDER", "RAE", "BRADFORD", "0 to 6", "babies", "5"],
]
ANNUAL_DQ_GOOD = [
    ["2017-18", "GestationAtBooking", "All Submitters", "ALL", "All Submitters", "0-4 weeks",
     "Women", "1731"],
    ["2017-18", "GestationAtBooking", "Provider", "RAE", "BRADFORD", "0-4 weeks", "Women", "-1"],
]
ETR_GOOD = [
    ["R0A", "MANCHESTER UNIVERSITY NHS FOUNDATION TRUST", "Y62", "QOP", *[None] * 6, "20171001",
     None, *[None] * 15],
    ["RAE", "BRADFORD TEACHING HOSPITALS NHS FOUNDATION TRUST", "Y63", "QWO", *[None] * 6,
     "19990401", "20300101", *[None] * 15],
]


def _mbrrace_row(code: str, births: str) -> list[str | None]:
    row: dict[str, str | None] = dict.fromkeys(MBRRACE_PERINATAL.columns)
    row.update(report_year="2024", organisation_code=code, organisation_name="Airedale",
               longitude="-1.962694662", latitude="53.89801502", total_births=births,
               total_stillbirths="-1", crude_stillbirth_rate="-1",
               stabilised_stillbirth_rate="2.56", stabilised_stillbirth_ci="1.92 to 3.37")
    return list(row.values())


# (file_id, relative_path, layout, rows)
GOOD_FILES: list[tuple[str, str, Layout, list[list[str | None]]]] = [
    ("f01", "msds_monthly/msds-feb2025-exp-data.csv", MSDS_EXP_DATA, EXP_DATA_GOOD),
    ("f02", "msds_monthly/msds-apr2025Provisional-exp-measures.csv", MSDS_EXP_MEASURES,
     EXP_MEASURES_GOOD),
    ("f03", "annual/hosp-epis-stat-mat-msdscsv-2019-20.csv", MSDS_ANNUAL, ANNUAL_GOOD),
    ("f04", "annual/hosp-epis-stat-mat-dqanlys-2017-18.csv", MSDS_ANNUAL, ANNUAL_DQ_GOOD),
    ("f05", "ods/etr.csv", ODS_ETR, ETR_GOOD),
    ("f06", "mbrrace/perinatal-mortality-rates-2024.csv", MBRRACE_PERINATAL,
     [_mbrrace_row("5", "1787"), _mbrrace_row("6", "2400")]),
]

BAD_EXP_DATA_PATH = "msds_monthly/msds-mar2025-exp-data.csv"
BAD_EXP_MEASURES_PATH = "msds_monthly/msds-may2025-exp-measures.csv"


def _bad_files() -> list[tuple[str, str, Layout, list[list[str | None]]]]:
    exp_data = [list(r) for r in EXP_DATA_GOOD]
    exp_data[1][3] = "Planet"  # Org_Level not published
    exp_data[2][0] = "2025-13-45"  # not a dd/mm/yyyy date
    exp_data[0][8] = "abc"  # not a number
    exp_data.append(["01/03/2025", "31/02/2025", "TotalBabies", "Provider", None, "SOMEWHERE",
                     None, "Babies", "5"])  # a real-looking date that does not exist, no org code
    measures = [list(r) for r in EXP_MEASURES_GOOD]
    measures[0][7] = "Banana"  # Currency
    measures[1][8] = "abc"  # Value
    return [
        ("b01", BAD_EXP_DATA_PATH, MSDS_EXP_DATA, exp_data),
        ("b02", BAD_EXP_MEASURES_PATH, MSDS_EXP_MEASURES, measures),
    ]


def build_landing(db_path: Path, files: list[tuple[str, str, Layout, list[list[str | None]]]]):
    con = duckdb.connect(str(db_path))
    con.execute("create schema landing")
    # The good run's file is named landing.duckdb, where a bare `landing.` is ambiguous.
    (catalog,) = con.execute("select current_database()").fetchone()
    con.execute(f'use "{catalog}".landing')
    for layout in LAYOUTS:
        columns = ", ".join(f'"{c}" varchar' for c in layout.columns)
        con.execute(
            f"create table {layout.table} "
            f"(file_id varchar, line_number bigint, {columns})"
        )
    con.execute(
        "create table file_manifest (file_id varchar, relative_path varchar, "
        "layout varchar, variant varchar, rows_read bigint)"
    )
    for file_id, path, layout, rows in files:
        marks = ", ".join(["?"] * (len(layout.columns) + 2))
        for line, row in enumerate(rows, start=2):
            assert len(row) == len(layout.columns), (path, row)
            con.execute(f"insert into {layout.table} values ({marks})",
                        [file_id, line, *row])
        con.execute("insert into file_manifest values (?, ?, ?, ?, ?)",
                    [file_id, path, layout.name, layout.variants[0].name, len(rows)])
    con.close()


@pytest.fixture(scope="module")
def good_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("good")
    build_landing(tmp / "landing.duckdb", GOOD_FILES)
    report = tmp / "report.md"
    return gx_validate.validate_landing(tmp / "landing.duckdb", report), report


@pytest.fixture(scope="module")
def bad_db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bad")
    build_landing(tmp / "landing.duckdb", GOOD_FILES + _bad_files())
    return tmp / "landing.duckdb"


@pytest.fixture(scope="module")
def bad_run(bad_db):
    report = bad_db.parent / "report.md"
    return gx_validate.validate_landing(bad_db, report), report


def _file(result: gx_validate.ValidationResult, path: str) -> gx_validate.FileValidation:
    return next(f for f in result.files if f.relative_path == path)


def _failed(validation: gx_validate.FileValidation) -> set[tuple[str, str]]:
    return {(f.column, f.expectation) for f in validation.failures}


def test_good_files_all_pass(good_run):
    result, report = good_run
    assert [f.relative_path for f in result.files if not f.success] == []
    assert len(result.files) == len(GOOD_FILES)
    assert result.success
    text = report.read_text()
    assert "0 failed" in text
    assert "## PASS: ods/etr.csv" in text


def test_every_good_file_ran_its_layout_suite(good_run):
    result, _ = good_run
    exp_data = _file(result, "msds_monthly/msds-feb2025-exp-data.csv")
    assert exp_data.rows == 3
    assert exp_data.expectations > 10


def test_bad_exp_data_fails_naming_file_and_columns(bad_run):
    result, report = bad_run
    assert not result.success
    bad = _file(result, BAD_EXP_DATA_PATH)
    assert not bad.success
    failed = _failed(bad)
    strftime = "expect_column_values_to_match_strftime_format"
    assert ("org_level", "expect_column_values_to_be_in_set") in failed
    assert ("reporting_period_start_date", "expect_column_values_to_match_regex") in failed
    assert ("reporting_period_start_date", strftime) in failed
    assert ("reporting_period_end_date", strftime) in failed
    assert ("final_value", "expect_column_values_to_match_regex") in failed
    # The blank Org_Code of LOCAL AUTHORITY UNKNOWN is allowed; the one of SOMEWHERE is not.
    org_code = next(f for f in bad.failures if f.column == "org_code")
    assert org_code.unexpected_count == 1
    assert org_code.examples == ("(blank) (line 5)",)
    text = report.read_text()
    assert f"## FAIL: {BAD_EXP_DATA_PATH}" in text
    assert "'Planet' (line 3)" in text
    assert "'2025-13-45'" in text and "'31/02/2025'" in text


def test_bad_exp_measures_fails_on_currency_and_value(bad_run):
    result, report = bad_run
    bad = _file(result, BAD_EXP_MEASURES_PATH)
    assert _failed(bad) == {
        ("currency", "expect_column_values_to_be_in_set"),
        ("value", "expect_column_values_to_match_regex"),
    }
    currency = next(f for f in bad.failures if f.column == "currency")
    assert currency.unexpected_count == 1
    assert currency.examples == ("'Banana' (line 2)",)
    section = report.read_text().split(f"## FAIL: {BAD_EXP_MEASURES_PATH}")[1].split("## ")[0]
    assert "| currency | expect_column_values_to_be_in_set |" in section
    assert "'abc' (line 3)" in section


def test_good_files_still_pass_beside_bad_ones(bad_run):
    result, _ = bad_run
    assert {f.relative_path for f in result.failed_files} == {
        BAD_EXP_DATA_PATH, BAD_EXP_MEASURES_PATH,
    }


def test_minus_one_only_allowed_in_the_dq_flat_file(tmp_path):
    rows = [list(r) for r in ANNUAL_DQ_GOOD]
    build_landing(tmp_path / "l.duckdb", [
        ("a1", "annual/hosp-epis-stat-mat-msdscsv-2020-21.csv", MSDS_ANNUAL, rows),
    ])
    result = gx_validate.validate_landing(tmp_path / "l.duckdb", tmp_path / "r.md")
    assert _failed(result.files[0]) == {("value", "expect_column_values_to_match_regex")}


def test_missing_layout_column_is_reported(tmp_path):
    build_landing(tmp_path / "l.duckdb", [GOOD_FILES[2]])
    con = duckdb.connect(str(tmp_path / "l.duckdb"))
    con.execute("alter table landing.msds_annual drop column count_of")
    con.close()
    result = gx_validate.validate_landing(tmp_path / "l.duckdb", tmp_path / "r.md")
    failures = result.files[0].failures
    columns_check = next(f for f in failures if f.expectation.startswith("expect_table_columns"))
    assert columns_check.examples == ("missing count_of",)


def test_empty_landing_passes_with_note(tmp_path):
    build_landing(tmp_path / "l.duckdb", [])
    result = gx_validate.validate_landing(tmp_path / "l.duckdb", tmp_path / "r.md")
    assert result.files == [] and result.success
    assert "nothing was validated" in (tmp_path / "r.md").read_text()


def test_main_exit_codes_and_summary(bad_db, tmp_path, capsys):
    assert gx_validate.main(["--db", str(bad_db), "--report", str(tmp_path / "r.md")]) == 1
    captured = capsys.readouterr()
    assert f"FAIL msds_exp_data {BAD_EXP_DATA_PATH}" in captured.out
    assert "PASS ods_etr ods/etr.csv" in captured.out
    assert "Calculating Metrics" not in captured.err
    assert gx_validate.main(["--db", str(tmp_path / "absent.duckdb"),
                             "--report", str(tmp_path / "r.md")]) == 2


def test_main_exit_zero_when_all_pass(tmp_path, capsys):
    build_landing(tmp_path / "l.duckdb", [GOOD_FILES[4]])
    assert gx_validate.main(["--db", str(tmp_path / "l.duckdb"),
                             "--report", str(tmp_path / "r.md")]) == 0
    assert "1 passed, 0 failed" in capsys.readouterr().out


def test_database_is_opened_read_only(good_run, tmp_path):
    # A second read-only reader at the same time works; validate_landing never writes the file.
    result, _ = good_run
    db = Path(result.db_path)
    before = db.stat().st_mtime_ns
    with duckdb.connect(str(db), read_only=True):
        gx_validate.validate_landing(db, tmp_path / "r.md")
    assert db.stat().st_mtime_ns == before


def test_count_of_accepts_published_case_variants():
    check = next(c for c in gx_validate.exp_data_checks("x") if c.column == "count_of"
                 and c.kind == "in_set")
    assert {"babies", "Babies", "Average over women"} <= set(check.values)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_every_check_names_a_layout_column(layout):
    for check in gx_validate.checks_for(layout, "hosp-epis-stat-mat-dqanlys-2017-18.csv"):
        assert check.column == "" or check.column in layout.columns, check
        if check.exempt:
            assert check.exempt[0] in layout.columns, check


def test_mbrrace_numbers_follow_the_layout():
    numbers = gx_validate._mbrrace_numbers()
    assert {"total_births", "crude_stillbirth_rate", "comparator_group_id"} <= set(numbers)
    assert "stabilised_stillbirth_ci" not in numbers and "organisation_name" not in numbers


def test_superseded_copies_are_labelled(tmp_path, capsys):
    build_landing(tmp_path / "l.duckdb", [GOOD_FILES[4]])
    con = duckdb.connect(str(tmp_path / "l.duckdb"))
    con.execute("alter table landing.file_manifest add column is_current boolean")
    con.execute("update landing.file_manifest set is_current = false")
    con.close()
    result = gx_validate.validate_landing(tmp_path / "l.duckdb", tmp_path / "r.md")
    assert result.files[0].superseded
    assert "## PASS: ods/etr.csv (superseded copy)" in (tmp_path / "r.md").read_text()
