"""The dbt nodes a build from a copy of a release runs (nti.selection, issue 8)."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest
import yaml

from conftest import MACRO
from nti import selection
from nti.layouts import LAYOUTS
from nti.selection import Node

PROJECT = Path(__file__).resolve().parents[2]

# landing.a -> stg_a (view) -> int_a (table) -> int_ab (table, also reads the seed)
# landing.b -> int_b (table) -> eph_b (ephemeral) -> fct_b (table); test_rel reads int_a and
# int_b; calendar reads nothing
SOURCES = {"a": "source.p.l.a", "b": "source.p.l.b", "file_manifest": "source.p.l.fm"}
NODES = {
    "model.p.stg_a": Node("model", "view", ("source.p.l.a",)),
    "test.p.not_null_stg_a": Node("test", "test", ("model.p.stg_a",)),
    "model.p.int_a": Node("model", "table", ("model.p.stg_a",)),
    "test.p.not_null_int_a": Node("test", "test", ("model.p.int_a",)),
    "seed.p.weights": Node("seed", "seed", ()),
    "model.p.int_ab": Node("model", "incremental", ("model.p.int_a", "seed.p.weights")),
    "model.p.int_b": Node("model", "table", ("source.p.l.b",)),
    "test.p.rel": Node("test", "test", ("model.p.int_b", "model.p.int_a")),
    "model.p.eph_b": Node("model", "ephemeral", ("model.p.int_b",)),
    "model.p.fct_b": Node("model", "table", ("model.p.eph_b",)),
    "model.p.calendar": Node("model", "table", ()),
    "model.p.stg_fm": Node("model", "view", ("source.p.l.fm",)),
    "analysis.p.top": Node("analysis", None, ("model.p.int_ab",)),
}


def test_the_nodes_a_changed_table_reaches_run_views_and_the_rest_stay():
    chosen = selection.select(NODES, SOURCES, {"a"})
    assert chosen is not None
    # the view is left as it is, its test runs; the test that also reads int_b runs
    assert chosen.unique_ids == {"test.p.not_null_stg_a", "model.p.int_a",
                                 "test.p.not_null_int_a", "model.p.int_ab", "test.p.rel"}
    assert chosen.views_kept == 2
    # int_b, fct_b, calendar and the seed (not the views, counted apart, nor the analysis,
    # nor the ephemeral model, which is no node of its own)
    assert chosen.nodes_kept == 4


def test_a_table_of_the_other_branch_reaches_only_its_branch():
    """The graph is followed through the ephemeral model to its child; dbt runs no node for
    the ephemeral model itself, so it is not chosen (the build would fail: not run)."""
    chosen = selection.select(NODES, SOURCES, {"b"})
    assert chosen is not None
    assert chosen.unique_ids == {"model.p.int_b", "test.p.rel", "model.p.fct_b"}


def test_a_changed_table_no_source_reads_runs_everything():
    assert selection.select(NODES, SOURCES, {"a", "not_a_source"}) is None


def test_every_landing_table_is_a_dbt_source():
    """So that a change to any layout's files selects its descendants, never everything."""
    declared: set[str] = set()
    for path in (PROJECT / "models" / "staging").glob("*/_*__sources.yml"):
        for source in yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]:
            if source.get("schema") == selection.LANDING_SCHEMA:
                declared |= {t.get("identifier", t["name"]) for t in source["tables"]}
    assert {layout.table for layout in LAYOUTS} | set(selection.BOOKKEEPING_TABLES) <= declared


def test_changed_landing_tables_are_those_of_files_landed_or_dropped(tmp_path):
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema landing")
    con.execute("create table landing.file_manifest (layout varchar, landing_action varchar)")
    con.execute("insert into landing.file_manifest values ('msds_exp_data', 'landed'), "
                "('ae_monthly', 'reused'), (null, null), ('ods_etr', 'reused')")
    con.execute("create table landing.files_dropped (layout varchar)")
    con.execute("insert into landing.files_dropped values ('ods_etr')")
    con.close()
    assert selection.changed_landing_tables(db) == {
        "msds_exp_data", "ods_etr", *selection.BOOKKEEPING_TABLES}
    # a dropped file whose layout is not known: every landing table may have changed
    con = duckdb.connect(str(db))
    con.execute("insert into landing.files_dropped values (null)")
    con.close()
    assert selection.changed_landing_tables(db) == {
        layout.table for layout in LAYOUTS} | set(selection.BOOKKEEPING_TABLES)


def test_the_chosen_nodes_are_tagged_once_and_selected_by_the_tag():
    nodes = {"model.p.int_a": SimpleNamespace(tags=["daily"]),
             "model.p.int_b": SimpleNamespace(tags=[])}
    manifest = SimpleNamespace(nodes=nodes)
    chosen = selection.Selection(frozenset({"model.p.int_a"}), views_kept=0, nodes_kept=1)
    for _ in range(2):
        args = selection.tag_chosen(manifest, chosen)
    assert args == ["--select", f"tag:{selection.CHOSEN_TAG}"]
    assert nodes["model.p.int_a"].tags == ["daily", selection.CHOSEN_TAG]
    assert nodes["model.p.int_b"].tags == []


@pytest.mark.parametrize("tables", [{"a"}, {"b"}, {"a", "b", "file_manifest"}])
def test_the_selection_is_closed_downstream(tables):
    """A chosen node's non-view descendants are chosen too (no stale table below a new one)."""
    chosen = selection.select(NODES, SOURCES, tables)
    assert chosen is not None
    for uid in chosen.unique_ids:
        below = selection.downstream(NODES, [uid])
        assert {d for d in below if NODES[d].resource_type in ("model", "test")
                and NODES[d].materialized not in ("view", "ephemeral")} <= chosen.unique_ids


# landing.fm -> stg_fm (view) -> current (view); by_file joins current on file id to stg_a's
# rows, whole reads all of current
MANIFEST_GRAPH = {
    **NODES,
    "model.p.current": Node("model", "view", ("model.p.stg_fm",)),
    "model.p.by_file": Node("model", "table", ("model.p.stg_a", "model.p.current"),
                            reads_manifest_by_file=True),
    "model.p.whole": Node("model", "table", ("model.p.current",)),
}


def test_a_model_joining_the_manifest_by_file_id_runs_when_its_own_files_change():
    only_manifest = selection.select(MANIFEST_GRAPH, SOURCES, {"file_manifest"})
    assert only_manifest is not None
    assert only_manifest.unique_ids == {"model.p.whole"}
    with_a = selection.select(MANIFEST_GRAPH, SOURCES, {"a", "file_manifest"})
    assert with_a is not None and "model.p.by_file" in with_a.unique_ids
    assert selection.made_from_manifest_alone(MANIFEST_GRAPH, "source.p.l.fm") == {
        "source.p.l.fm", "model.p.stg_fm", "model.p.current", "model.p.whole"}


def test_a_changed_layout_changes_every_table_of_its_publication_family():
    assert selection.family_tables({"ae_monthly"}) == {"ae_monthly", "ae_provider_sheet"}
    assert selection.family_tables({"msds_exp_data", "no_such_layout"}) == {"msds_exp_data"}


MANIFEST_MODELS = ("stg_landing__file_manifest", "int_landed_files_current")
_MANIFEST_CTE = re.compile(r"(\w+) as \(\s*select \* from \{\{ ref\('(?:"
                           + "|".join(MANIFEST_MODELS) + r")'\) \}\}\s*\)")


def manifest_read_problems(sql: str) -> list[str]:
    """How a model's SQL reads the manifest other than joined on the file id of its rows."""
    refs = len(re.findall(r"ref\('(?:" + "|".join(MANIFEST_MODELS) + r")'\)", sql))
    ctes = _MANIFEST_CTE.findall(sql)
    problems = [] if ctes and refs == len(ctes) else [
        "reads the manifest other than in a `<cte> as (select * from ref(...))`"]
    body = _MANIFEST_CTE.sub("", sql)
    for cte in ctes:
        rest = re.sub(rf"(?:inner|left) join {cte}\s+on \w+\.file_id = {cte}\.file_id",
                      "", body)
        for use in re.finditer(rf"\b{cte}\b(\.(\w+|\*))?", rest):
            if use.group(2) is None or use.group(2) in ("*", "landing_action"):
                problems.append(f"{cte} used as `{rest[use.start():use.end() + 20]}`")
    return problems


def _flagged_models() -> set[str]:
    flagged = set()
    for path in (PROJECT / "models").rglob("_*__models.yml"):
        for model in yaml.safe_load(path.read_text(encoding="utf-8")).get("models") or []:
            meta = (model.get("config") or {}).get("meta") or {}
            if meta.get(selection.MANIFEST_READ_META) == "by_file_id":
                flagged.add(model["name"])
    return flagged


def test_models_declared_to_read_the_manifest_by_file_id_do_so():
    flagged = _flagged_models()
    assert len(flagged) >= 17
    sql = {p.stem: p.read_text(encoding="utf-8") for p in (PROJECT / "models").rglob("*.sql")}
    problems = {name: manifest_read_problems(sql[name]) for name in sorted(flagged)}
    assert not {k: v for k, v in problems.items() if v}, problems


def test_the_check_of_manifest_reads_can_fail():
    good = ("current_files as (\n    select * from {{ ref('int_landed_files_current') }}\n),\n"
            "final as (select x.*, current_files.period_grain from x\n"
            "    inner join current_files\n        on x.file_id = current_files.file_id)")
    assert manifest_read_problems(good) == []
    assert manifest_read_problems(good.replace("x.file_id =", "x.other_id ="))
    assert manifest_read_problems(good.replace("current_files.period_grain",
                                               "current_files.landing_action"))
    assert manifest_read_problems(good + " union select * from current_files")
    assert manifest_read_problems("select * from {{ ref('stg_landing__file_manifest') }}")


def test_a_failed_parse_fails_the_build_with_its_reason(tmp_path, monkeypatch):
    from nti import publish

    monkeypatch.setenv("NTI_TESTS_CHANGED_ONLY", "0")  # run_dbt_build sets it; restored after
    monkeypatch.setattr(publish, "invoke_dbt", lambda db, args, **kw: SimpleNamespace(
        success=False, result=None, exception="Compilation Error in model x"))
    outcome = publish.run_dbt_build(tmp_path / "w.duckdb", lambda _: None,
                                    skip_unit_tests=True, changed_tables={"msds_exp_data"})
    assert not outcome.success
    assert outcome.failures == ["dbt parse failed: Compilation Error in model x"]


# landing.fm and landing.fd (bookkeeping) -> changed (summarises layout a's changes) ->
# periods (also reads stg_a); stg_by_layout reads the manifest for layout b only, and landing.b
LAYOUT_GRAPH = {
    **NODES,
    "model.p.stg_fd": Node("model", "view", ("source.p.l.fd",)),
    "model.p.changed": Node("model", "table", ("model.p.stg_fm", "model.p.stg_fd"),
                            layouts_summarised=("a_layout",)),
    "test.p.not_null_changed": Node("test", "test", ("model.p.changed",)),
    "model.p.periods": Node("model", "incremental", ("model.p.changed", "model.p.stg_a")),
    "model.p.stg_by_layout": Node("model", "incremental", ("model.p.stg_fm", "source.p.l.b"),
                                  layouts_read=("b_layout",)),
}
LAYOUT_SOURCES = {**SOURCES, "files_dropped": "source.p.l.fd"}


def test_declared_layouts_narrow_the_edges_from_the_bookkeeping(monkeypatch):
    monkeypatch.setattr(selection, "LAYOUTS_BY_NAME", {
        "a_layout": SimpleNamespace(table="a"), "b_layout": SimpleNamespace(table="b")})
    bookkeeping = {"file_manifest", "files_dropped"}
    nothing = selection.select(LAYOUT_GRAPH, LAYOUT_SOURCES, bookkeeping)
    assert nothing is not None
    # the summary is rebuilt and tested; its child and the layout-b reader are not reached
    assert nothing.unique_ids == {"model.p.changed", "test.p.not_null_changed"}
    with_a = selection.select(LAYOUT_GRAPH, LAYOUT_SOURCES, bookkeeping | {"a"})
    assert with_a is not None and {"model.p.periods", "model.p.int_a"} <= with_a.unique_ids
    assert "model.p.stg_by_layout" not in with_a.unique_ids
    with_b = selection.select(LAYOUT_GRAPH, LAYOUT_SOURCES, bookkeeping | {"b"})
    assert with_b is not None and "model.p.stg_by_layout" in with_b.unique_ids
    assert "model.p.periods" not in with_b.unique_ids
    unknown = {**LAYOUT_GRAPH, "model.p.x": Node("model", "table", (), layouts_read=("zz",))}
    with pytest.raises(ValueError, match=r"model\.p\.x: meta landing_layouts_read names no layout"):
        selection.select(unknown, LAYOUT_SOURCES, bookkeeping)


def _layout_metas() -> dict[str, dict[str, list[str]]]:
    found: dict[str, dict[str, list[str]]] = {}
    for path in (PROJECT / "models").rglob("_*__models.yml"):
        for model in yaml.safe_load(path.read_text(encoding="utf-8")).get("models") or []:
            meta = (model.get("config") or {}).get("meta") or {}
            for key in (selection.LAYOUTS_READ_META, selection.LAYOUTS_SUMMARISED_META):
                if key in meta:
                    found.setdefault(model["name"], {})[key] = meta[key]
    return found


def _with_macros_called(sql: str) -> str:
    """The SQL with the bodies of the project's macros it calls, and of those they call (the
    tidy table names its layouts through current_maternity_files())."""
    bodies = {m.group(1): m.group(0) for path in (PROJECT / "macros").rglob("*.sql")
              for m in MACRO.finditer(path.read_text(encoding="utf-8"))}
    seen: set[str] = set()
    text, queue = sql, [sql]
    while queue:
        for name in set(re.findall(r"\b(\w+)\(", queue.pop())) & set(bodies) - seen:
            seen.add(name)
            queue.append(bodies[name])
            text += "\n" + bodies[name]
    return text


def test_a_layout_named_through_a_macro_counts():
    assert "'msds_annual'" not in (PROJECT / "models" / "intermediate" / "maternity"
                                   / "int_maternity_observations_unioned.sql").read_text()
    assert "'msds_annual'" in _with_macros_called("{{ current_maternity_files() }}")


def test_declared_layouts_are_those_the_sql_names():
    """int_maternity_periods_changed names exactly the layouts it declares it summarises; a
    model declaring the layouts it reads names no other layout (its macros take the layout)."""
    metas = _layout_metas()
    assert set(metas) >= {"int_maternity_periods_changed", "base_msds__exp_data_checked",
                          "int_maternity_observations_unioned"}
    sql = {p.stem: p.read_text(encoding="utf-8") for p in (PROJECT / "models").rglob("*.sql")}
    names = {layout.name for layout in LAYOUTS}
    for model, meta in metas.items():
        named = set(re.findall(r"'(\w+)'", _with_macros_called(sql[model]))) & names
        assert named, (model, "names no layout, so the check below would pass for any")
        for key, declared in meta.items():
            assert set(declared) <= names, (model, key)
            if key == selection.LAYOUTS_SUMMARISED_META:
                assert named == set(declared), (model, named ^ set(declared))
            else:
                assert named <= set(declared), (model, named - set(declared))
