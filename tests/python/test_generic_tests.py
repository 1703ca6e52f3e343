"""The project's generic dbt tests, rendered and run on small tables: each can fail."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import jinja2

GENERIC = Path(__file__).resolve().parents[1] / "generic"
# the project macros the generic tests call (each in a file of its name under macros/)
MACROS_USED = ("duplicate_key_candidates",)


def _render(name: str, **arguments: object) -> str:
    """The test's SQL, as dbt compiles it on a full build (every row checked)."""
    text = (GENERIC / f"{name}.sql").read_text(encoding="utf-8")
    body = re.search(r"{%\s*test\s+\w+\(.*?\)\s*%}(.*){%\s*endtest\s*%}", text, re.S)
    assert body is not None, name
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined)
    macros = environment.from_string("".join(
        p.read_text(encoding="utf-8") for p in (GENERIC.parents[1] / "macros").glob("*.sql")
        if p.stem in MACROS_USED))
    module = macros.make_module({"test_reads_every_row": lambda changed_rows=None: True})
    template = environment.from_string(body.group(1))
    arguments.setdefault("changed_rows", None)
    return template.render(test_rows_changed=lambda *_: "true", **arguments,
                           **{name: getattr(module, name) for name in MACROS_USED})


def test_unique_combination_of_columns_finds_exactly_the_duplicated_keys() -> None:
    con = duckdb.connect()
    con.execute("create table t (a varchar, b integer, c date)")
    con.execute("""insert into t values
        ('x', 1, date '2025-01-01'), ('x', 1, date '2025-01-01'), ('x', 1, date '2025-01-01'),
        ('x', 2, date '2025-01-01'), ('y', 1, date '2025-01-01'),
        (null, 1, null), (null, 1, null), (null, 2, null), ('', 1, null)""")
    sql = _render("unique_combination_of_columns", model="t",
                  combination_of_columns=["a", "b", "c"])
    found = sorted(con.execute(sql).fetchall(), key=str)
    # nulls are equal keys, as in a group by
    assert found == sorted([("x", 1, dt.date(2025, 1, 1), 3),
                            (None, 1, None, 2)], key=str)
    con.execute("delete from t where b = 1 and a is not distinct from null")
    con.execute("delete from t where a = 'x' and b = 1")
    assert con.execute(sql).fetchall() == []


def test_unique_combination_of_columns_is_exact_when_hashes_collide() -> None:
    """A key whose hash another key shares is a candidate only: the exact group decides."""
    con = duckdb.connect()
    con.execute("create table t (a bigint)")
    con.execute("insert into t select range from range(100000)")
    sql = _render("unique_combination_of_columns", model="t", combination_of_columns=["a"])
    colliding = sql.replace("hash(a)", "(hash(a) % 7)")  # thousands of collisions
    assert colliding != sql
    assert con.execute(colliding).fetchall() == []
    con.execute("insert into t values (42)")
    assert con.execute(colliding).fetchall() == [(42, 2)]
    assert con.execute(sql).fetchall() == [(42, 2)]
