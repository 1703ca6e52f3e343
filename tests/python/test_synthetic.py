"""The synthetic generator: exact public layouts, determinism, disclosure control, stories.

Run: cd /work/main && PYTHONPATH=scripts .venv/bin/python -m pytest tests/python/test_synthetic.py
"""

from __future__ import annotations

import csv
import functools
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

import pytest

from nti import layouts, synthetic

MONTHS = {abbr: i + 1 for i, abbr in enumerate(synthetic.MONTH_ABBR)}


# --------------------------------------------------------------------------------------------
# Fixtures and helpers
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> synthetic.SyntheticSummary:
    """The default generation: 20 trusts x 15 months from January 2024, seed 42."""
    return synthetic.generate(tmp_path_factory.mktemp("small"))


@functools.cache
def _rows(path: Path) -> list[list[str]]:
    """A file's records (cached: every file is read once; callers must not change them)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


@functools.cache
def _dicts(path: Path) -> list[dict[str, str]]:
    header, *records = _rows(path)
    return [dict(zip(header, r, strict=True)) for r in records]


def _monthly(summary: synthetic.SyntheticSummary, kind: str,
             provisional: bool = False) -> list[tuple[str, Path]]:
    """(YYYY-MM, path) of the monthly files of one kind, in month order."""
    out = []
    for path in summary.files:
        name = path.name
        if not name.startswith("msds-") or not name.endswith(f"-exp-{kind}.csv"):
            continue
        if ("Provisional" in name) != provisional:
            continue
        stamp = name[len("msds-"):].split("-")[0].replace("Provisional", "")
        out.append((f"{stamp[3:7]}-{MONTHS[stamp[:3]]:02d}", path))
    return sorted(out)


def _is_count(text: str) -> bool:
    return text.isdigit()


def _by_org_indicator(rows: list[dict[str, str]]) -> dict[tuple[str, str, str], dict[str, str]]:
    grouped: dict[tuple[str, str, str], dict[str, str]] = defaultdict(dict)
    for r in rows:
        grouped[(r["Org_Level"], r["Org_Code"], r["Indicator"])][r["Currency"]] = r["Value"]
    return grouped


# --------------------------------------------------------------------------------------------
# Determinism
# --------------------------------------------------------------------------------------------


def test_same_seed_and_arguments_give_byte_identical_files(small, tmp_path):
    began = time.perf_counter()
    again = synthetic.generate(tmp_path / "again")
    elapsed = time.perf_counter() - began
    assert [p.name for p in again.files] == [p.name for p in small.files]
    for first, second in zip(small.files, again.files, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name
    assert elapsed < 6.0, f"default generation took {elapsed:.1f}s (target under 2 s)"


def test_output_does_not_depend_on_the_process_hash_seed(tmp_path):
    """Another interpreter with another PYTHONHASHSEED writes the same bytes."""
    args = ["--trusts", "6", "--months", "3", "--start", "2024-11", "--seed", "5"]
    synthetic.main(["--out", str(tmp_path / "here"), *args])
    scripts = Path(synthetic.__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(scripts)}
    subprocess.run([sys.executable, "-m", "nti.synthetic", "--out", str(tmp_path / "there"),
                    *args], check=True, env=env, capture_output=True)
    here = sorted(p.relative_to(tmp_path / "here") for p in (tmp_path / "here").rglob("*.csv"))
    there = sorted(p.relative_to(tmp_path / "there") for p in (tmp_path / "there").rglob("*.csv"))
    assert here == there and here
    for relative in here:
        assert (tmp_path / "here" / relative).read_bytes() == (
            tmp_path / "there" / relative).read_bytes(), relative


def test_another_seed_gives_other_numbers(small, tmp_path):
    other = synthetic.generate(tmp_path / "other", seed=7, months=2, annual=False)
    assert _monthly(other, "data")[0][1].read_bytes() != _monthly(small, "data")[0][1].read_bytes()


# --------------------------------------------------------------------------------------------
# Layouts
# --------------------------------------------------------------------------------------------

EXPECTED_VARIANT = {
    "msds_exp_data": "2023_onwards",
    "msds_exp_measures": "2023_onwards",
    "msds_exp_dq": "2023_onwards",
    "msds_annual": "measure",
    "ods_etr": "ods_headerless",
    "ods_succ": "ods_headerless",
}


def test_every_file_matches_its_layout_variant(small):
    seen = set()
    for path in small.files:
        layout = layouts.family_of(path.name)
        assert layout is not None, f"{path.name}: no layout family by name"
        first = _rows(path)[0]
        variant = layouts.match_variant(layout, first)
        assert variant is not None, f"{path.name}: header {first} matches no variant"
        assert variant.name == EXPECTED_VARIANT[layout.name], path.name
        seen.add(layout.name)
    assert seen == set(EXPECTED_VARIANT)


def test_headers_are_the_published_text_exactly(small):
    expected = {
        "exp-data": layouts.MSDS_EXP_DATA, "exp-measures": layouts.MSDS_EXP_MEASURES,
        "exp-dq": layouts.MSDS_EXP_DQ,
    }
    for kind, layout in expected.items():
        for _, path in _monthly(small, kind.removeprefix("exp-")):
            header = _rows(path)[0]
            assert tuple(h.lower() for h in header) == layout.variants[0].header
            assert all(h[0].isupper() for h in header), header  # published capitalisation
    annual = [p for p in small.files if p.name.startswith("hosp-epis-stat-mat-msdscsv-")]
    assert [p.name for p in annual] == ["hosp-epis-stat-mat-msdscsv-2024-25.csv"]
    assert _rows(annual[0])[0] == list(synthetic.ANNUAL_HEADER)


def test_a_mangled_header_is_rejected_by_the_registry():
    header = list(synthetic.EXP_DATA_HEADER)
    header[2], header[3] = header[3], header[2]
    assert layouts.match_variant(layouts.MSDS_EXP_DATA, header) is None


def test_2019_20_variant_has_its_own_header_and_org_levels(tmp_path):
    summary = synthetic.generate(tmp_path, trusts=6, months=1, provisional_latest=False,
                                 annual_years=["2019-20"])
    path = next(p for p in summary.files if p.name.endswith("2019-20.csv"))
    rows = _rows(path)
    assert rows[0] == ["period", "dimension", "org_level", "org_code", "org_name", "measure1",
                       "count_of", "value"]
    assert layouts.match_variant(layouts.MSDS_ANNUAL, rows[0]).name == "measure1"
    assert {r[2] for r in rows[1:]} == {"PROVIDER", "REGION", "ALL SUBMITTERS"}
    assert {r[6] for r in rows[1:]} == {"babies", "deliveries"}
    assert {r[0] for r in rows[1:]} == {"2019-20"}
    national = [r for r in rows[1:] if r[2] == "ALL SUBMITTERS"]
    assert {r[3] for r in national} == {"ALL"}


def test_ods_files_are_fully_quoted_and_headerless(small):
    etr = next(p for p in small.files if p.name == "etr.csv")
    succ = next(p for p in small.files if p.name == "succ.csv")
    for path, width in ((etr, 27), (succ, 5)):
        lines = path.read_text(encoding="utf-8").splitlines()
        for line in lines:
            assert line.startswith('"') and line.endswith('"')
            assert line.count('","') == width - 1, line
    assert all(len(r) == 27 and r[10].isdigit() and len(r[10]) == 8 for r in _rows(etr))


def test_monthly_dates_are_ddmmyyyy_of_the_file_month(small):
    for month, path in _monthly(small, "data") + _monthly(small, "measures"):
        rows = _dicts(path)
        start_col = "ReportingPeriodStartDate" if "exp-data" in path.name else "RPStartDate"
        year, mon = month.split("-")
        assert {r[start_col] for r in rows} == {f"01/{mon}/{year}"}, path.name


# --------------------------------------------------------------------------------------------
# Disclosure control
# --------------------------------------------------------------------------------------------


def test_disclose_follows_the_publisher_rule():
    values = [0, 1, 5, 7, 8, 12, 13, 17, 18, 1234]
    assert [synthetic.disclose(v) for v in values] == [0, 5, 5, 5, 10, 10, 15, 15, 20, 1235]


def test_every_published_count_is_zero_or_a_multiple_of_five(small):
    averages = []
    for _, path in _monthly(small, "data") + _monthly(small, "data", provisional=True):
        for r in _dicts(path):
            if r["Count_Of"] == "Average over women":
                averages.append(int(r["Final_value"]))
                continue
            value = int(r["Final_value"])
            assert value > 0 and value % 5 == 0, (path.name, r)  # rows exist only above 0
    assert any(a % 5 for a in averages), "averages must not be rounded to 5"
    for _, path in _monthly(small, "measures"):
        for r in _dicts(path):
            if r["Currency"] in ("Numerator", "Denominator") and _is_count(r["Value"]):
                assert int(r["Value"]) % 5 == 0, (path.name, r)
    for _, path in _monthly(small, "dq"):
        for r in _dicts(path):
            for column in ("Valid", "Default", "Invalid", "Missing", "Denominator"):
                assert int(r[column]) % 5 == 0, (path.name, r)
    annual = next(p for p in small.files if p.name.startswith("hosp-epis"))
    assert all(int(r["Value"]) % 5 == 0 for r in _dicts(annual))


# --------------------------------------------------------------------------------------------
# The merger
# --------------------------------------------------------------------------------------------


def _provider_codes(path: Path, code_column: str = "Org_Code") -> set[str]:
    return {r[code_column] for r in _dicts(path) if r["Org_Level"] == "Provider"}


def test_merger_is_recorded_in_ods_and_predecessors_stop_publishing(small):
    merger = small.merger
    assert len(merger.predecessors) == 2 and merger.successor not in merger.predecessors
    effective = merger.effective_date.strftime("%Y%m%d")
    succ = _rows(next(p for p in small.files if p.name == "succ.csv"))
    for predecessor in merger.predecessors:
        assert [predecessor, merger.successor, "", effective, "0"] in succ
    etr = {r[0]: r for r in _rows(next(p for p in small.files if p.name == "etr.csv"))}
    closed = (merger.effective_date - timedelta(days=1)).strftime("%Y%m%d")
    for predecessor in merger.predecessors:
        assert etr[predecessor][11] == closed
    assert etr[merger.successor][10] == effective and etr[merger.successor][11] == ""
    assert small.months[0] < merger.month <= small.months[-1]
    for kind in ("data", "measures"):
        for month, path in _monthly(small, kind):
            codes = _provider_codes(path)
            if month < merger.month:
                assert merger.successor not in codes, (month, kind)
                assert set(merger.predecessors) <= codes | _dns_codes(small, month), month
            else:
                assert not set(merger.predecessors) & codes, (month, kind)
                assert merger.successor in codes, (month, kind)


def _dns_codes(summary: synthetic.SyntheticSummary, month: str) -> set[str]:
    path = dict(_monthly(summary, "measures"))[month]
    return {r["Org_Code"] for r in _dicts(path) if r["Value"] == "DNS"}


# --------------------------------------------------------------------------------------------
# Trends
# --------------------------------------------------------------------------------------------


def _cqim_series(summary: synthetic.SyntheticSummary, code: str, indicator: str) -> list[float]:
    series = []
    for _, path in _monthly(summary, "measures"):
        for r in _dicts(path):
            if (r["Org_Code"], r["Indicator"]) == (code, indicator) and r["Currency"].startswith(
                    "Rate"):
                series.append(float(r["Value"]))
    return series


def test_deteriorating_trust_pph_and_tears_rise_improving_fall(small):
    assert small.deteriorating and small.improving
    assert set(small.moving_measures["deteriorating"]) >= {"CQIMPPH", "CQIMTears"}
    for code in small.deteriorating:
        for indicator in ("CQIMPPH", "CQIMTears"):
            series = _cqim_series(small, code, indicator)
            assert len(series) == len(small.months), (code, indicator)
            assert statistics.mean(series[-6:]) > statistics.mean(series[:6]), (code, series)
    for code in small.improving:
        series = _cqim_series(small, code, "CQIMPPH")
        assert statistics.mean(series[-6:]) < statistics.mean(series[:6]), (code, series)


# --------------------------------------------------------------------------------------------
# CQIM rates, data quality and markers
# --------------------------------------------------------------------------------------------


def _percent(num: int, den: int) -> float:
    return float(synthetic.percent_text(num, den))


def _check_rate(key: tuple[str, str, str], cells: dict[str, str]) -> None:
    num, den = cells["Numerator"], cells["Denominator"]
    if "Rate" in cells:
        if cells["Rate"] not in ("Low DQ", "DNS"):
            rate = float(cells["Rate"])
            assert abs(rate - 100.0 * int(num) / max(1, int(den))) <= 0.05 + 1e-9 or (
                den == "0" and rate == 0.0), (key, cells)
            assert rate == _percent(int(num), int(den)), (key, cells)
        return
    rate_text = cells["Rate per Thousand"]
    if rate_text not in ("Low DQ", "DNS") and den != "0":
        # suppressed exactly when there were 1 to 7 events (published as 5)
        assert (rate_text == "*") == (num == "5"), (key, cells)
    if rate_text == "*":
        return
    if rate_text in ("Low DQ", "DNS") or den == "0":
        return
    n, d = int(num), int(den)
    low_n, high_n = (1, 7) if n == 5 else (max(0, n - 2), n + 2)
    low_d, high_d = max(1, d - 2), d + 2
    rate = int(rate_text)
    assert 1000 * low_n / high_d - 0.5 <= rate <= 1000 * high_n / low_d + 0.5, (key, cells)


def test_cqim_rates_equal_rounded_numerator_over_denominator(small):
    markers = defaultdict(int)
    for _, path in _monthly(small, "measures") + _monthly(small, "measures", provisional=True):
        for key, cells in _by_org_indicator(_dicts(path)).items():
            if not key[2].startswith("CQIM") or key[2].startswith("CQIMDQ"):
                continue
            _check_rate(key, cells)
            rate = cells.get("Rate", cells.get("Rate per Thousand"))
            markers[rate if rate in ("*", "Low DQ", "DNS") else "number"] += 1
            if rate == "Low DQ":
                assert (cells["Numerator"], cells["Denominator"], cells["Result"]) == (
                    "0", "0", "Fail"), (key, cells)
            elif key[0] == "Provider" and rate != "DNS":
                assert cells["Result"] == "Pass", (key, cells)
            if key[0] != "Provider":
                assert "Result" not in cells, key
    assert all(markers[m] > 0 for m in ("number", "*", "Low DQ", "DNS")), dict(markers)


def test_failing_data_quality_blanks_the_cqims_it_gates(small):
    for _, path in _monthly(small, "measures"):
        grouped = _by_org_indicator(_dicts(path))
        by_provider: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
        for (level, code, indicator), cells in grouped.items():
            if level == "Provider":
                by_provider[code][indicator] = cells
        for code, measures in by_provider.items():
            failing = {i for i, c in measures.items()
                       if i.startswith("CQIMDQ") and c.get("Result") == "Fail"}
            rates = {i: c.get("Rate", c.get("Rate per Thousand"))
                     for i, c in measures.items() if i.startswith("CQIM") and i[4:6] != "DQ"}
            if {"CQIMDQ02", "CQIMDQ03"} & failing:
                assert set(rates.values()) <= {"Low DQ", "DNS"}, (path.name, code)
            if "Low DQ" in rates.values():
                assert failing, (path.name, code)


def test_measures_values_are_numbers_or_published_markers(small):
    allowed = {"DNS", "*", "Low DQ", "Pass", "Fail"}
    for _, path in _monthly(small, "measures"):
        for r in _dicts(path):
            value = r["Value"]
            assert value in allowed or value.replace(".", "", 1).isdigit(), (path.name, r)
            assert r["Currency"] in {"Numerator", "Denominator", "Rate", "Rate per Thousand",
                                     "Result"}


# --------------------------------------------------------------------------------------------
# Provisional set
# --------------------------------------------------------------------------------------------


def test_latest_month_also_has_a_provisional_set_with_other_numbers(small):
    latest = small.months[-1]
    final = dict(_monthly(small, "data"))[latest]
    provisional = dict(_monthly(small, "data", provisional=True))
    assert list(provisional) == [latest]
    prov_path = provisional[latest]
    assert prov_path.read_bytes() != final.read_bytes()
    missing = _provider_codes(final) - _provider_codes(prov_path)
    assert len(missing) == 1, missing  # one trust submits only in time for the final
    prov_measures = dict(_monthly(small, "measures", provisional=True))[latest]
    assert missing <= {r["Org_Code"] for r in _dicts(prov_measures) if r["Value"] == "DNS"}


# --------------------------------------------------------------------------------------------
# Realism
# --------------------------------------------------------------------------------------------


def _national(path: Path, indicator: str) -> float:
    cells = _by_org_indicator(_dicts(path))[("National", "National", indicator)]
    return float(cells.get("Rate", cells.get("Rate per Thousand")))


def test_national_rates_and_trust_sizes_are_realistic(small):
    bands = {"CQIMPPH": (20, 45), "CQIMTears": (18, 45), "CQIMApgar": (6, 20),
             "CQIMPreterm": (55, 90), "CQIMSmokingBooking": (4.5, 11),
             "CQIMSmokingDelivery": (3.5, 9), "CQIMBreastfeeding": (62, 80)}
    for indicator, (low, high) in bands.items():
        values = [_national(p, indicator) for _, p in _monthly(small, "measures")]
        assert low <= statistics.mean(values) <= high, (indicator, values)
    sizes = []
    low_weight = known = 0
    for _, path in _monthly(small, "data"):
        for r in _dicts(path):
            if r["Org_Level"] == "Provider" and r["Dimension"] == "TotalDeliveries" and r[
                    "Org_Code"] != small.merger.successor:
                sizes.append(int(r["Final_value"]))
            if r["Org_Level"] == "National" and r["Dimension"] == "BirthweightTermGroup2500":
                if r["Measure"] == "Under 2500g":
                    low_weight += int(r["Final_value"])
                if not r["Measure"].startswith("Missing"):
                    known += int(r["Final_value"])
    assert min(sizes) >= 100 and max(sizes) <= 1100, (min(sizes), max(sizes))
    assert 0.02 <= low_weight / known <= 0.045


def test_summary_names_the_stories(small):
    assert len(small.trusts) == 21  # 20 publishing at the start + the merger's successor
    assert small.merger.successor in small.trusts
    assert not set(small.improving) & set(small.deteriorating)
    assert not set(small.improving + small.deteriorating) & set(
        (*small.merger.predecessors, small.merger.successor))
    assert small.months[0] == "2024-01" and len(small.months) == 15
    assert sum(small.rows.values()) > 0 and all(p.exists() for p in small.files)


# --------------------------------------------------------------------------------------------
# National scale and the command line
# --------------------------------------------------------------------------------------------


def test_national_scale_month_has_about_85000_data_rows(tmp_path):
    lines: list[str] = []
    began = time.perf_counter()
    summary = synthetic.generate(tmp_path, trusts=130, months=1, start="2025-03",
                                 scale="national", provisional_latest=False, annual=False,
                                 progress=lines.append)
    elapsed = time.perf_counter() - began
    assert elapsed < 15.0, f"national month took {elapsed:.1f}s"
    assert len(lines) == 1 and "2025-03" in lines[0]
    data = summary.rows["msds-mar2025-exp-data.csv"]
    measures = summary.rows["msds-mar2025-exp-measures.csv"]
    assert 70_000 <= data <= 100_000, data
    assert 55_000 <= measures <= 90_000, measures
    path = next(p for p in summary.files if p.name == "msds-mar2025-exp-data.csv")
    rows = _dicts(path)
    assert {r["Org_Level"] for r in rows} == set(synthetic.EXP_DATA_LEVELS)
    unknown = [r for r in rows if r["Org_Name"] == "LOCAL AUTHORITY UNKNOWN"]
    assert unknown and {r["Org_Code"] for r in unknown} == {""}


def test_main_prints_a_summary_and_rejects_bad_arguments(tmp_path, capsys):
    assert synthetic.main(["--out", str(tmp_path / "cli"), "--trusts", "6", "--months", "2",
                           "--start", "2024-03", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "merger" in out and "deteriorating" in out
    assert (tmp_path / "cli" / "msds_monthly" / "msds-apr2024-exp-data.csv").exists()
    assert synthetic.main(["--out", str(tmp_path / "bad"), "--start", "2024-13"]) == 2
    assert "not a month" in capsys.readouterr().err
