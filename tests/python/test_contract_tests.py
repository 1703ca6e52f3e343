"""No data test repeats what a mart's enforced contract already makes DuckDB refuse.

A `not_null` data test on a column whose contract has a `not_null` constraint can never fail:
the table is created with NOT NULL and the insert of a null aborts the build first. Each such
test is one more dbt node on every build (issue 8: 48 of them were removed)."""

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
