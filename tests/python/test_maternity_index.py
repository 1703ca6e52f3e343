"""Invariants of the maternity risk index.

The first two run the compiled SQL of the standardisation, scoring and composite models on
fabricated inputs; the last builds the warehouse on synthetic publications with a trust whose
PPH and tears rates rise steadily for 14 months.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from conftest import PROJECT, run_nti

MODELS = (
    "int_maternity_measure_standardised",
    "int_maternity_measure_scored",
    "int_maternity_index_composite",
)
COMPILED = "nhs_trust_index/models/intermediate/maternity_index"


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    work = tmp_path_factory.mktemp("compile")
    target = work / "target"
    result = run_nti("--db", str(work / "nti.duckdb"), "dbt", "compile", "-s", *MODELS,
                     "--target-path", str(target))
    assert result.returncode == 0, result.stdout[-3000:]
    return {m: (target / "compiled" / COMPILED / f"{m}.sql").read_text() for m in MODELS}


def _measures(directions: dict[str, int]) -> list[dict[str, object]]:
    with (PROJECT / "seeds" / "maternity_measures.csv").open() as handle:
        template = next(csv.DictReader(handle))
    rows = []
    for code, direction in directions.items():
        row = dict(template)
        row.update(measure_code=code, source_kind="dimension", direction=direction, weight=1,
                   rate_scale=100, plausible_min="", plausible_max="")
        rows.append(row)
    return rows


def run_index(tmp_path: Path, compiled: dict[str, str], directions: dict[str, int],
              trusts: list[tuple[str, str, int, int]]) -> duckdb.DuckDBPyConnection:
    """Fabricated eligible windows -> the compiled models, in a database named like the build's."""
    con = duckdb.connect(str(tmp_path / "nti.duckdb"))
    con.execute("create schema reference; create schema intermediate")
    measures = _measures(directions)
    columns = list(measures[0])
    types = {c: "varchar" for c in columns}
    types.update(weight="double", plausible_min="double", plausible_max="double",
                 direction="integer", rate_scale="integer", min_denominator="integer",
                 rolling_window_months="integer")
    ddl = ", ".join(f'"{c}" {types[c]}' for c in columns)
    con.execute(f"create table reference.maternity_measures ({ddl})")
    marks = ", ".join("?" * len(columns))
    for row in measures:
        values = [None if row[c] == "" else row[c] for c in columns]
        con.execute(f"insert into reference.maternity_measures values ({marks})", values)
    con.execute("""
        create table intermediate.int_maternity_measure_windowed (
            index_grain varchar, index_start date, index_end date, org_code varchar,
            measure_code varchar, window_start date, window_end date, months_in_window bigint,
            numerator double, denominator double, numerator_lower double,
            numerator_upper double, denominator_lower double, denominator_upper double,
            continuous_value double, is_suppressed boolean, is_rounded boolean,
            exclusion_reason varchar)
    """)
    for org, measure, x, n in trusts:
        con.execute(
            "insert into intermediate.int_maternity_measure_windowed values "
            "('year', date '2023-04-01', date '2024-03-31', ?, ?, date '2023-04-01', "
            "date '2024-03-31', 12, ?, ?, ?, ?, ?, ?, null, false, false, null)",
            [org, measure, x, n, x, x, n, n],
        )
    for model in MODELS:
        con.execute(f"create table intermediate.{model} as {compiled[model]}")
    return con


def _symmetric_trusts(measure: str) -> list[tuple[str, str, int, int]]:
    """AT sits exactly at England's rate (10%); ten others pair off around it."""
    rows = [("AT", measure, 10, 100)]
    for k in range(1, 6):
        rows += [(f"HI{k}", measure, 10 + k, 100), (f"LO{k}", measure, 10 - k, 100)]
    return rows


def test_a_trust_at_the_england_rate_on_every_measure_scores_zero(tmp_path, compiled):
    trusts = _symmetric_trusts("A") + _symmetric_trusts("B")
    con = run_index(tmp_path, compiled, {"A": 1, "B": -1}, trusts)
    z = con.execute("""
        select measure_code, z_plain, z_adjusted, z_oriented
        from intermediate.int_maternity_measure_standardised where org_code = 'AT'
        order by 1""").fetchall()
    assert z == [("A", 0.0, 0.0, 0.0), ("B", 0.0, 0.0, 0.0)]
    score = con.execute("""
        select composite_score from intermediate.int_maternity_index_composite
        where org_code = 'AT'""").fetchone()
    assert score == (0.0,)


def test_flipping_a_measures_direction_flips_its_contribution(tmp_path, compiled):
    trusts = _symmetric_trusts("A") + _symmetric_trusts("B")
    sql = """select org_code, measure_code, contribution
             from intermediate.int_maternity_measure_scored order by 1, 2"""
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    before = run_index(tmp_path / "one", compiled, {"A": 1, "B": 1}, trusts).execute(sql).fetchall()
    after = run_index(tmp_path / "two", compiled, {"A": -1, "B": 1}, trusts).execute(sql).fetchall()
    assert len(before) == len(after) == 22
    for (org, measure, c_before), (_, _, c_after) in zip(before, after, strict=True):
        if measure == "A":
            assert c_after == pytest.approx(-c_before), org
        else:
            assert c_after == pytest.approx(c_before), org
    assert any(c != 0 for _, m, c in before if m == "A")


def test_steady_deterioration_is_classified_and_named(synthetic_warehouse):
    db, _, summary = synthetic_warehouse
    con = duckdb.connect(str(db), read_only=True)
    rows = dict(con.execute("""
        select org_code, deteriorating_measures || ' / ' || coalesce(improving_measures, '')
        from marts.fct_maternity_index
        where index_grain = 'month'
          and period_start = (select max(period_start) from marts.fct_maternity_index
                              where index_grain = 'month')
    """).fetchall())
    for trust in summary.deteriorating:
        moved = rows[trust].split(" / ")[0].split(";")
        assert "CQIM_PPH_1500" in moved and "CQIM_TEARS_3_4" in moved, rows[trust]
    for trust in summary.improving:
        improved = rows[trust].split(" / ")[1].split(";")
        assert "CQIM_PPH_1500" in improved, rows[trust]
