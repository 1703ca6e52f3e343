"""No data test repeats what a mart's enforced contract, or landing's DDL, makes DuckDB refuse.

A `not_null` data test on a column whose contract has a `not_null` constraint can never fail:
the table is created with NOT NULL and the insert of a null aborts the build first. The same
holds for a source test of a landing column that `nti land` creates NOT NULL or as the primary
key. Each such test is one more dbt node on every build (issue 8: 48 mart tests and 10 source
tests were removed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parents[2]


def _names(entries: list[Any] | None) -> set[str]:
    """Names of the tests or constraints of a column (`not_null`, `{type: not_null}`,
    `{accepted_values: {...}}`)."""
    names: set[str] = set()
    for entry in entries or []:
        if isinstance(entry, str):
            names.add(entry)
        elif "type" in entry:
            names.add(str(entry["type"]))
        else:
            names |= set(entry)
    return names


def redundant_not_null_tests(models_yml: dict[str, Any]) -> list[str]:
    """`model.column` of each not_null data test under an enforced not_null constraint."""
    found = []
    for model in models_yml.get("models") or []:
        if not (model.get("config") or {}).get("contract", {}).get("enforced"):
            continue
        columns = list(model.get("columns") or [])
        for version in model.get("versions") or []:
            columns += [c for c in version.get("columns") or [] if "name" in c]
        for column in columns:
            tests = _names(column.get("data_tests")) | _names(column.get("tests"))
            if "not_null" in tests and "not_null" in _names(column.get("constraints")):
                found.append(f"{model['name']}.{column['name']}")
    return found


def test_no_not_null_test_repeats_an_enforced_constraint():
    found = []
    for path in sorted((PROJECT / "models").rglob("_*__models.yml")):
        found += redundant_not_null_tests(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert not found, f"not_null data tests that an enforced contract already makes: {found}"


def test_the_check_finds_a_repeated_not_null():
    model = {"name": "fct_x", "config": {"contract": {"enforced": True}}, "columns": [
        {"name": "a", "constraints": [{"type": "not_null"}], "data_tests": ["not_null"]},
        {"name": "b", "constraints": [{"type": "not_null"}], "data_tests": ["unique"]},
        {"name": "c", "data_tests": ["not_null"]}]}
    assert redundant_not_null_tests({"models": [model]}) == ["fct_x.a"]
    model["config"] = {}
    assert redundant_not_null_tests({"models": [model]}) == []


def _landing_constraints() -> dict[tuple[str, str], set[str]]:
    """(landing table, column) -> the constraints `nti land` creates it with (not_null,
    unique), read from DuckDB after landing's own DDL on an empty file."""
    import duckdb

    from nti import landing

    con = duckdb.connect()
    landing._create_tables(con, keep_rows=False)
    found: dict[tuple[str, str], set[str]] = {}
    for table, column, nullable in con.execute(
            "select table_name, column_name, is_nullable from information_schema.columns "
            "where table_schema = 'landing'").fetchall():
        found[(table, column)] = set() if nullable == "YES" else {"not_null"}
    for table, columns in con.execute(
            "select table_name, constraint_column_names from duckdb_constraints() "
            "where schema_name = 'landing' and constraint_type in ('PRIMARY KEY', 'UNIQUE') "
            "and len(constraint_column_names) = 1").fetchall():
        found[(table, columns[0])].add("unique")
    return found


def redundant_source_tests(sources_yml: dict[str, Any],
                           constraints: dict[tuple[str, str], set[str]]) -> list[str]:
    """`table.column test` of each not_null / unique test on a landing table's column that
    landing's DDL already constrains the same way."""
    found = []
    for source in sources_yml.get("sources") or []:
        if source.get("schema") != "landing":
            continue
        for table in source.get("tables") or []:
            for column in table.get("columns") or []:
                made = constraints.get((table["name"], column["name"]), set())
                tests = _names(column.get("data_tests")) | _names(column.get("tests"))
                found += [f"{table['name']}.{column['name']} {t}" for t in sorted(tests & made)]
    return found


def test_no_source_test_repeats_a_landing_constraint():
    """landing.<layout>.file_id / line_number are NOT NULL and file_manifest.file_id is the
    primary key: DuckDB refuses a row that breaks them, so a test of them cannot fail."""
    constraints = _landing_constraints()
    assert {"not_null"} <= constraints[("msds_exp_data", "line_number")]
    assert {"not_null", "unique"} <= constraints[("file_manifest", "file_id")]
    found = []
    for path in sorted((PROJECT / "models").rglob("_*__sources.yml")):
        found += redundant_source_tests(yaml.safe_load(path.read_text(encoding="utf-8")),
                                        constraints)
    assert not found, f"source tests that landing's DDL already enforces: {found}"


def test_the_check_finds_a_repeated_source_test():
    sources = {"sources": [{"name": "msds", "schema": "landing", "tables": [
        {"name": "t", "columns": [{"name": "file_id", "data_tests": ["not_null", "unique"]},
                                  {"name": "x", "data_tests": ["not_null"]}]}]}]}
    constraints = {("t", "file_id"): {"not_null"}, ("t", "x"): set()}
    assert redundant_source_tests(sources, constraints) == ["t.file_id not_null"]
