"""The Evidence dashboard's source queries stay in step with the marts' contracts."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[2]
SOURCES = PROJECT / "bi" / "evidence" / "sources" / "nti"


def mart_columns() -> dict[str, set[str]]:
    """Contracted columns of every mart, from the marts' YAML."""
    columns: dict[str, set[str]] = {}
    for path in (PROJECT / "models" / "marts").rglob("*.yml"):
        for model in (yaml.safe_load(path.read_text()) or {}).get("models", []) or []:
            names = {c["name"] for c in model.get("columns", []) or []}
            if names:
                columns[model["name"]] = names
    return columns


def query_parts(sql: str) -> tuple[str, list[str], str]:
    match = re.match(r"\s*select\s+(.*?)\s+from\s+marts\.(\w+)(.*)$", sql, re.S | re.I)
    assert match, "a dashboard source must be `select <columns> from marts.<mart> ...`"
    selected = [c.strip() for c in match.group(1).split(",")]
    return match.group(2), selected, match.group(3)


def test_every_dashboard_query_reads_contracted_mart_columns():
    contracts = mart_columns()
    queries = sorted(SOURCES.glob("*.sql"))
    assert len(queries) >= 4
    for path in queries:
        mart, selected, rest = query_parts(path.read_text())
        assert mart in contracts, f"{path.name}: marts.{mart} has no contract"
        assert "*" not in selected, f"{path.name}: name the columns, not *"
        missing = [c for c in selected if c not in contracts[mart]]
        filtered = re.findall(r"\b([a-z_][a-z0-9_]*)\b", rest.lower())
        missing += [c for c in filtered if c not in contracts[mart]
                    and c not in {"where", "and", "or", "not", "is", "null", "order", "by"}]
        assert not missing, f"{path.name}: columns not in marts.{mart}'s contract: {missing}"


def test_the_check_catches_a_renamed_column(tmp_path):
    contracts = mart_columns()
    mart, selected, _ = query_parts("select org_code, risk_score_renamed from "
                                    "marts.fct_maternity_index")
    assert [c for c in selected if c not in contracts[mart]] == ["risk_score_renamed"]
