"""Incremental builds give the same warehouse as a full build (issue 8).

Full build A: the session's synthetic warehouse (12 trusts, 15 months, built from scratch).
Build B1: the same publications without the 15th month, with one month's exp-data file in an
older version (values changed) and one extra file, a revised copy of a month's exp-measures
(which supersedes the original). Build B2, incremental on B1 (`nti build` starts from a copy of
the last release): B's folder is made equal to A's, so in one build
- the 15th month's files are new (landed),
- the older exp-data file changes sha256 (its rows are replaced),
- the revised exp-measures file is removed (its rows go, the original is current again);
every other file is reused, not read again. Every mart and release table of B2 must equal A's
(release.fingerprints: row counts and a hash over the row hashes, as the determinism test
compares two builds), and so must the month-growing incremental tables themselves.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from conftest import DBT_TARGET, nti_build, real_raw_dir, report_line
from nti import publish, release, selection
from nti.discover import file_id_for
from nti.landing import newest_monthly_files

MONTH_15 = "mar2025"  # the 15th month of the session's synthetic data (from 2024-01)
CHANGED = "msds_monthly/msds-feb2025-exp-data.csv"
CHANGED_FROM = "msds_monthly/msds-jan2025-exp-data.csv"  # the older version's (other) values
SUPERSEDED = "msds_monthly/msds-feb2025-exp-measures.csv"
REVISED_FROM = "msds_monthly/msds-jan2025-exp-measures.csv"  # the revision's (other) values
REMOVED = "msds_monthly/msds-feb2025-exp-measures-revised.csv"
# The incremental build changes February 2025 (a changed file, a removed revision) and March
# 2025 (new): the period-incremental models recompute from February 2025, reading 12 months back
# (so January 2024, the first month, is not read again) and keeping the earlier periods.
CHANGED_FROM_PERIOD = "2025-02-01"
INCREMENTAL_TABLES = (
    "staging.base_msds__exp_data_checked",
    "staging.base_msds__exp_measures_checked",
    "staging.base_msds__exp_dq_checked",
    "intermediate.int_msds_exp_measures_pivoted",
    "intermediate.int_maternity_observations_unioned",
    "intermediate.int_maternity_measure_counts",
    "intermediate.int_maternity_measure_windowed",
    "intermediate.int_maternity_measure_standardised",
    "intermediate.int_maternity_measure_scored",
    "intermediate.int_maternity_measure_trends",
    "intermediate.int_maternity_index_composite",
    "intermediate.int_maternity_excess_events",
    "intermediate.int_maternity_index_volume_adjusted",
    "intermediate.int_equality_observations",
    "intermediate.int_equality_rollups",
    "intermediate.int_equality_windows",
    "intermediate.int_equality_group_rates",
    "intermediate.int_equality_population_shares",
    "intermediate.int_equality_sii_rii",
    "intermediate.int_equality_period_context",
)


# Row checks of month-growing tables: on the incremental build they read only the rows of the
# files landed in it (staging, by file) or of the periods it recomputed (tidy table, by period).
TESTS_OF_CHANGED_ROWS = {
    "unique_combination_of_columns_stg_msds__exp_data_file__file_id__line_number":
        "file_id in ( select file_id from landing.file_manifest where landing_action = 'landed' )",
    "unique_combination_of_columns_int_maternity_observations_unioned":
        "period_end >= (select changed_from from intermediate.int_maternity_periods_changed)",
}


def _revision(other_month: Path, month: Path, target: Path) -> None:
    """A revised file for a month: another month's (consistent) figures, dated as this one."""
    with month.open(newline="", encoding="utf-8-sig") as handle:
        header, first = list(csv.reader(handle))[:2]
    dated = [i for i, name in enumerate(header) if name.endswith(("StartDate", "EndDate"))]
    assert len(dated) == 2
    with other_month.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        for i in dated:
            row[i] = first[i]
    with target.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _tables(db: Path, names: tuple[str, ...]) -> dict[str, tuple[int, str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {n: release.content_hash(con, *n.split(".")) for n in names}
    finally:
        con.close()


def _query(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def compare_warehouses(full: Path, incremental: Path) -> dict[str, tuple[object, object]]:
    """Relations whose contents differ: every mart and release table, and the incremental
    tables."""
    a = {**release.fingerprints(full), **_tables(full, INCREMENTAL_TABLES)}
    b = {**release.fingerprints(incremental), **_tables(incremental, INCREMENTAL_TABLES)}
    return {k: (a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)}


def _nodes_ran(results: list[dict]) -> set[str]:
    """The nodes dbt ran, less the project's on-run-end hook (macros/drop_orphaned_relations)."""
    return {r["unique_id"] for r in results if not r["unique_id"].startswith("operation.")}


@pytest.fixture(scope="module")
def incremental_builds(synthetic_warehouse, tmp_path_factory: pytest.TempPathFactory):
    full_db, full_raw, _ = synthetic_warehouse
    raw = tmp_path_factory.mktemp("incremental_raw")
    db = tmp_path_factory.mktemp("incremental") / "nti.duckdb"
    shutil.copytree(full_raw, raw, dirs_exist_ok=True)
    for path in (raw / "msds_monthly").glob(f"msds-{MONTH_15}*"):
        path.unlink()
    _revision(full_raw / CHANGED_FROM, full_raw / CHANGED, raw / CHANGED)
    _revision(full_raw / REVISED_FROM, full_raw / SUPERSEDED, raw / REMOVED)
    first = nti_build(raw, db)
    assert first.returncode == 0, first.stdout[-6000:]
    before = _query(db, "select count(*) from landing.msds_exp_measures where file_id = "
                    f"'{file_id_for(REMOVED)}'")[0][0]
    shutil.rmtree(raw)
    shutil.copytree(full_raw, raw)
    second = nti_build(raw, db)
    assert second.returncode == 0, second.stdout[-6000:]
    run_results = json.loads((DBT_TARGET / "run_results.json").read_text())
    manifest = json.loads((DBT_TARGET / "manifest.json").read_text())
    # both written after the build (publish.ArtifactWriter), the manifest stamped by its run
    assert (manifest["metadata"]["invocation_id"]
            == run_results["metadata"]["invocation_id"])
    results = run_results["results"]
    compiled = {name: next(r["compiled_code"] for r in results if f".{name}" in r["unique_id"])
                for name in TESTS_OF_CHANGED_ROWS}
    return {"full": full_db, "db": db, "raw": raw, "output": second.stdout,
            "removed_rows_before": before, "compiled_tests": compiled,
            "ran": _nodes_ran(results),
            "changed_layouts": {name for (name,) in _query(
                db, "select layout from landing.file_manifest where landing_action = 'landed' "
                "union select layout from landing.files_dropped")},
            "manifest": manifest}


def test_incremental_build_equals_full_build(incremental_builds):
    differing = compare_warehouses(incremental_builds["full"], incremental_builds["db"])
    assert not differing, f"incremental build differs from the full build: {differing}"
    marts = release.fingerprints(incremental_builds["db"])
    assert marts["marts.fct_maternity_index"][0] > 0
    report_line("Incremental builds", f"15-month full build = 14-month build + incremental "
                f"build (new month, changed file, removed file): {len(marts)} marts and release "
                f"views and {len(INCREMENTAL_TABLES)} incremental tables identical")


def test_incremental_release_record_hashes_only_the_periods_rebuilt(incremental_builds):
    """The release record reuses the copied release's hashes of the period marts' periods
    ending before February 2025; the content hashes it records equal those computed from
    scratch on the same file and those the full build recorded."""
    db = incremental_builds["db"]
    recorded = release.live_release(db)
    full = release.live_release(incremental_builds["full"])
    assert recorded is not None and full is not None
    fresh = release.fingerprints(db)
    assert {m: (v["rows"], v["content_md5"]) for m, v in recorded["marts"].items()} == {
        m.split(".", 1)[1]: v for m, v in fresh.items() if m.startswith("marts.")}
    assert recorded["marts"] == full["marts"]
    line = next(x for x in incremental_builds["output"].splitlines()
                if "release record:" in x)
    assert f"dbt rebuilt the periods ending from {CHANGED_FROM_PERIOD} on" in line
    reused = int(line.split(" reused")[0].rsplit(" ", 1)[1])
    # the period marts' periods ending in 2024 and January 2025 at least
    assert reused >= 3 * 13, line
    hashed_in = _query(db, "select distinct hashed_in_release from release.mart_period_hashes "
                       "where period_end < date '2025-01-01'")
    assert hashed_in == [(recorded["previous_release_id"],)]
    assert _query(db, "select count(*) from release.fct_maternity_index_drivers "
                  "where release_id is null") == [(0,)]


def test_parquet_of_an_incremental_release_holds_its_marts(incremental_builds):
    """Each mart's Parquet of the incremental release holds the mart (the content hash the
    release recorded), whether written by this build or linked from the previous release's:
    the unchanged marts and the periods of the period marts before the change are linked, the
    periods from the change on written."""
    db = incremental_builds["db"]
    recorded = release.live_release(db)
    assert recorded is not None
    folder = db.parent / "releases" / recorded["release_id"] / "parquet"
    previous = db.parent / "releases" / recorded["previous_release_id"] / "parquet"
    con = duckdb.connect()
    con.execute("create schema marts")
    linked = []
    for mart, info in recorded["marts"].items():
        path = release.mart_export(folder, mart)
        files = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
        con.execute(f"create table marts.{mart} as select * from read_parquet("
                    f"{[str(f) for f in files]}, union_by_name = true)")
        assert release.mart_hash(con, mart) == (info["rows"], info["content_md5"]), mart
        linked += [f for f in files if (previous / f.relative_to(folder)).exists()
                   and f.samefile(previous / f.relative_to(folder))]
    period_files = [f.relative_to(folder).as_posix() for f in linked
                    if f.parent.name in release.PERIOD_MARTS]
    assert period_files and all(f.split("/")[1] < CHANGED_FROM_PERIOD for f in period_files)
    assert any(f.parent == folder for f in linked)
    line = next(x for x in incremental_builds["output"].splitlines() if "Parquet:" in x)
    assert f"{len(linked)} unchanged linked" in line, line


def test_incremental_build_reads_only_new_and_changed_files(incremental_builds):
    db = incremental_builds["db"]
    actions = dict(_query(db, "select relative_path, landing_action from landing.file_manifest"))
    landed = sorted(p for p, a in actions.items() if a == "landed")
    assert landed == sorted([CHANGED, *(p for p in actions if MONTH_15 in p)])
    assert all(a == "reused" for p, a in actions.items() if p not in landed)
    assert REMOVED not in actions
    assert incremental_builds["removed_rows_before"] > 0
    removed_id = file_id_for(REMOVED)
    for table in ("msds_exp_measures", "row_rejects"):
        assert _query(db, f"select count(*) from landing.{table} where file_id = "
                      f"'{removed_id}'") == [(0,)]
    assert _query(db, "select files_landed, files_reused, full_refresh from landing.load_run"
                  ) == [(len(landed), len(actions) - len(landed), False)]
    assert "reusing" in incremental_builds["output"]
    # same dbt code as the release it starts from, whose build ran the unit tests
    assert ("nti: dbt build --exclude-resource-type unit_test --threads "
            f"{publish.INCREMENTAL_DBT_THREADS} --no-write-json "
            f"--select tag:{selection.CHOSEN_TAG} on") in incremental_builds["output"]
    for name, row_filter in TESTS_OF_CHANGED_ROWS.items():
        assert row_filter in " ".join(incremental_builds["compiled_tests"][name].split()), name
    assert _query(db, "select cast(changed_from as varchar), files_changed from "
                  "intermediate.int_maternity_periods_changed") == [(CHANGED_FROM_PERIOD,
                                                             len(landed) + 2)]
    assert _query(db, "select relative_path, drop_reason from staging.stg_landing__files_dropped "
                  "order by 1") == [(CHANGED, "changed"), (REMOVED, "removed")]


def test_full_refresh_lands_everything_again(incremental_builds):
    db = incremental_builds["db"]
    result = nti_build(incremental_builds["raw"], db, "--full-refresh")
    assert result.returncode == 0, result.stdout[-6000:]
    assert _query(db, "select distinct landing_action from landing.file_manifest "
                  "where status = 'loaded'") == [("landed",)]
    assert "nti: dbt build --full-refresh --no-write-json on" in result.stdout
    assert not compare_warehouses(incremental_builds["full"], db)


def test_incremental_build_runs_only_the_nodes_its_changes_reach(incremental_builds):
    """dbt ran exactly the models and data tests downstream of the landing tables of the files
    landed or dropped (and of the bookkeeping tables): no view, no seed, no model that only
    other sources reach; the tests of the views it reached ran. Every mart still equals the
    full build's (test_incremental_build_equals_full_build)."""
    ran = incremental_builds["ran"]
    nodes, sources = selection.from_manifest_json(incremental_builds["manifest"])
    changed = selection.family_tables(incremental_builds["changed_layouts"]) | set(
        selection.BOOKKEEPING_TABLES)
    assert changed - set(selection.BOOKKEEPING_TABLES) == {
        "msds_exp_data", "msds_exp_measures", "msds_exp_dq"}
    chosen = selection.select(nodes, sources, changed)
    assert chosen is not None and ran == chosen.unique_ids
    assert (f"Concurrency: {publish.INCREMENTAL_DBT_THREADS} threads"
            in incremental_builds["output"])
    views = {u for u, n in nodes.items() if n.resource_type == "model"
             and n.materialized == "view"}
    assert not ran & views and not any(u.startswith("seed.") for u in ran)
    assert any(set(nodes[u].parents) & views for u in ran if u.startswith("test."))
    assert "model.nhs_trust_index.metricflow_time_spine" not in ran
    # read the manifest by file id only (landing_manifest_read), of layouts no file changed
    by_file = {f"model.nhs_trust_index.{m}" for m in (
        "int_ods_successors_resolved", "int_shmi_release_overdispersion", "fct_shmi_banding.v1")}
    assert not by_file & ran, by_file & ran
    assert {f"model.nhs_trust_index.{m}" for m in ("fct_maternity_index_drivers.v1",
                                                    "int_maternity_observations_unioned",
                                                    "int_trusts_enriched")} <= ran
    # the value index reads no maternity file (its peer features take the MBRRACE comparator
    # group from int_trust_comparator_groups_resolved): a maternity month rebuilds none of it
    value = {u for u in nodes if u.startswith("model.") and any(
        k in u for k in ("int_value_", "fct_value_", "fct_trapped_value", "dim_trust_peers",
                         "fct_trust_population_need"))}
    assert len(value) >= 10 and not value & ran, value & ran
    line = next(x for x in incremental_builds["output"].splitlines()
                if x.startswith("nti: dbt runs the"))
    assert (f"the {len(ran)} models and data tests" in line and f"{chosen.views_kept} views"
            in line and f"{chosen.nodes_kept} seeds" in line), line
    # every node carries the tag only where chosen
    tagged = {u for u, n in incremental_builds["manifest"]["nodes"].items()
              if selection.CHOSEN_TAG in n.get("tags", [])}
    assert tagged == ran


# A SHMI release of a trust of the synthetic data: a value-index file, of no maternity layout
SHMI_RELEASE = "shmi/shmi-2024-april.csv"
SHMI_HEADER = ("INDICATOR_CODE,PROVIDER,PROVIDER_NAME,DENOMINATOR,OBSERVED,EXPECTED,VALUE,"
               "PO_LL,PO_UL,OD_LL,OD_UL,OD_BANDING\n")


def _build_and_record(raw: Path, db: Path) -> dict[str, object]:
    result = nti_build(raw, db)
    assert result.returncode == 0, result.stdout[-6000:]
    ran = _nodes_ran(json.loads((DBT_TARGET / "run_results.json").read_text())["results"])
    return {"ran": ran, "periods_changed": _query(
        db, "select files_changed, changed_from from intermediate.int_maternity_periods_changed")}


@pytest.fixture(scope="module")
def non_maternity_builds(incremental_builds):
    """Two more incremental builds on the same warehouse: a SHMI release added, then removed."""
    raw, db = incremental_builds["raw"], incremental_builds["db"]
    code = next(csv.reader((raw / "ods" / "etr.csv").open(encoding="utf-8")))[0]
    shmi = raw / SHMI_RELEASE
    shmi.parent.mkdir()
    # limits as NHS Digital's method gives them for one trust (the banding test checks them)
    shmi.write_text(SHMI_HEADER + f"I00699,{code},A TRUST,43924,1479,1478.99,1.0000,0.9503,"
                    "1.0523,0.9503,1.0523,2\n", encoding="utf-8")
    added = _build_and_record(raw, db)
    added["shmi_rows"] = _query(db, "select count(*) from landing.shmi_release")
    shutil.rmtree(shmi.parent)
    # a relation no model makes any more, as a model made ephemeral leaves in the release
    con = duckdb.connect(str(db))
    con.execute("create table intermediate.int_board_sbl_coc_indicators as select 1 as x")
    con.close()
    removed = _build_and_record(raw, db)
    removed["orphan"] = _query(db, "select count(*) from information_schema.tables where "
                               "table_name = 'int_board_sbl_coc_indicators'")
    return {"added": added, "removed": removed, "full": incremental_builds["full"], "db": db,
            "manifest": json.loads((DBT_TARGET / "manifest.json").read_text())}


def test_a_value_index_file_runs_no_maternity_model(non_maternity_builds):
    """A file of no maternity layout, landed or dropped, leaves the maternity chain as it is:
    the MSDS staging models and the tidy table read the manifest for their own layouts only
    (landing_layouts_read), and int_maternity_periods_changed, rebuilt, says that nothing
    changed (landing_layouts_summarised), so its children do not run for it. The warehouse
    still equals the full build once the file is gone."""
    nodes, _ = selection.from_manifest_json(non_maternity_builds["manifest"])
    assert nodes["model.nhs_trust_index.base_msds__exp_data_checked"].layouts_read == (
        "msds_exp_data",)
    maternity = {f"model.nhs_trust_index.{t.split('.')[1]}" for t in INCREMENTAL_TABLES}
    assert non_maternity_builds["added"]["shmi_rows"] == [(1,)]
    for step in ("added", "removed"):
        ran = non_maternity_builds[step]["ran"]
        assert "model.nhs_trust_index.int_maternity_periods_changed" in ran, step
        assert not maternity & ran, (step, sorted(maternity & ran))
        assert "model.nhs_trust_index.fct_maternity_index_drivers.v1" not in ran, step
        assert non_maternity_builds[step]["periods_changed"] == [(0, None)], step
    assert any("shmi" in u for u in non_maternity_builds["added"]["ran"])
    assert non_maternity_builds["removed"]["orphan"] == [(0,)], "the orphaned table was kept"
    differing = compare_warehouses(non_maternity_builds["full"], non_maternity_builds["db"])
    assert not differing, f"differs from the full build after a SHMI file came and went: " \
        f"{differing}"


# --- On the real corpus ------------------------------------------------------------------------

NEWEST_MONTHS_HELD_BACK = 2


@pytest.fixture(scope="module")
def real_incremental_builds(real_warehouse, tmp_path_factory: pytest.TempPathFactory):
    """The real corpus without its newest MSDS months, built; then the whole corpus, built
    incrementally on that release (a copy in a scratch folder, never kept)."""
    full_db, _ = real_warehouse
    real = real_raw_dir()
    assert real is not None  # real_warehouse skips without it
    held_back = newest_monthly_files(full_db, NEWEST_MONTHS_HELD_BACK)
    if not held_back:
        pytest.skip(f"no MSDS monthly file below {real}")
    raw = tmp_path_factory.mktemp("real_incremental") / "raw"
    shutil.copytree(real, raw)
    for relative in held_back:
        (raw / relative).unlink()
    db = raw.parent / "nti.duckdb"
    first = nti_build(raw, db)
    assert first.returncode == 0, first.stdout[-6000:]
    shutil.rmtree(raw)
    shutil.copytree(real, raw)
    second = nti_build(raw, db)
    assert second.returncode == 0, second.stdout[-6000:]
    return {"full": full_db, "db": db, "held_back": held_back, "output": second.stdout,
            "ran": _nodes_ran(json.loads((DBT_TARGET / "run_results.json").read_text())
                              ["results"])}


def test_real_corpus_incremental_build_equals_its_full_build(real_incremental_builds):
    """On the real files: the newest MSDS months (exp-data and exp-measures, .xlsx and CSV
    copies) land in an incremental build, every other file is reused, dbt runs only the nodes
    they reach, and every mart, release view and incremental table equals the full build's."""
    builds = real_incremental_builds
    db = builds["db"]
    actions = dict(_query(db, "select relative_path, landing_action from landing.file_manifest "
                          "where status = 'loaded'"))
    assert sorted(p for p, a in actions.items() if a == "landed") == builds["held_back"]
    assert {a for p, a in actions.items() if p not in builds["held_back"]} == {"reused"}
    assert "starting from a copy of the published warehouse" in builds["output"]
    assert f"--select tag:{selection.CHOSEN_TAG}" in builds["output"]
    assert "model.nhs_trust_index.int_maternity_observations_unioned" in builds["ran"]
    assert not any(".stg_shmi__" in u or ".stg_ae__" in u for u in builds["ran"])
    differing = compare_warehouses(builds["full"], db)
    assert not differing, f"incremental build on the real corpus differs: {differing}"
    layouts = _query(db, "select distinct layout from landing.file_manifest "
                     "where landing_action = 'landed' order by 1")
    report_line("Incremental builds", f"real corpus: full build = build without its "
                f"{NEWEST_MONTHS_HELD_BACK} newest MSDS months + incremental build landing "
                f"{len(builds['held_back'])} files ({', '.join(x for (x,) in layouts)}): "
                "every mart, release view and incremental table identical")
