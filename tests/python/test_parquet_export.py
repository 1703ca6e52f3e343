"""The Parquet export of a release (issue 8): a mart the release left unchanged is linked from
the previous release's file, every other mart written, and a linked file is one with the
columns and types this export would write."""

from __future__ import annotations

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
            "marts": {m: {"rows": n, "content_md5": h} for m, (n, h) in marts.items()}}


def test_unchanged_marts_are_those_recorded_the_same_with_a_file(tmp_path: Path):
    folder = tmp_path / "parquet"
    folder.mkdir()
    for mart in ("fct_a", "fct_b"):
        (folder / f"{mart}.parquet").write_bytes(b"x")
    previous = _manifest("r1", None, fct_a=(2, "h1"), fct_b=(1, "h2"), fct_c=(5, "h3"))
    now = _manifest("r2", "r1", fct_a=(2, "h1"), fct_b=(1, "other"), fct_c=(5, "h3"))
    # fct_b changed; fct_c unchanged but its file is missing
    assert release.unchanged_marts(now, previous, folder) == {"fct_a": folder / "fct_a.parquet"}
    # a manifest of another release than the one this build started from: nothing reused
    assert release.unchanged_marts(_manifest("r3", "r2", fct_a=(2, "h1")), previous,
                                   folder) == {}
    assert release.unchanged_marts(now, None, folder) == {}


def test_export_links_a_reused_file_and_writes_the_others(warehouse: Path, tmp_path: Path):
    first, _ = release.export_parquet(warehouse, tmp_path / "r1")
    assert [p.name for p in first] == ["fct_a.parquet", "fct_b.parquet"]
    files, reused = release.export_parquet(
        warehouse, tmp_path / "r2", {"fct_a": tmp_path / "r1" / "fct_a.parquet"})
    assert reused == ["fct_a"]
    assert files[0].samefile(tmp_path / "r1" / "fct_a.parquet")
    assert not files[1].samefile(tmp_path / "r1" / "fct_b.parquet")
    con = duckdb.connect()
    assert con.execute(f"select * from '{files[1]}'").fetchall() == [("A", 1)]


def test_a_file_with_other_columns_or_types_is_written_again(warehouse: Path, tmp_path: Path):
    old = tmp_path / "old"
    old.mkdir()
    con = duckdb.connect()
    con.execute(f"copy (select 'A' as org_code, 0.1::float as rate) to '{old / 'a.parquet'}' "
                "(format parquet)")
    con.execute(f"copy (select 'A' as org, 1::bigint as n) to '{old / 'b.parquet'}' "
                "(format parquet)")
    files, reused = release.export_parquet(
        warehouse, tmp_path / "r2", {"fct_a": old / "a.parquet", "fct_b": old / "b.parquet"})
    assert reused == []
    assert con.execute(f"select count(*) from '{files[0]}'").fetchone() == (2,)
    assert con.execute(f"select org_code from '{files[1]}'").fetchall() == [("A",)]
