"""The value report: one trust's position, peers, drivers and trapped value, from the marts."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from nti.value_report import value_report

_INDEX_COLUMNS = {
    "org_code": "'T1'", "current_code": "'T9'", "org_name": "'TRUST ONE'", "fy_start_year": "2016",
    "financial_year": "'2016/17'", "value_index": "112.5",
    "value_index_deprivation_adjusted": "110",
    "value_rank": "3", "trusts_ranked": "120", "value_band": "'higher value than peers'",
    "value_status_reason": "null", "value_index_change": "4.5", "productivity": "250",
    "peer_median_productivity": "230", "cost_per_admission": "4000", "admissions": "50000",
    "operating_cost_gbp": "200000000", "quality_z_england": "0.5", "quality_z_peer": "0.25",
    "quality_deprivation_adjusted_z_peer": "0.3", "quality_missing": "'CQC_OVERALL'",
    "cost_z_england": "0.1", "cost_z_peer": "0.2", "equity_z_england": "-0.1",
    "equity_z_peer": "0.0", "quality_multiplier": "1.025", "peers_scored": "10",
    "main_movements": "'SHMI +0.30'",
}


@pytest.fixture()
def marts_db(tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema marts")
    cols = ", ".join(f"{v} as {k}" for k, v in _INDEX_COLUMNS.items())
    con.execute(f"create table marts.fct_value_index as select {cols}")
    con.execute(
        "create table marts.dim_trust_peers as select 'T1' as org_code, 1 as peer_rank, "
        "'T2' as peer_code, 'TRUST TWO' as peer_name, 0.8 as distance"
    )
    con.execute(
        "create table marts.fct_value_index_drivers as select 'T1' as org_code, "
        "'2016/17' as financial_year, 'SHMI' as indicator_code, 'quality' as domain, "
        "0.95 as indicator_value, 1.0 as peer_mean, 1.0 as england_mean, 0.6 as z_peer, "
        "0.6 as z_england, 0.3 as contribution_to_domain, 0.3 as contribution_change, "
        "null as z_peer_missing_reason, 1 as driver_rank"
    )
    con.execute(
        "create table marts.fct_trapped_value as select 'T1' as org_code, "
        "'2016/17' as financial_year, 4000.0 as cost_per_admission, 'median' as "
        "benchmark_choice, 3800.0 as benchmark_cost_per_admission, 200.0 as "
        "excess_cost_per_admission, 50000 as admissions, 10000000.0 as trapped_value_gbp, "
        "5000000000.0 as national_trapped_value_gbp, 10 as peers_with_cost"
    )
    con.close()
    return db


def test_report_shows_position_peers_drivers_and_trapped_value(marts_db: Path) -> None:
    text = value_report(marts_db, "t1")
    assert "Value index 2016/17: T1 (now T9) TRUST ONE" in text
    assert "value index 112.5" in text and "rank 3 of 120, higher value than peers" in text
    assert "1. T2    TRUST TWO" in text
    assert "quality SHMI" in text and "contribution +0.30" in text
    assert "missing this year (not imputed): CQC_OVERALL" in text
    assert "GBP 10.0m (England total GBP 5,000.0m)" in text


def test_unknown_trust_or_year_says_so(marts_db: Path) -> None:
    assert value_report(marts_db, "XXX") == "No value index row for trust XXX."
    assert value_report(marts_db, "T1", "2012/13") == "No value index row for trust T1 in 2012/13."
