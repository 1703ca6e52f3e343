"""The dbt nodes a build from a copy of a release must run (issue 8).

A build by the same dbt code on a copy of the published release (`nti build`, no
--full-refresh) finds in the copy every table and view that release's build made and tested.
A node whose inputs did not change would make the same rows again, so this build runs only:

- the models and data tests downstream (in dbt's graph) of a landing table that changed: the
  tables of the layouts of the files landed or dropped in this build (`landing.file_manifest`
  action `landed`, `landing.files_dropped`), and the landing bookkeeping tables, which every
  landing writes anew (manifest, dropped files, row rejects, load run);
- of those, no view: a view holds its SQL, not rows, and the same code compiles it the same,
  so the copy's view already reads the changed rows beneath it (its data tests do run);
- and no ephemeral model, which dbt compiles into its children (the graph is followed through
  it to them).

The landing manifest changes on every landing, but a file's row in it (its period, variant,
publication key, whether it is current) changes only when a file of its publication family
(`layouts.PUBLICATION_FAMILIES`: the A&E CSV and workbook layouts are one family) is landed or
dropped. A model that reads the manifest only by joining it on the file id of its own rows
declares it (`config: {meta: {landing_manifest_read: by_file_id}}`, checked by
`tests/python/test_selection.py`): the edge into it from a node made from the manifest alone
(`stg_landing__file_manifest`, `int_landed_files_current`) is not followed, and the tables of
every layout of a changed family count as changed.

Two more declarations narrow the edges from the manifest and the dropped files (and the
models made from them alone) to the layouts that matter, checked by
`tests/python/test_selection.py` and `tests/python/test_incremental.py`:
- `config: {meta: {landing_layouts_read: [...]}}`: the model reads those tables only for the
  rows of these layouts (the MSDS staging models and the tidy maternity table, incremental by
  file: with no file of their layouts landed or dropped they would delete and insert nothing).
  The edges into it from such nodes are followed only when a table of those layouts changed.
- `config: {meta: {landing_layouts_summarised: [...]}}`: the model says what changed in these
  layouts (`int_maternity_periods_changed`: from which period the maternity models recompute;
  nothing when no file of its layouts changed). It is rebuilt with the bookkeeping, but the
  edges out of it are followed only when a table of those layouts changed: otherwise it tells
  its children to recompute nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from nti.layouts import LAYOUTS, LAYOUTS_BY_NAME, PUBLICATION_FAMILIES

LANDING_SCHEMA = "landing"
# written anew by every landing (landing._create_tables), so always changed
BOOKKEEPING_TABLES = ("file_manifest", "files_dropped", "row_rejects", "load_run")
CHOSEN_TAG = "nti_changed_by_this_build"
MANIFEST_TABLE = "file_manifest"
MANIFEST_READ_META = "landing_manifest_read"  # value "by_file_id": see the module docstring
LAYOUTS_READ_META = "landing_layouts_read"  # a list of layout names: see the module docstring
LAYOUTS_SUMMARISED_META = "landing_layouts_summarised"  # idem
DROPPED_TABLE = "files_dropped"
EPHEMERAL = "ephemeral"  # compiled into its children: dbt runs no node of its own for it


@dataclass(frozen=True)
class Node:
    """What the selection needs of one dbt node."""

    resource_type: str  # model, test, seed, snapshot, analysis, ...
    materialized: str | None
    parents: tuple[str, ...]
    reads_manifest_by_file: bool = False
    layouts_read: tuple[str, ...] | None = None  # the bookkeeping rows it reads, by layout
    layouts_summarised: tuple[str, ...] | None = None  # the layouts whose changes it reports


@dataclass(frozen=True)
class Selection:
    """The nodes to run (unique ids) and what is left as the release has it."""

    unique_ids: frozenset[str]
    views_kept: int
    nodes_kept: int


def changed_landing_tables(db: Path) -> set[str]:
    """The landing tables this build's landing changed: those of the layouts (and their
    publication families) of the files it landed or dropped, and the bookkeeping tables; every
    landing table when such a file has no known layout."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        layouts = con.execute(
            "select layout from landing.file_manifest where landing_action = 'landed' "
            "union select layout from landing.files_dropped").fetchall()
    finally:
        con.close()
    names = {name for (name,) in layouts}
    if not names <= set(LAYOUTS_BY_NAME):  # a file of no known layout: its table is unknown
        return {layout.table for layout in LAYOUTS} | set(BOOKKEEPING_TABLES)
    return family_tables(names) | set(BOOKKEEPING_TABLES)


def family_tables(layout_names: set[str]) -> set[str]:
    """The landing tables of every layout in the publication family of one of these layouts."""
    family = {layout.name: PUBLICATION_FAMILIES.get(layout.name, layout.name)
              for layout in LAYOUTS}
    changed = {family[name] for name in layout_names if name in family}
    return {LAYOUTS_BY_NAME[name].table for name, fam in family.items() if fam in changed}


def landing_sources(sources: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """{landing table: source unique id} from (unique id, schema, identifier) of dbt sources."""
    return {identifier: uid for uid, schema, identifier in sources if schema == LANDING_SCHEMA}


def made_from_manifest_alone(nodes: Mapping[str, Node], manifest_source: str) -> set[str]:
    """The manifest source and the models whose only landing source is the manifest."""
    return made_from_alone(nodes, {manifest_source})


def made_from_alone(nodes: Mapping[str, Node], allowed: set[str]) -> set[str]:
    """These sources and the models that read landing sources and no source but these."""
    memo: dict[str, frozenset[str]] = {}

    def sources_of(uid: str) -> frozenset[str]:
        if uid not in memo:
            node = nodes.get(uid)
            if node is not None:
                memo[uid] = frozenset().union(*(sources_of(p) for p in node.parents))
            else:  # a source is not a node; anything else unknown has no source
                memo[uid] = frozenset({uid}) if uid.startswith("source.") else frozenset()
        return memo[uid]

    return set(allowed) | {uid for uid, node in nodes.items() if node.resource_type == "model"
                           and sources_of(uid) and sources_of(uid) <= allowed}


def downstream(parents_of: Mapping[str, Node], roots: Iterable[str],
               cut: set[tuple[str, str]] | frozenset[tuple[str, str]] = frozenset()
               ) -> set[str]:
    """Every node reached from roots through its parents' edges (roots excluded), not
    following the (parent, child) edges in cut."""
    children: dict[str, list[str]] = {}
    for uid, node in parents_of.items():
        for parent in node.parents:
            if (parent, uid) not in cut:
                children.setdefault(parent, []).append(uid)
    reached: set[str] = set()
    stack = list(roots)
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in reached:
                reached.add(child)
                stack.append(child)
    return reached


def select(nodes: Mapping[str, Node], sources: Mapping[str, str], changed: set[str]
           ) -> Selection | None:
    """The nodes downstream of the changed landing tables, views left out; None when a changed
    table is not a dbt source (run everything)."""
    if not changed <= set(sources):
        return None
    alone = (made_from_manifest_alone(nodes, sources[MANIFEST_TABLE])
             if MANIFEST_TABLE in sources else set())
    cut = {(parent, uid) for uid, node in nodes.items() if node.reads_manifest_by_file
           for parent in node.parents if parent in alone}
    cut |= layouts_unread_cut(nodes, sources, changed)
    reached = downstream(nodes, (sources[t] for t in sorted(changed)), cut)
    built = {uid for uid, node in nodes.items() if node.materialized != EPHEMERAL}
    runnable = {uid for uid in built if nodes[uid].resource_type in ("model", "test")}
    views = {uid for uid in runnable if nodes[uid].materialized == "view"}
    chosen = (reached & runnable) - views
    kept = {uid for uid in built if nodes[uid].resource_type
            in ("model", "test", "seed", "snapshot")} - chosen - views
    return Selection(unique_ids=frozenset(chosen), views_kept=len(views), nodes_kept=len(kept))


def _tables_of(uid: str, meta: str, layouts: tuple[str, ...]) -> set[str]:
    unknown = sorted(set(layouts) - set(LAYOUTS_BY_NAME))
    if unknown:
        raise ValueError(f"{uid}: meta {meta} names no layout {unknown}")
    return {LAYOUTS_BY_NAME[name].table for name in layouts}


def layouts_unread_cut(nodes: Mapping[str, Node], sources: Mapping[str, str],
                       changed: set[str]) -> set[tuple[str, str]]:
    """The edges not to follow when no table of the layouts a model declares changed: from
    the manifest and the dropped files (and models made from them alone) into a model that
    reads them for those layouts only, and out of a model that summarises those layouts (but
    to its own data tests)."""
    bookkeeping = {sources[t] for t in (MANIFEST_TABLE, DROPPED_TABLE) if t in sources}
    alone = made_from_alone(nodes, bookkeeping) if bookkeeping else set()
    cut: set[tuple[str, str]] = set()
    for uid, node in nodes.items():
        if node.layouts_read is not None and not _tables_of(
                uid, LAYOUTS_READ_META, node.layouts_read) & changed:
            cut |= {(parent, uid) for parent in node.parents if parent in alone}
        if node.layouts_summarised is not None and not _tables_of(
                uid, LAYOUTS_SUMMARISED_META, node.layouts_summarised) & changed:
            # not to its own data tests: it is rebuilt
            cut |= {(uid, child) for child, other in nodes.items() if uid in other.parents
                    and not (other.resource_type == "test" and set(other.parents) == {uid})}
    return cut


def tag_chosen(manifest: Any, chosen: Selection) -> list[str]:
    """Tag the chosen nodes of a parsed dbt Manifest (in memory) and return the dbt selector of
    that tag. One tag, not a selector per node: dbt matches every selector against every node
    (381 `fqn:` selectors took about 2.5 s at 60 months; a tag, one pass). The build's
    target/manifest.json shows the tag on those nodes."""
    for uid in chosen.unique_ids:
        if CHOSEN_TAG not in manifest.nodes[uid].tags:
            manifest.nodes[uid].tags.append(CHOSEN_TAG)
    return ["--select", f"tag:{CHOSEN_TAG}"]


def _node(resource_type: object, materialized: str | None, parents: Iterable[str],
          meta: Mapping[str, Any] | None) -> Node:
    meta = meta or {}
    read, summarised = meta.get(LAYOUTS_READ_META), meta.get(LAYOUTS_SUMMARISED_META)
    return Node(str(getattr(resource_type, "value", resource_type)), materialized,
                tuple(parents), meta.get(MANIFEST_READ_META) == "by_file_id",
                None if read is None else tuple(read),
                None if summarised is None else tuple(summarised))


def from_manifest(manifest: Any) -> tuple[dict[str, Node], dict[str, str]]:
    """Nodes and landing sources of a parsed dbt Manifest (`dbt parse`'s result)."""
    nodes = {uid: _node(n.resource_type, getattr(n.config, "materialized", None),
                        getattr(n.depends_on, "nodes", ()), getattr(n.config, "meta", None))
             for uid, n in manifest.nodes.items()}
    return nodes, landing_sources(
        (uid, s.schema, s.identifier) for uid, s in manifest.sources.items())


def from_manifest_json(manifest: Mapping[str, Any]) -> tuple[dict[str, Node], dict[str, str]]:
    """Nodes and landing sources of dbt's target/manifest.json."""
    nodes = {uid: _node(n["resource_type"], n.get("config", {}).get("materialized"),
                        n.get("depends_on", {}).get("nodes", []), n.get("config", {}).get("meta"))
             for uid, n in manifest["nodes"].items()}
    return nodes, landing_sources(
        (uid, s["schema"], s["identifier"]) for uid, s in manifest["sources"].items())
