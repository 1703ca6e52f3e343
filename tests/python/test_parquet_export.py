"""The Parquet export of a release (issue 8): a mart the release left unchanged is linked from
the previous release's file, every other mart written, and a linked file is one with the
columns and types this export would write."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from nti import release


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema marts")
    con.execute("create table marts.fct_a (org_code varchar, rate double)")
    con.execute("insert into marts.fct_a values ('A', 0.1), ('B', 0.2)")
    con.execute("create table marts.fct_b (org_code varchar, n bigint)")
    con.execute("insert into marts.fct_b values ('A', 1)")
    con.close()
    return db


def _manifest(release_id: str, previous: str | None, **marts: tuple[int, str]
              ) -> dict[str, object]:
    return {"release_id": release_id, "previous_release_id": previous,
            "hash_method": release.HASH_METHOD,
            "marts": {m: {"rows": n, "content_md5": h} for m, (n, h) in marts.items()}}


def test_unchanged_marts_are_those_recorded_the_same():
    previous = _manifest("r1", None, fct_a=(2, "h1"), fct_b=(1, "h2"), fct_c=(5, "h3"))
    now = _manifest("r2", "r1", fct_a=(2, "h1"), fct_b=(1, "other"), fct_c=(4, "h3"))
    assert release.unchanged_marts(now, previous) == {"fct_a"}
    # a manifest of another release than the one this build started from: nothing reused
    assert release.unchanged_marts(_manifest("r3", "r2", fct_a=(2, "h1")), previous) == set()
    assert release.unchanged_marts(now, None) == set()
    # hashes made another way (another method or DuckDB version, or none recorded) differ
    for method in ("v2: another method", None):
        assert release.unchanged_marts(now, {**previous, "hash_method": method}) == set()


def test_export_links_an_unchanged_mart_and_writes_the_others(warehouse: Path, tmp_path: Path):
    first, _ = release.export_parquet(warehouse, tmp_path / "r1")
    assert [p.name for p in first] == ["fct_a.parquet", "fct_b.parquet"]
    files, linked = release.export_parquet(warehouse, tmp_path / "r2", tmp_path / "r1",
                                           {"fct_a"})
    assert linked == ["fct_a"]
    assert files[0].samefile(tmp_path / "r1" / "fct_a.parquet")
    assert not files[1].samefile(tmp_path / "r1" / "fct_b.parquet")
    con = duckdb.connect()
    assert con.execute(f"select * from '{files[1]}'").fetchall() == [("A", 1)]
    # an unchanged mart whose previous file is missing is written
    (tmp_path / "r2" / "fct_a.parquet").unlink()
    _, linked = release.export_parquet(warehouse, tmp_path / "r3", tmp_path / "r2", {"fct_a"})
    assert linked == []


def test_a_file_with_other_columns_or_types_is_written_again(warehouse: Path, tmp_path: Path):
    old = tmp_path / "old"
    old.mkdir()
    con = duckdb.connect()
    con.execute(f"copy (select 'A' as org_code, 0.1::float as rate) to '{old / 'fct_a.parquet'}' "
                "(format parquet)")
    con.execute(f"copy (select 'A' as org, 1::bigint as n) to '{old / 'fct_b.parquet'}' "
                "(format parquet)")
    files, linked = release.export_parquet(warehouse, tmp_path / "r2", old, {"fct_a", "fct_b"})
    assert linked == []
    assert con.execute(f"select count(*) from '{files[0]}'").fetchone() == (2,)
    assert con.execute(f"select org_code from '{files[1]}'").fetchall() == [("A",)]


PERIOD_MART = release.PERIOD_MARTS[0]
JAN, FEB, MAR = "2025-01-31", "2025-02-28", "2025-03-31"


def _period_warehouse(db: Path, release_id: str, rows: list[tuple[str, str | None, float]],
                      hashed_in: dict[str | None, str]) -> None:
    """A period mart and this release's record of who hashed each period."""
    con = duckdb.connect(str(db))
    con.execute("create schema if not exists marts")
    con.execute(f"create or replace table marts.{PERIOD_MART} (org_code varchar, "
                "period_end date, rate double)")
    if rows:
        con.executemany(f"insert into marts.{PERIOD_MART} values (?, ?, ?)", rows)
    for statement in release._DDL:
        con.execute(statement)
    con.execute("delete from release.releases")
    con.execute("delete from release.mart_period_hashes")
    con.execute(f"create or replace view {release.SCHEMA}.current as select "
                f"'{release_id}' as release_id")
    if hashed_in:
        con.executemany("insert into release.mart_period_hashes values (?, ?, 1, 'h', 'm', ?)",
                        [[PERIOD_MART, p, r] for p, r in hashed_in.items()])
    con.close()


def test_a_period_mart_is_a_file_per_period_and_keeps_the_periods_not_rebuilt(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    rows = [("A", JAN, 0.1), ("B", JAN, 0.2), ("A", FEB, 0.3), ("A", None, 0.4)]
    _period_warehouse(db, "r1", rows, {JAN: "r1", FEB: "r1", None: "r1"})
    files, linked = release.export_parquet(db, tmp_path / "r1")
    folder = tmp_path / "r1" / PERIOD_MART
    assert [p.name for p in files] == [f"{JAN}.parquet", f"{FEB}.parquet", "undated.parquet"]
    assert linked == []
    con = duckdb.connect()
    assert con.execute(f"select * from '{folder}/*.parquet' order by all").fetchall() == [
        ("A", dt.date(2025, 1, 31), 0.1), ("A", dt.date(2025, 2, 28), 0.3), ("A", None, 0.4),
        ("B", dt.date(2025, 1, 31), 0.2)]
    # r2 rebuilt February on (a value changed) and added March; January's hash was reused
    rows = [("A", JAN, 0.1), ("B", JAN, 0.2), ("A", FEB, 0.35), ("A", MAR, 0.5), ("A", None, 0.4)]
    _period_warehouse(db, "r2", rows, {JAN: "r1", FEB: "r2", MAR: "r2", None: "r2"})
    files, linked = release.export_parquet(db, tmp_path / "r2", tmp_path / "r1")
    assert linked == [f"{PERIOD_MART}/{JAN}"]
    new = tmp_path / "r2" / PERIOD_MART
    assert (new / f"{JAN}.parquet").samefile(folder / f"{JAN}.parquet")
    assert not (new / f"{FEB}.parquet").samefile(folder / f"{FEB}.parquet")
    assert con.execute(f"select rate from '{new}/*.parquet' order by all").fetchall() == [
        (0.1,), (0.2,), (0.35,), (0.4,), (0.5,)]
    # without the previous release's folder every period is written
    _, linked = release.export_parquet(db, tmp_path / "r3")
    assert linked == []


def test_an_empty_period_mart_is_one_file_of_no_rows_with_its_columns(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    _period_warehouse(db, "r1", [], {})
    files, _ = release.export_parquet(db, tmp_path / "r1")
    assert [p.name for p in files] == ["undated.parquet"]
    con = duckdb.connect()
    folder = tmp_path / "r1" / PERIOD_MART
    assert con.execute(f"select count(*) from '{folder}/*.parquet'").fetchone() == (0,)
    assert [r[0] for r in con.execute(f"describe select * from '{folder}/*.parquet'"
                                      ).fetchall()] == ["org_code", "period_end", "rate"]
