"""Landing of the value index inputs: SHMI header variants, ERIC's `$` dialect, periods."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from nti import layouts
from nti.discover import LayoutMismatchError, discover
from nti.landing import land_all

SHMI_2011 = (
    "INDICATOR_CODE,PROVIDER,PROVIDER NAME,DENOMINATOR,OBSERVED,EXPECTED,VALUE,PO_LL,PO_UL,"
    "PO_BANDING,OD_LL,OD_UL,OD_BANDING\n"
    "I00699,RA2,ROYAL SURREY,43924,1346,1478.9925,0.9101,0.9216,1.083,3,0.8788,1.138,2\n"
)
SHMI_2013 = (
    "INDICATOR_CODE,PROVIDER,PROVIDER_NAME,DENOMINATOR,OBSERVED,EXPECTED,VALUE,PO_LL,PO_UL,"
    "OD_LL,OD_UL,OD_BANDING\n"
    "I00699,R1H,BARTS HEALTH,159412,3665,4435.8748,0.8262,0.9542,1.0473,0.8963,1.1157,3\n"
    '"Copyright \u00a9 2013, Health and Social Care Information Centre",,,,,,,,,,,\n'
)
ERIC = (
    "$$$$Trust Profile$$$$Finance\n"
    "Organisation Code$Organisation Name$Commissioning Region$Organisation Type$Sites\n"
    "RTD$NEWCASTLE UPON TYNE HOSPITALS$NORTH OF ENGLAND$ACUTE - TEACHING$7\n"
    "RF4$BARKING$ HAVERING AND REDBRIDGE$LONDON COMMISSIONING REGION$ACUTE - LARGE\n"
    "R0X$H\u00d4PITAL$SOUTH$ACUTE - SMALL$1\n"
)


def land(raw: Path, db: Path) -> duckdb.DuckDBPyConnection:
    found = discover(raw)
    con = duckdb.connect(str(db))
    land_all(con, found, raw, "test", progress=lambda _: None)
    return con


def test_shmi_variants_land_in_the_layout_order(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "shmi-2011-october.csv").write_text(SHMI_2011, encoding="utf-8")
    (raw / "shmi-2013-april.csv").write_text(SHMI_2013, encoding="utf-8")
    con = land(raw, tmp_path / "w.duckdb")
    rows = con.execute(
        "select provider_code, od_ll, od_banding, po_banding from landing.shmi_release "
        "order by provider_code nulls last"
    ).fetchall()
    assert rows == [("R1H", "0.8963", "3", None), ("RA2", "0.8788", "2", "3"),
                    (None, None, None, None)]
    periods = con.execute(
        "select file_name, period_start, period_grain from landing.file_manifest order by 1"
    ).fetchall()
    assert periods == [("shmi-2011-october.csv", dt.date(2011, 10, 1), "release"),
                       ("shmi-2013-april.csv", dt.date(2013, 4, 1), "release")]


def test_eric_dollar_dialect_with_a_title_row(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "ERIC-2016-17.csv").write_bytes(ERIC.encode("latin-1"))
    con = land(raw, tmp_path / "w.duckdb")
    rows = con.execute(
        "select line_number, organisation_code, organisation_name, organisation_type "
        "from landing.eric order by line_number"
    ).fetchall()
    assert rows == [
        (3, "RTD", "NEWCASTLE UPON TYNE HOSPITALS", "ACUTE - TEACHING"),
        (4, "RF4", "BARKING", "LONDON COMMISSIONING REGION"),  # staging quarantines the shift
        (5, "R0X", "H\u00d4PITAL", "ACUTE - SMALL"),
    ]
    manifest = con.execute(
        "select encoding, rows_read, period_start from landing.file_manifest"
    ).fetchall()
    assert manifest == [("latin-1", 3, dt.date(2016, 4, 1))]


def test_a_shmi_release_name_with_another_header_stops(tmp_path: Path) -> None:
    (tmp_path / "shmi-2014-july.csv").write_text("YEAR,ORG_CODE,SHMI\n2014,RA2,1.0\n")
    with pytest.raises(LayoutMismatchError, match="shmi_release"):
        discover(tmp_path)


def test_annual_shmi_is_found_by_content_only() -> None:
    assert layouts.family_of("shmi.csv") is None
    hit = layouts.detect_by_content(["YEAR", "ORG_CODE", "SHMI"])
    assert hit is not None and hit[0] is layouts.SHMI_ANNUAL
