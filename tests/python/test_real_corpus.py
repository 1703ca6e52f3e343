"""The warehouse built on the real published files (skipped when the corpus is absent)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from nti import gx_validate


def query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_build_says_it_used_real_data(real_warehouse: tuple[Path, str]) -> None:
    db, output = real_warehouse
    assert "(real)" in output and "nti build: OK on real data" in output
    assert query(db, "select data_origin from landing.load_run") == [("real",)]


def test_every_msds_file_in_the_corpus_lands(real_warehouse: tuple[Path, str]) -> None:
    db, _ = real_warehouse
    rows = query(db, """
        select layout, count(*) filter (where is_current), count(*)
        from marts.fct_load_manifest where status = 'loaded' group by layout order by layout
    """)
    counts = {layout: (current, total) for layout, current, total in rows}
    assert counts["msds_exp_data"] == (2, 4)  # Feb and Mar 2025, csv + xlsx each
    assert counts["msds_exp_measures"] == (1, 2)  # Apr 2025 provisional, csv + xlsx
    # 2017-18 DQ flat file and 2019-20..2023-24 provider files, csv and xlsx copies
    assert counts["msds_annual"][0] == 6


def test_rows_read_equal_staged_plus_quarantined_for_every_file(
    real_warehouse: tuple[Path, str],
) -> None:
    db, _ = real_warehouse
    bad = query(db, """
        select relative_path, rows_read, rows_staged, rows_quarantined
        from marts.fct_load_manifest
        where status = 'loaded' and rows_read <> rows_staged + rows_quarantined
    """)
    assert bad == []
    assert query(db, "select sum(rows_read) > 600000 from marts.fct_load_manifest") == [(True,)]


def test_march_2025_exp_data_has_118_providers(real_warehouse: tuple[Path, str]) -> None:
    db, _ = real_warehouse
    rows = query(db, """
        select count(distinct org_code_published)
        from intermediate.int_maternity_observations_unioned
        where source = 'msds_exp_data' and period_start = date '2025-03-01'
          and org_level = 'Provider'
    """)
    assert rows == [(118,)]


def test_merged_trust_history_continues_under_its_successor(
    real_warehouse: tuple[Path, str],
) -> None:
    db, _ = real_warehouse
    rows = query(db, """
        select distinct org_code from intermediate.int_maternity_observations_unioned
        where org_code_published = 'RD3' and org_level = 'Provider'
    """)
    assert rows == [("R0D",)]  # Poole -> University Hospitals Dorset, 2020-10-01


def test_landing_passes_the_great_expectations_suites(
    real_warehouse: tuple[Path, str], tmp_path: Path
) -> None:
    db, _ = real_warehouse
    result = gx_validate.validate_landing(db, tmp_path / "gx_report.md")
    assert result.success, (tmp_path / "gx_report.md").read_text()[:4000]


@pytest.mark.parametrize("layout", ["msds_exp_data", "msds_exp_measures", "msds_annual"])
def test_xlsx_and_csv_copies_stage_the_same_rows(
    real_warehouse: tuple[Path, str], layout: str
) -> None:
    db, _ = real_warehouse
    rows = query(db, f"""
        select m.superseded_by_file_id, m.rows_staged, c.rows_staged
        from marts.fct_load_manifest m
        join marts.fct_load_manifest c on m.superseded_by_file_id = c.file_id
        where m.layout = '{layout}' and m.file_format = 'xlsx'
    """)
    assert rows and all(a == b for _, a, b in rows)
