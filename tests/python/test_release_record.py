"""The release record's period hashes (issue 8): an incremental build hashes only the periods of
the period marts it rebuilt, and the content hash it records equals one computed from scratch."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest

from nti import config, release

MART = "fct_maternity_equalities"
JAN, FEB, MAR = dt.date(2025, 1, 31), dt.date(2025, 2, 28), dt.date(2025, 3, 31)


@pytest.fixture
def con(tmp_path: Path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create schema marts")
    con.execute(f"create table marts.{MART} (org_code varchar, period_end date, rate double, "
                "release_id varchar)")
    con.execute(f"insert into marts.{MART} values ('A', '{JAN}', 0.1, 'x'), "
                f"('B', '{JAN}', 0.2, 'x'), ('A', '{FEB}', 0.3, 'x'), ('A', null, 0.4, 'x')")
    for statement in release._DDL:
        con.execute(statement)
    yield con
    con.close()


def _record(con: duckdb.DuckDBPyConnection, release_id: str, reuse_before: dt.date | None,
            said: list[str]) -> tuple[int, str]:
    return release._record_marts(con, release_id, reuse_before, said.append)[MART]


def _stored(con: duckdb.DuckDBPyConnection) -> dict[object, str]:
    return dict(con.execute("select period_end, hashed_in_release from "
                            "release.mart_period_hashes").fetchall())


def test_a_full_record_hashes_every_period_and_equals_the_mart_hash(con):
    said: list[str] = []
    assert _record(con, "r1", None, said) == release.mart_hash(con, MART)
    assert release.mart_hash(con, MART)[0] == 4
    assert _stored(con) == {JAN: "r1", FEB: "r1", None: "r1"}
    assert "3 period(s) hashed, 0 reused" in said[0]
    assert "dbt rebuilt every period" in said[0]


def test_an_incremental_record_reuses_the_periods_not_rebuilt(con):
    _record(con, "r1", None, [])
    # the build rebuilt February on (a value changed) and added March
    con.execute(f"update marts.{MART} set rate = 0.35 where period_end = '{FEB}'")
    con.execute(f"insert into marts.{MART} values ('A', '{MAR}', 0.5, 'x')")
    said: list[str] = []
    recorded = _record(con, "r2", FEB, said)
    assert recorded == release.mart_hash(con, MART)
    assert _stored(con) == {JAN: "r1", FEB: "r2", MAR: "r2", None: "r2"}
    assert "3 period(s) hashed, 1 reused" in said[0]


def test_a_period_whose_row_count_changed_is_hashed_again(con):
    _record(con, "r1", None, [])
    con.execute(f"delete from marts.{MART} where org_code = 'B'")  # January, before FEB
    said: list[str] = []
    assert _record(con, "r2", FEB, said) == release.mart_hash(con, MART)
    assert _stored(con)[JAN] == "r2"


def test_reuse_trusts_the_build_for_the_periods_it_did_not_rebuild(con):
    # what the row-count check cannot see: a value changed in a period the build says it did
    # not rebuild; the reused hash then differs from the table's (so the reuse is real, and
    # only the period-incremental models' contract makes it right)
    _record(con, "r1", None, [])
    con.execute(f"update marts.{MART} set rate = 0.15 where org_code = 'A' and period_end = "
                f"'{JAN}'")
    assert _record(con, "r2", FEB, []) != release.mart_hash(con, MART)


def test_hashes_made_another_way_are_not_reused(con, monkeypatch: pytest.MonkeyPatch):
    _record(con, "r1", None, [])
    monkeypatch.setattr(release, "HASH_METHOD", "another method")
    said: list[str] = []
    _record(con, "r2", dt.date.max, said)
    assert "dbt rebuilt no period" in said[0] and "3 period(s) hashed, 0 reused" in said[0]


def test_the_period_marts_are_the_period_incremental_marts():
    """PERIOD_MARTS must list exactly the marts that rebuild only from changed_from on, by
    period_end (macros/incremental_periods.sql)."""
    found = set()
    for path in (config.PROJECT_DIR / "models" / "marts").rglob("*.sql"):
        sql = path.read_text(encoding="utf-8")
        if "in_periods_changed(" in sql or "delete_periods_changed(" in sql:
            found.add(path.stem)
            assert re.search(r"\bperiod_end\b", sql), path
    assert found == set(release.PERIOD_MARTS)


def test_a_file_written_in_place_is_hashed_whole_by_the_next_build(
        con, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """`nti dbt` (and `nti land`) may change a mart's rows in periods an incremental build will
    not rebuild: they forget the period hashes, so nothing is reused and the index lineage reads
    every row."""
    from types import SimpleNamespace

    from nti import cli, publish

    _record(con, "r1", None, [])
    assert release._has_period_hashes(con, MART)
    monkeypatch.setattr(publish, "invoke_dbt", lambda db, args: SimpleNamespace(success=True))
    # a subcommand that writes no table (compile, docs, ls, ...) keeps them
    assert cli.cmd_dbt(["compile", "-s", "x"], tmp_path / "w.duckdb") == 0
    assert release._has_period_hashes(con, MART)
    assert cli.cmd_dbt(["run"], tmp_path / "w.duckdb") == 0
    assert not release._has_period_hashes(con, MART)
    said: list[str] = []
    assert _record(con, "r2", dt.date.max, said) == release.mart_hash(con, MART)
    assert "3 period(s) hashed, 0 reused" in said[0]
    release.prepare_for_writing_in_place(tmp_path / "absent.duckdb")  # no file: nothing to do
    assert not (tmp_path / "absent.duckdb").exists()


def test_an_empty_period_mart_is_recorded(con):
    con.execute(f"delete from marts.{MART}")
    said: list[str] = []
    assert _record(con, "r1", None, said) == release.mart_hash(con, MART)
    assert release.mart_hash(con, MART)[0] == 0
    assert _stored(con) == {}
    assert "0 period(s) hashed, 0 reused" in said[0]


INDEX = "fct_maternity_index_drivers"


@pytest.fixture
def index_con(con):
    con.execute(f"create table marts.{INDEX} (org_code varchar, period_end date, score double, "
                "index_version varchar)")
    con.execute(f"insert into marts.{INDEX} values ('A', '{JAN}', 1.5, '2.0'), "
                f"('B', '{JAN}', -0.5, '2.0'), ('A', '{FEB}', 0.25, '2.0'), "
                "('A', null, 0.0, '2.0')")
    return con


def _release_build(con: duckdb.DuckDBPyConnection, release_id: str,
                   reuse_before: dt.date | None) -> None:
    """What release.record does to the index marts: the lineage and release tables, then the
    period hashes."""
    release._update_index_lineage(con, release_id, reuse_before)
    release._record_marts(con, release_id, reuse_before, lambda _: None)


def _release_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    return con.execute(f"select org_code, period_end, score, release_id from release.{INDEX} "
                       "order by all").fetchall()


def test_the_release_table_is_the_mart_with_each_rows_first_release(index_con):
    con = index_con
    _release_build(con, "r1", None)
    assert release._release_relation_type(con, INDEX) == "BASE TABLE"
    assert _release_rows(con) == [("A", JAN, 1.5, "r1"), ("A", FEB, 0.25, "r1"),
                                  ("A", None, 0.0, "r1"), ("B", JAN, -0.5, "r1")]
    # an incremental build rebuilt February on: a changed value and a new month get r2, the
    # rows with the values r1 published keep r1, and January is not written again
    con.execute(f"update release.{INDEX} set release_id = 'kept' where period_end = '{JAN}'")
    con.execute(f"update marts.{INDEX} set score = 0.75 where period_end = '{FEB}'")
    con.execute(f"insert into marts.{INDEX} values ('A', '{MAR}', 2.0, '2.0')")
    _release_build(con, "r2", FEB)
    assert _release_rows(con) == [("A", JAN, 1.5, "kept"), ("A", FEB, 0.75, "r2"),
                                  ("A", MAR, 2.0, "r2"), ("A", None, 0.0, "r1"),
                                  ("B", JAN, -0.5, "kept")]


def test_a_release_table_missing_rows_of_kept_periods_is_made_again(index_con):
    con = index_con
    _release_build(con, "r1", None)
    con.execute(f"delete from release.{INDEX} where org_code = 'B'")
    con.execute(f"update release.{INDEX} set release_id = 'stale'")
    _release_build(con, "r2", FEB)
    assert _release_rows(con) == [("A", JAN, 1.5, "r1"), ("A", FEB, 0.25, "r1"),
                                  ("A", None, 0.0, "r1"), ("B", JAN, -0.5, "r1")]


def test_a_file_written_in_place_gets_release_views_of_its_marts(index_con, tmp_path: Path):
    """After `nti dbt` or `nti land` in place a table would show the release's rows beside
    marts that changed: the release relation becomes a view of the marts as they are, a row
    no release published has no release_id, and the next build makes the table again."""
    con = index_con
    _release_build(con, "r1", None)
    con.execute(f"insert into marts.{INDEX} values ('C', '{FEB}', 3.0, '2.0')")
    con.close()
    release.prepare_for_writing_in_place(tmp_path / "w.duckdb")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    try:
        assert release._release_relation_type(con, INDEX) == "VIEW"
        assert ("C", FEB, 3.0, None) in _release_rows(con)
        _release_build(con, "r2", FEB)
        assert release._release_relation_type(con, INDEX) == "BASE TABLE"
        assert ("C", FEB, 3.0, "r2") in _release_rows(con) and len(_release_rows(con)) == 5
    finally:
        con.close()


@pytest.fixture
def values_con():
    con = duckdb.connect()
    con.execute("create schema marts")
    yield con
    con.close()


def _hash_of(con: duckdb.DuckDBPyConnection, rows: list[tuple[object, ...]]) -> tuple[int, str]:
    con.execute("create or replace table marts.t (code varchar, rate double, n bigint)")
    if rows:
        con.executemany("insert into marts.t values (?, ?, ?)", rows)
    return release.content_hash(con, "marts", "t")


def test_the_content_hash_is_that_of_the_rows_in_any_order(values_con):
    rows = [("A", 0.1, 1), ("B", 0.2, 2), ("C", None, 3)]
    assert _hash_of(values_con, rows) == _hash_of(values_con, rows[::-1])
    assert _hash_of(values_con, rows)[0] == 3


@pytest.mark.parametrize("changed", [
    [("A", 0.1, 1), ("B", 0.2, 2), ("C", None, 4)],          # a value
    [("A", 0.1, 1), ("B", 0.2, 2), ("C", 0.0, 3)],           # null against 0
    [("A", 0.1, 1), ("B", 0.2, 2), ("", None, 3)],           # empty text against text
    [("A", 0.1, 1), ("B", 0.2, 2), (None, None, 3)],         # null against text
    [("A", 0.1, 1), ("B", 0.2, 2)],                          # a row less
    [("A", 0.1, 1), ("B", 0.2, 2), ("C", None, 3), ("C", None, 3)],  # a row twice
    [("A", 0.2, 1), ("B", 0.1, 2), ("C", None, 3)],          # values swapped between rows
    [("A", 0.1, 2), ("B", 0.2, 1), ("C", None, 3)],
    [("A", 0.1000000001, 1), ("B", 0.2, 2), ("C", None, 3)],  # the 10th significant digit
])
def test_the_content_hash_changes_with_the_contents(values_con, changed):
    base = [("A", 0.1, 1), ("B", 0.2, 2), ("C", None, 3)]
    assert _hash_of(values_con, changed) != _hash_of(values_con, base)


@pytest.mark.parametrize(("a", "b"), [
    (0.1 + 0.2, 0.3),                 # the last bits of a parallel sum
    (123456.78901234567, 123456.78901234568),
    (2.5e-9 * (1 + 1e-14), 2.5e-9),
    (999.9999999999999, 1000.0000000000001),  # across a power of ten
])
def test_doubles_equal_to_ten_significant_digits_hash_alike(values_con, a, b):
    assert _hash_of(values_con, [("A", a, 1)]) == _hash_of(values_con, [("A", b, 1)])


@pytest.mark.parametrize("sql", [release._rounded_sql("x"),
                                 release._row_md5_sql([("x", "DOUBLE")], "v")])
def test_negative_zero_is_hashed_as_zero(values_con, sql):
    """-0.0 and 0.0 are one value. DuckDB's hash() already equates them, so the content hash
    cannot tell whether the rounding does: its output is checked, and that of the row md5 the
    index lineage matches rows by (printf shows -0.0 as '-0')."""
    def of(x: float) -> str:
        row = values_con.execute(f"select cast({sql} as varchar) from (select ? as x) v",
                                 [x]).fetchone()
        assert row is not None
        return str(row[0])

    assert of(-0.0) == of(0.0)
    assert of(-1e-300) != of(0.0)  # not every value is equated with 0


@pytest.mark.parametrize(("a", "b"), [
    (1e-250, 2e-250),                 # too small to round: hashed as they are
    (1e250, 1.0000000000001e250),
    (float("inf"), float("-inf")),
    (float("nan"), 0.0),
    (float("inf"), 1e200),
])
def test_doubles_outside_the_rounded_range_are_not_rounded_onto_another(values_con, a, b):
    assert _hash_of(values_con, [("A", a, 1)]) != _hash_of(values_con, [("A", b, 1)])


def test_an_empty_table_has_a_content_hash(values_con):
    assert _hash_of(values_con, [])[0] == 0
    assert _hash_of(values_con, []) != _hash_of(values_con, [("A", 0.1, 1)])


def test_row_hashes_mix_the_last_value_into_every_bit(values_con):
    """DuckDB's hash(a, b, c) XORs c's hash into the others': the XOR of two rows' hashes is
    unchanged when they swap their last values. The row hash hashes again, so it changes."""
    columns = [("code", "VARCHAR"), ("rate", "DOUBLE"), ("n", "BIGINT")]

    def xor_of_row_hashes(rows: list[tuple[object, ...]]) -> int:
        _hash_of(values_con, rows)
        row = values_con.execute(f"select bit_xor({release._row_hash_sql(columns, 't')}) "
                                 "from marts.t t").fetchone()
        assert row is not None
        return int(row[0])

    assert (xor_of_row_hashes([("A", 0.1, 1), ("B", 0.2, 2)])
            != xor_of_row_hashes([("A", 0.1, 2), ("B", 0.2, 1)]))


def test_text_edits_that_hash_alike_in_duckdb_change_the_content_hash(values_con):
    """DuckDB's hash() of these two names is the same (two letters recased at the top bytes of
    8-byte words); the md5 of the row's text tells them apart."""
    a = "FARRINGMOOR TEACHING HOSPITALS NHS FOUNDATION TRUST"
    b = "FARRINGmOOR TEACHING HOsPITALS NHS FOUNDATION TRUST"
    same = values_con.execute("select hash(?) = hash(?)", [a, b]).fetchone()
    assert same == (True,)  # the weakness the md5 covers (if DuckDB fixes it, drop this line)
    assert _hash_of(values_con, [(a, 0.1, 1)]) != _hash_of(values_con, [(b, 0.1, 1)])


def test_the_row_count_and_each_rows_multiplicity_count(values_con):
    """A row of zeros and false (no text) hashes to 0; the count tells {Z}, {Z, Z} and {}
    apart. Rows twice over: a sum of hashes keeps them, where an XOR would cancel them."""
    values_con.execute("create table marts.z (rate double, n bigint, flag boolean)")
    row_hash = release._row_hash_sql([("rate", "DOUBLE"), ("n", "BIGINT"), ("flag", "BOOLEAN")],
                                     "z")
    hashes = []
    for rows in (0, 1, 2):
        values_con.execute("delete from marts.z")
        for _ in range(rows):
            values_con.execute("insert into marts.z values (0.0, 0, false)")
        hashes.append(release.content_hash(values_con, "marts", "z")[1])
    assert values_con.execute(f"select {row_hash} from marts.z z limit 1").fetchone() == (0,)
    assert len(set(hashes)) == 3
    a, b, c, d = ("A", 0.1, 1), ("B", 0.2, 2), ("C", 0.3, 3), ("D", 0.4, 4)
    assert _hash_of(values_con, [a, a, b, b]) != _hash_of(values_con, [c, c, d, d])


def test_the_content_hash_changes_with_a_column_name_or_type(values_con):
    rows = [("A", 1.0, 1)]
    before = _hash_of(values_con, rows)
    values_con.execute("alter table marts.t rename column n to m")
    assert release.content_hash(values_con, "marts", "t") != before
    values_con.execute("alter table marts.t alter m type integer")
    renamed = release.content_hash(values_con, "marts", "t")
    values_con.execute("alter table marts.t alter m type bigint")
    assert renamed != release.content_hash(values_con, "marts", "t")
