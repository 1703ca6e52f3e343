"""Build, test, publish (issue 7): releases, manifests, Parquet exports, failure policy."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
from collections import UserDict
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from conftest import nti_build, report_line
from nti import release
from nti.publish import Paths, prune, unshare
from nti.readers import sha256_of


def _live_id(db: Path) -> str:
    live = release.live_release(db)
    assert live is not None
    return live["release_id"]


def test_each_build_publishes_a_new_release_with_its_record(two_releases):
    db: Path = two_releases["db"]
    first, second = two_releases["ids"]
    assert first != second
    assert _live_id(db) == second
    paths = Paths(db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        history = con.execute(
            "select release_id, previous_release_id from release.releases order by release_id"
        ).fetchall()
        assert history == [(first, None), (second, first)]
        recorded = dict(con.execute(
            "select mart, row_count from release.release_marts where release_id = ?", [second]
        ).fetchall())
        for mart in release.mart_names(con):
            assert recorded[mart] == con.execute(f"select count(*) from marts.{mart}").fetchone()[0]
        index_rows = con.execute("select count(*) from marts.fct_maternity_index").fetchone()[0]
        assert index_rows > 0, "the small synthetic build must score the index"
        # every index row carries a release id and the index version; the same inputs give
        # the same values, so every row was first published by release 1
        ids = con.execute("select distinct release_id, index_version from "
                          "release.fct_maternity_index").fetchall()
        assert ids == [(first, "2.0")]
        # the deprecated model version is still published beside the latest, with its own
        # index version (issue 7: versioned tables)
        ids_v1 = con.execute("select distinct release_id, index_version from "
                             "release.fct_maternity_index_v1").fetchall()
        assert ids_v1 == [(first, "1.0")]
        assert con.execute("select count(*) from release.fct_maternity_index_drivers "
                           "where release_id is null").fetchone()[0] == 0
    finally:
        con.close()
    manifest = json.loads(paths.manifest.read_text())
    assert manifest["release_id"] == second
    for key in ("periods", "inputs", "code_version", "dbt_version", "duckdb_version",
                "build_seconds", "marts", "index_version"):
        assert manifest[key], key
    sources = {p["source"] for p in manifest["periods"]}
    assert {"msds_exp_data", "msds_exp_measures", "ods_etr"} <= sources
    raw: Path = two_releases["raw"]
    for entry in manifest["inputs"]:
        assert entry["sha256"] == sha256_of(raw / entry["relative_path"])
    for release_id in (first, second):
        folder = paths.release_dir(release_id)
        assert json.loads((folder / "release.json").read_text())["release_id"] == release_id
        assert (folder / "nti.duckdb").is_file()
        assert _live_id(folder / "nti.duckdb") == release_id
    # the published file is the live release's file (a hard link: published without a copy)
    assert db.samefile(paths.release_db(second))
    assert not db.samefile(paths.release_db(first))
    # Parquet exports: one file per mart, same rows as the mart; index marts with release_id
    parquet = paths.release_dir(second) / "parquet"
    con = duckdb.connect()
    for mart, info in manifest["marts"].items():
        path = release.mart_export(parquet, mart)
        path = path / "*.parquet" if mart in release.PERIOD_MARTS else path
        assert con.execute(f"select count(*) from '{path}'").fetchone()[0] == info["rows"]
    # the second release, from the same inputs, links the first's file of every mart it
    # records the same (every period of the period marts), and writes the others
    first_marts = json.loads((paths.release_dir(first) / "release.json").read_text())["marts"]
    changed = {m for m, v in manifest["marts"].items() if first_marts.get(m) != v}
    files = sorted(p.relative_to(paths.release_dir(second))
                   for p in paths.release_dir(second).glob("parquet/**/*.parquet"))
    linked = {f for f in files if (paths.release_dir(second) / f).samefile(
        paths.release_dir(first) / f)}
    assert linked == {f for f in files if f.parts[1].removesuffix(".parquet") not in changed}
    assert changed < set(manifest["marts"]) - set(release.PERIOD_MARTS), changed
    cols = [r[0] for r in con.execute(
        f"describe select * from '{parquet / 'fct_maternity_index.parquet'}'").fetchall()]
    assert "release_id" in cols and "index_version" in cols
    report_line("Publishing", f"2 builds of the same inputs published as {first}, {second}; "
                f"{len(manifest['marts'])} marts exported to Parquet; manifests verified")


def _copy_published(db: Path, target_dir: Path) -> Path:
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / db.name
    shutil.copyfile(db, target)
    return target


def test_a_build_that_fails_landing_keeps_the_last_good_release(two_releases, tmp_path):
    db = _copy_published(two_releases["db"], tmp_path / "pub")
    before = release.fingerprints(db)
    live = _live_id(db)
    raw = tmp_path / "raw"
    shutil.copytree(two_releases["raw"], raw)
    (raw / "ods" / "succ.csv").write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    result = nti_build(raw, db)
    assert result.returncode == 1
    assert "FAILED, nothing published: landing failed: LayoutMismatchError: ods/succ.csv" \
        in result.stdout
    assert "the last good release stays published" in result.stdout
    assert _live_id(db) == live
    assert release.fingerprints(db) == before
    failed = list((Path(db).parent / "releases" / "failed").glob("*/reason.txt"))
    assert len(failed) == 1 and "ods/succ.csv" in failed[0].read_text()
    report_line("Publishing", "a failed landing left the published release byte-identical "
                "and named the file")


def test_only_one_build_at_a_time(two_releases, tmp_path):
    db = _copy_published(two_releases["db"], tmp_path / "pub")
    paths = Paths(db)
    paths.root.mkdir(parents=True)
    with (paths.root / ".lock").open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = nti_build(two_releases["raw"], db)
    assert result.returncode == 1
    assert "another build of" in result.stdout


def test_prune_keeps_the_newest_releases(tmp_path):
    paths = Paths(tmp_path / "nti.duckdb")
    for name in ("20250101T000000Z", "20250201T000000Z", "20250301T000000Z",
                 "20250301T000000Z-2"):
        (paths.root / name).mkdir(parents=True)
    (paths.building).mkdir()
    prune(paths, 2, lambda _: None)
    kept = sorted(d.name for d in paths.root.iterdir())
    assert kept == ["20250301T000000Z", "20250301T000000Z-2", "build"]


def test_status_and_report_are_read_only(two_releases):
    from conftest import run_nti

    db: Path = two_releases["db"]
    # a reader holding the file open (read-only) does not stop the read-only entry points
    holder = duckdb.connect(str(db), read_only=True)
    try:
        status = run_nti("--db", str(db), "status")
        assert status.returncode == 0, status.stdout + status.stderr
        assert f"Live release: {two_releases['ids'][1]}" in status.stdout
        report = run_nti("--db", str(db), "report", "maternity", "--top", "3")
        assert report.returncode == 0, report.stdout + report.stderr
    finally:
        holder.close()


@pytest.mark.parametrize("keep", [None, 3])
def test_keep_releases_setting(keep, monkeypatch):
    from nti.publish import DEFAULT_KEEP, keep_releases

    monkeypatch.setenv("NTI_KEEP_RELEASES", "4")
    assert keep_releases(keep) == (keep if keep else 4)
    monkeypatch.delenv("NTI_KEEP_RELEASES")
    assert keep_releases(None) == DEFAULT_KEEP


def test_writing_in_place_leaves_the_release_file_as_published(tmp_path):
    """`nti land` / `nti dbt` write the published file in place: it gets a copy of its own
    first, so the hard-linked release file keeps the tested contents."""
    release_db = tmp_path / "releases" / "r1" / "nti.duckdb"
    release_db.parent.mkdir(parents=True)
    release_db.write_bytes(b"tested release")
    published = tmp_path / "nti.duckdb"
    published.hardlink_to(release_db)
    said: list[str] = []
    unshare(published, said.append)
    assert not published.samefile(release_db)
    assert published.read_bytes() == b"tested release"
    published.write_bytes(b"written in place")
    assert release_db.read_bytes() == b"tested release"
    assert said and "copying it before writing in place" in said[0]
    unshare(published, said.append)  # a file of its own: nothing to do
    assert len(said) == 1


def test_dbt_runs_on_the_bare_file_name_from_its_folder(tmp_path, monkeypatch):
    """dbt's profile path renders the same for every warehouse called nti.duckdb, so a build in
    another folder keeps dbt's partial parse; the caller's folder and variable come back."""
    from nti.publish import dbt_on

    monkeypatch.setenv("NTI_DUCKDB_PATH", "/somewhere/else.duckdb")
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "a" / "releases" / "build" / "nti.duckdb"
    db.parent.mkdir(parents=True)
    with pytest.raises(RuntimeError), dbt_on(db):
        assert Path.cwd() == db.parent
        assert os.environ["NTI_DUCKDB_PATH"] == "nti.duckdb"
        raise RuntimeError("dbt failed")
    assert Path.cwd() == tmp_path
    assert os.environ["NTI_DUCKDB_PATH"] == "/somewhere/else.duckdb"


def test_a_release_file_is_on_disk_before_it_is_published(tmp_path, monkeypatch):
    """The build copies the last release without waiting for the disk (the copy is scratch
    until published), so publishing syncs the release file before the rename makes it live."""
    from nti import publish

    paths = Paths(tmp_path / "nti.duckdb")
    source = paths.release_db("r1")
    source.parent.mkdir(parents=True)
    source.write_bytes(b"tested release")
    events: list[str] = []
    monkeypatch.setattr(release, "sync_file", lambda path: events.append(f"sync {path.name}"))
    real_replace = os.replace

    def replace(src: Path, dst: Path) -> None:
        events.append(f"rename onto {Path(dst).name}")
        real_replace(src, dst)

    monkeypatch.setattr(publish.os, "replace", replace)
    publish.publish_file(source, paths, "r1", lambda _: None)
    assert events == ["sync nti.duckdb", "rename onto nti.duckdb"]
    assert paths.published.read_bytes() == b"tested release"


@pytest.mark.parametrize("user_level", [None, "debug"])
def test_a_build_of_the_chosen_nodes_runs_more_dbt_threads(monkeypatch, user_level):
    """A build that runs only the nodes a change reaches gives dbt INCREMENTAL_DBT_THREADS
    threads; every other build keeps the profile's. Both write dbt's log file at info unless
    the user set DBT_LOG_LEVEL_FILE."""
    from nti import publish, selection

    calls: list[tuple[list[str], str | None]] = []

    def fake_invoke(db, args, callbacks=None, manifest=None):
        calls.append((args, publish.os.environ.get("DBT_LOG_LEVEL_FILE")))
        return SimpleNamespace(success=True, exception=None, result=SimpleNamespace(results=[]))

    chosen = selection.Selection(unique_ids=frozenset(), views_kept=0, nodes_kept=0)
    monkeypatch.setattr(publish, "invoke_dbt", fake_invoke)
    monkeypatch.setattr(publish, "parse_project", lambda db: object())
    monkeypatch.setattr(publish, "_selection", lambda manifest, changed, say: chosen)
    monkeypatch.setattr(selection, "tag_chosen", lambda manifest, c: ["--select", "tag:x"])
    # set first, so that monkeypatch restores both variables whatever the build sets
    monkeypatch.setenv("NTI_TESTS_CHANGED_ONLY", "0")
    monkeypatch.setenv("DBT_LOG_LEVEL_FILE", user_level or "unset below")

    def build(**kwargs: object) -> None:
        if user_level is None:  # each build on its own sets the default
            monkeypatch.delenv("DBT_LOG_LEVEL_FILE")
        publish.run_dbt_build(Path("x.duckdb"), lambda _: None, **kwargs)

    build(full_refresh=True)
    build(changed_tables={"a"})
    (full_args, full_level), (chosen_args, chosen_level) = calls
    threads = chosen_args.index("--threads")
    assert chosen_args[threads + 1] == str(publish.INCREMENTAL_DBT_THREADS) != "2"
    assert "--threads" not in full_args
    assert chosen_level == full_level == (user_level or publish.BUILD_LOG_LEVEL_FILE)


def test_the_parse_ahead_runs_beside_the_landing_and_the_build_waits_for_it(tmp_path,
                                                                           monkeypatch):
    """dbt parses in a thread of its own, without moving the process's working directory (the
    landing, running meanwhile, may read relative paths); the build waits for it, uses its
    manifest, and on a failed landing still waits for it to end."""
    import threading

    from nti import publish

    monkeypatch.chdir(tmp_path)
    release_gate, parse_started = threading.Event(), threading.Event()
    seen: list[tuple[str, str, Path, bool]] = []

    def fake_invoke(db, args, callbacks=None, manifest=None, chdir=True):
        seen.append((args[0], threading.current_thread().name, Path.cwd(), chdir))
        if args[0] == "parse":
            parse_started.set()
            assert release_gate.wait(10)  # the landing runs while the parse is still going
            return SimpleNamespace(success=True, exception=None, result="parsed manifest")
        seen.append(("manifest given", str(manifest), Path.cwd(), chdir))
        return SimpleNamespace(success=True, exception=None, result=SimpleNamespace(results=[]))

    def land(db: Path, progress) -> None:
        assert parse_started.wait(10)  # the parse runs beside the landing
        release_gate.set()

    written: list[tuple[str, str]] = []

    def fake_write(manifest, result) -> None:
        threading.Event().wait(0.2)  # still writing when the build is otherwise done
        written.append((manifest, threading.current_thread().name))

    monkeypatch.setattr(publish, "invoke_dbt", fake_invoke)
    monkeypatch.setattr(publish, "write_dbt_artifacts", fake_write)
    monkeypatch.setenv("NTI_TESTS_CHANGED_ONLY", "0")
    monkeypatch.setenv("DBT_LOG_LEVEL_FILE", "info")
    paths = Paths(tmp_path / "w" / "nti.duckdb")
    paths.building.mkdir(parents=True)
    with publish.artifacts_awaited(lambda _: None) as writers:
        reason, _, _ = publish._build(paths, paths.build_db, tmp_path, "test", land,
                                      lambda _: None, False, {}, writers)
        assert reason is None and len(writers) == 1
    (parse, parse_thread, parse_cwd, parse_chdir), build, given = seen
    assert (parse, parse_cwd, parse_chdir) == ("parse", tmp_path, False)
    assert parse_thread != threading.main_thread().name
    assert build[0] == "build" and build[1] == threading.main_thread().name
    assert given[1] == "parsed manifest"
    # dbt's artifacts of that manifest, written in a thread of their own and waited on
    assert written == [("parsed manifest", "nti-dbt-artifacts")]

    seen.clear()
    release_gate.clear()
    ended = threading.Event()

    def failing_land(db: Path, progress) -> None:
        release_gate.set()
        raise ValueError("bad file")

    def slow_parse(db, args, callbacks=None, manifest=None, chdir=True):
        assert release_gate.wait(10)
        threading.Event().wait(0.2)
        ended.set()
        return SimpleNamespace(success=True, exception=None, result="parsed manifest")

    monkeypatch.setattr(publish, "invoke_dbt", slow_parse)
    reason, _, _ = publish._build(paths, paths.build_db, tmp_path, "test", failing_land,
                                  lambda _: None, False, {}, [])
    assert reason is not None and "bad file" in reason
    assert ended.is_set()  # _build returned only after the parse had ended


def test_a_failed_parse_ahead_fails_the_build_with_its_reason(tmp_path, monkeypatch):
    from nti import publish

    def failing_invoke(db, args, **kwargs):
        raise RuntimeError("profile not found")

    monkeypatch.setattr(publish, "invoke_dbt", failing_invoke)
    monkeypatch.setenv("NTI_TESTS_CHANGED_ONLY", "0")
    monkeypatch.setenv("DBT_LOG_LEVEL_FILE", "info")
    outcome = publish.run_dbt_build(tmp_path / "w.duckdb", lambda _: None,
                                    parsed=publish.ParseAhead(tmp_path / "w.duckdb"))
    assert not outcome.success and outcome.parse_failed
    assert outcome.failures == ["dbt parse failed: RuntimeError: profile not found"]
    # the build's reason names the parse, not a failed node
    paths = Paths(tmp_path / "w" / "nti.duckdb")
    paths.building.mkdir(parents=True)
    reason, _, _ = publish._build(paths, paths.build_db, tmp_path, "test",
                                  lambda db, progress: None, lambda _: None, False, {}, [])
    assert reason == "dbt parse failed: RuntimeError: profile not found"


def test_a_failed_write_of_dbt_artifacts_is_reported_not_raised(monkeypatch):
    from nti import publish

    def failing_write(manifest, result) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(publish, "write_dbt_artifacts", failing_write)
    said: list[str] = []
    with publish.artifacts_awaited(said.append) as writers:
        writers.append(publish.ArtifactWriter("manifest", "result"))
    assert len(said) == 1
    assert "manifest.json and run_results.json were not written" in said[0]
    assert str(publish.dbt_target_dir()) in said[0] and "OSError: disk full" in said[0]


class _RecordingEnviron(UserDict):
    """os.environ that records which thread set or removed which variable."""

    def __init__(self, initial: dict[str, str], writes: list[tuple[str, str]]) -> None:
        self.writes: list[tuple[str, str]] = []
        super().__init__(initial)
        self.writes = writes

    def __setitem__(self, key: str, value: str) -> None:
        self.writes.append((threading.current_thread().name, key))
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        self.writes.append((threading.current_thread().name, key))
        super().__delitem__(key)


def test_the_parse_ahead_thread_changes_no_environment_variable(tmp_path, monkeypatch):
    import dbt.cli.main

    from nti import publish

    seen: dict[str, object] = {}

    class FakeRunner:
        def __init__(self, manifest=None, callbacks=None) -> None:
            pass

        def invoke(self, args):
            seen.update(path=os.environ.get("NTI_DUCKDB_PATH"), cwd=Path.cwd(),
                        thread=threading.current_thread().name, args=args[:2])
            return SimpleNamespace(success=True, exception=None, result="parsed manifest")

    writes: list[tuple[str, str]] = []
    monkeypatch.setattr(dbt.cli.main, "dbtRunner", FakeRunner)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "environ", _RecordingEnviron(
        {k: v for k, v in os.environ.items() if k != "NTI_DUCKDB_PATH"}, writes))
    parsed = publish.ParseAhead(tmp_path / "build" / "w.duckdb")
    assert parsed.manifest() == "parsed manifest"
    # dbt parsed on the bare name, from the process's folder, in the parse thread ...
    assert seen == {"path": "w.duckdb", "cwd": tmp_path, "thread": "nti-dbt-parse",
                    "args": ["parse", "--no-write-json"]}
    # ... which set no variable (the build's thread did, before and after it)
    assert writes and all(thread == threading.main_thread().name for thread, _ in writes)
    assert "NTI_DUCKDB_PATH" not in os.environ


def test_dbt_on_without_chdir_names_the_file_and_keeps_the_folder(tmp_path, monkeypatch):
    from nti import publish

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NTI_DUCKDB_PATH", "/elsewhere/x.duckdb")
    (tmp_path / "build").mkdir()
    with publish.dbt_on(tmp_path / "build" / "w.duckdb", chdir=False):
        assert Path.cwd() == tmp_path and os.environ["NTI_DUCKDB_PATH"] == "w.duckdb"
    assert os.environ["NTI_DUCKDB_PATH"] == "/elsewhere/x.duckdb"
    with publish.dbt_on(tmp_path / "build" / "w.duckdb"):
        assert Path.cwd() == tmp_path / "build" and os.environ["NTI_DUCKDB_PATH"] == "w.duckdb"
    assert Path.cwd() == tmp_path and os.environ["NTI_DUCKDB_PATH"] == "/elsewhere/x.duckdb"


def test_dbt_artifacts_are_moved_into_place_whole(tmp_path, monkeypatch):
    import dbt.parser.manifest

    from nti import publish

    def fake_write_manifest(manifest, target_path: str) -> None:
        assert Path(target_path) != tmp_path  # written aside, then moved
        (Path(target_path) / "manifest.json").write_text(manifest)
        (Path(target_path) / "semantic_manifest.json").write_text("{}")

    class Result:
        def write(self, path: str) -> None:
            Path(path).write_text("results")

    monkeypatch.setattr(dbt.parser.manifest, "write_manifest", fake_write_manifest)
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path))
    (tmp_path / "partial_parse.msgpack").write_text("kept")
    publish.write_dbt_artifacts('{"nodes": {}}', Result())
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "manifest.json", "partial_parse.msgpack", "run_results.json", "semantic_manifest.json"]
    assert (tmp_path / "manifest.json").read_text() == '{"nodes": {}}'
    assert (tmp_path / "run_results.json").read_text() == "results"


def test_a_build_without_a_result_leaves_no_earlier_run_results(tmp_path, monkeypatch):
    from nti import publish

    monkeypatch.setattr(publish, "invoke_dbt", lambda *a, **k: SimpleNamespace(
        success=False, exception=KeyboardInterrupt("stopped"), result=None))
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path))
    monkeypatch.setenv("NTI_TESTS_CHANGED_ONLY", "0")
    monkeypatch.setenv("DBT_LOG_LEVEL_FILE", "info")
    (tmp_path / "run_results.json").write_text("of the build before")
    outcome = publish.run_dbt_build(tmp_path / "w.duckdb", lambda _: None,
                                    parsed=SimpleNamespace(manifest=lambda: "parsed manifest"))
    assert not outcome.success and outcome.artifacts is None
    assert not (tmp_path / "run_results.json").exists()
