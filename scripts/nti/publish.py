"""Build a new warehouse file, test it, and only then publish it by an atomic rename.

Files, next to the published warehouse `<dir>/<name>.duckdb` (default target/nti.duckdb):
- `<dir>/<name>.release.json`: the manifest of the live release;
- `<dir>/<name>.duckdb` is a hard link to the live release's file (one copy on disk; `nti land`
  and `nti dbt`, which write in place, first give it a copy of its own: `unshare`);
- `<dir>/releases/<release_id>/`: each kept release (`<name>.duckdb`, `release.json`,
  `parquet/<mart>.parquet` or, for a period mart, `parquet/<mart>/<period_end>.parquet`,
  hard-linked from the previous release's when unchanged);
  the newest N are kept (`--keep-releases`, $NTI_KEEP_RELEASES);
- `<dir>/releases/build/`: the build in progress (a fixed path, so dbt's partial parsing
  works from build to build; removed by the next build if the process died);
- `<dir>/releases/failed/<release_id>/`: the last failed builds, with `reason.txt`;
- `<dir>/releases/.lock`: one build at a time (an OS lock: a killed build releases it).

A build starts from a COPY of the last good release (the maternity index marts are incremental
and keep the history of periods no longer in the raw folder; landing reuses the rows of unchanged
files and the month-growing MSDS models are incremental by file, issue 8), lands the raw files
and runs
`dbt build` (models, data tests, unit tests) on the copy, records the release, exports Parquet,
and then replaces the published file with `os.replace` (atomic on one file system). Readers open
the published file read-only: a reader that opened it before the swap keeps reading the old
release (the old inode), a reader that opens it after sees the new one. A failed landing, model
or test leaves the published file untouched and says why.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import gc
import json
import os
import shutil
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nti import config, release, selection
from nti.discover import LayoutMismatchError
from nti.readers import FileReadError

# Errors that name the file and the reason; anything else is shown with its traceback.
NAMED_FILE_ERRORS = (LayoutMismatchError, FileReadError)
DEFAULT_KEEP = 5
KEEP_FAILED = 2
FAULT_ENV = "NTI_FAULT_POINT"  # test hook: pause at a named point so a test can SIGKILL us


class BuildError(Exception):
    """A build that cannot be published; the message says why."""


@dataclass(frozen=True)
class Paths:
    published: Path

    @property
    def root(self) -> Path:
        return self.published.parent / "releases"

    @property
    def building(self) -> Path:
        return self.root / "build"

    @property
    def build_db(self) -> Path:
        """The warehouse file a build writes (the profile's path while `nti build` runs)."""
        return self.building / self.published.name

    @property
    def failed(self) -> Path:
        return self.root / "failed"

    @property
    def manifest(self) -> Path:
        return self.published.with_name(self.published.stem + ".release.json")

    def release_dir(self, release_id: str) -> Path:
        return self.root / release_id

    def release_db(self, release_id: str) -> Path:
        return self.release_dir(release_id) / self.published.name


@dataclass
class DbtOutcome:
    success: bool
    failures: list[str] = field(default_factory=list)
    warnings: int = 0
    artifacts: ArtifactWriter | None = None  # dbt's target/*.json being written
    parse_failed: bool = False  # dbt did not parse the project: no node ran


def keep_releases(cli_value: int | None = None) -> int:
    if cli_value is not None:
        return max(1, cli_value)
    return max(1, int(os.environ.get("NTI_KEEP_RELEASES", DEFAULT_KEEP)))


def fault_point(name: str, say: Callable[[str], None]) -> None:
    """Test hook: when $NTI_FAULT_POINT names this point, announce it and wait to be killed."""
    if os.environ.get(FAULT_ENV) != name:
        return
    say(f"nti: fault point {name} reached (pid {os.getpid()})")
    if os.environ.get("NTI_FAULT_ACTION", "pause") == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(float(os.environ.get("NTI_FAULT_PAUSE_SECONDS", "120")))


@contextmanager
def build_lock(paths: Paths) -> Iterator[None]:
    """One build per published warehouse at a time; the OS drops the lock if we are killed."""
    paths.root.mkdir(parents=True, exist_ok=True)
    handle = (paths.root / ".lock").open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BuildError(
                f"another build of {paths.published} is running (lock {paths.root / '.lock'})"
            ) from exc
        yield
    finally:
        handle.close()


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def clean_stale(paths: Paths, say: Callable[[str], None]) -> None:
    """Remove what a killed build left behind (called with the build lock held)."""
    stale = [*paths.building.glob("*"), *paths.building.glob(".*"),
             *paths.published.parent.glob(f".{paths.published.name}.*.tmp")]
    for path in stale:
        say(f"nti build: removing {path} left by an interrupted build")
        _remove(path)


def new_release_id(paths: Paths) -> str:
    base = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate, n = base, 1
    while any((d / candidate).exists() for d in (paths.root, paths.failed)):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_text(target: Path, text: str) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)


def publish_file(source: Path, paths: Paths, release_id: str,
                 say: Callable[[str], None]) -> None:
    """Link a tested release file next to the published path (a hard link: the release's file
    is never written again, so nothing is copied; a copy where the file system cannot link),
    then rename it onto the published path."""
    published = paths.published
    tmp = published.with_name(f".{published.name}.{release_id}.tmp")
    release.sync_file(source)  # the build copied the release without waiting for the disk
    release.link_or_copy(source, tmp)
    fault_point("before_rename", say)
    os.replace(tmp, published)
    _fsync_dir(published.parent)


def unshare(db: Path, say: Callable[[str], None]) -> None:
    """Before writing a warehouse file in place (`nti land`, `nti dbt`): when it is a published
    file that shares its data with the kept release (a hard link), give it a copy of its own, so
    the release stays as it was tested."""
    if db.exists() and db.stat().st_nlink > 1:
        say(f"nti: {db} is a published release's file: copying it before writing in place")
        tmp = db.with_name(f".{db.name}.{os.getpid()}.tmp")
        release.copy_synced(db, tmp)
        os.replace(tmp, db)


def prune(paths: Paths, keep: int, say: Callable[[str], None]) -> None:
    kept = sorted((d for d in paths.root.iterdir() if d.is_dir() and d.name[:1].isdigit()),
                  key=lambda d: d.name, reverse=True)
    for old in kept[keep:]:
        say(f"nti build: removing old release {old.name} (keeping {keep})")
        shutil.rmtree(old, ignore_errors=True)
    failed = sorted(paths.failed.glob("*"), key=lambda d: d.name, reverse=True)
    for old in failed[KEEP_FAILED:]:
        shutil.rmtree(old, ignore_errors=True)


def close_dbt_connections() -> None:
    """Close the DuckDB instance dbt-duckdb caches per process, so the file is checkpointed and
    can be copied, reopened read-only, or renamed."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        env = DuckDBConnectionManager._ENV
        DuckDBConnectionManager._ENV = None
    if env is not None:
        env.close()
    gc.collect()


@contextmanager
def dbt_on(db: Path, chdir: bool = True) -> Iterator[None]:
    """dbt (in this process) on the warehouse file db, named by its bare name from its folder.

    dbt re-parses the whole project (about 10 s, against about 1 s for a partial parse) when the
    profile's rendered path differs from the last parse's. Run from the file's folder with the
    bare name as its path, every build (always `<dir>/releases/build/<name>`) and `nti dbt` on a
    warehouse called <name>, in any folder, keep dbt's partial parse; dbt's own paths all hang
    off --project-dir. chdir=False: the name only, for a parse, which opens no file (the
    working directory is the process's, and a parse runs beside the landing: ParseAhead). The
    environment is left alone when it already names db (ParseAhead sets it before its thread
    starts: setting a variable while another thread's C code reads the environment is unsafe).
    """
    previous_path, previous_cwd = os.environ.get("NTI_DUCKDB_PATH"), Path.cwd()
    if previous_path != db.name:
        os.environ["NTI_DUCKDB_PATH"] = db.name
    if chdir:
        os.chdir(db.parent)
    try:
        yield
    finally:
        if chdir:
            os.chdir(previous_cwd)
        if previous_path is None:
            os.environ.pop("NTI_DUCKDB_PATH", None)
        elif previous_path != db.name:
            os.environ["NTI_DUCKDB_PATH"] = previous_path


def no_dbt_tracking() -> None:
    """dbt sends no usage data, unless the user has said otherwise."""
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")


# dbt threads of a build from a copy that runs only the nodes a change reaches (selection.py).
# Its nodes are small: dbt's own Python work on each (compiling, logging, bookkeeping) is up to
# half of their time, and a thread waits for the GIL while another does it, so four threads on
# two cores keep DuckDB busier (60 months: dbt's run 12.4-18.3 s against 14.3-19.7 s with two
# threads, four alternating pairs, each faster; six threads no better). Every other build keeps
# the profile's two: its large queries use both cores alone, and more at once would raise its
# peak memory.
INCREMENTAL_DBT_THREADS = 4
# dbt's log file (logs/dbt.log) of `nti build`: the console's lines. At debug dbt writes every
# query's SQL too (about 26,000 lines a 60-month incremental build, 1-2 s of CPU). A user's
# own DBT_LOG_LEVEL_FILE (debug for the SQL) is kept.
BUILD_LOG_LEVEL_FILE = "info"


def build_dbt_defaults() -> None:
    """What dbt reads from the environment in a build, unless the user has set it: no usage
    data, and the build's log level for dbt's log file."""
    no_dbt_tracking()
    os.environ.setdefault("DBT_LOG_LEVEL_FILE", BUILD_LOG_LEVEL_FILE)


def invoke_dbt(db: Path, args: list[str], callbacks: list[Callable[[Any], None]] | None = None,
               manifest: Any = None, chdir: bool = True) -> Any:
    """dbt `args` in this process on the warehouse file db (`dbt_on`, chdir as there), this
    project and profile (and, when given, this parsed manifest instead of parsing again); dbt's
    cached DuckDB instance is closed afterwards. Returns dbt's result."""
    from dbt.cli.main import dbtRunner

    no_dbt_tracking()  # in ParseAhead's thread already set by the build's: writes nothing
    with dbt_on(db, chdir):
        result = dbtRunner(manifest=manifest, callbacks=callbacks or []).invoke(
            [*args, "--project-dir", str(config.PROJECT_DIR),
             "--profiles-dir", str(config.PROJECT_DIR)])
        close_dbt_connections()
    return result


def _parse_failure(exc: BaseException) -> BuildError:
    return BuildError(f"dbt parse failed: {type(exc).__name__}: {exc}")


def parse_project(db: Path) -> Any:
    """dbt's parsed manifest of the project (a partial parse when dbt can), for a build on db;
    BuildError naming dbt's reason when the parse fails. A parse opens no file: it runs from
    the process's working directory (dbt_on, chdir=False)."""
    try:
        parsed = invoke_dbt(db, ["parse", "--no-write-json"], chdir=False)
    except Exception as exc:  # dbtRunner returns its errors; anything else is named the same way
        raise _parse_failure(exc) from exc
    if not parsed.success or parsed.result is None:
        raise BuildError(f"dbt parse failed: {parsed.exception or 'see the dbt log above'}")
    return parsed.result


class ParseAhead:
    """`dbt parse` (dbt's import, about 1.2 s, and a partial parse, about 1.1 s) in a thread of
    its own, started when a build starts: it needs the project only, not the warehouse, so it
    runs while the release is copied (one system call, outside the GIL) and the files land
    (whose Python steps then wait for the GIL the parse holds: README, "Performance").
    `manifest()` waits for it. The environment dbt reads is set here, in the calling thread
    (dbt_on, entered here and left by `wait()`): the thread changes no variable."""

    def __init__(self, db: Path) -> None:
        build_dbt_defaults()
        self._environment = ExitStack()
        self._environment.enter_context(dbt_on(db, chdir=False))
        self._outcome: list[Any] = []
        self._thread = threading.Thread(target=self._parse, args=(db,), name="nti-dbt-parse",
                                        daemon=True)
        self._thread.start()

    def _parse(self, db: Path) -> None:
        try:
            self._outcome.append(parse_project(db))
        except BaseException as exc:  # named to the build, not lost in the thread
            self._outcome.append(exc if isinstance(exc, BuildError) else _parse_failure(exc))

    def wait(self) -> None:
        """Until the parse has ended (also when the build fails before dbt: dbt writes its
        partial-parse file at the end of a parse); NTI_DUCKDB_PATH as it was before."""
        self._thread.join()
        self._environment.close()

    def manifest(self) -> Any:
        """The parsed manifest; BuildError when the parse failed."""
        self.wait()
        outcome = self._outcome[0]
        if isinstance(outcome, BuildError):
            raise outcome
        return outcome


def _selection(manifest: Any, changed_tables: set[str], say: Callable[[str], None]
               ) -> selection.Selection | None:
    """The nodes of the parsed manifest that the changed landing tables reach (selection.py);
    None: every node."""
    chosen = selection.select(*selection.from_manifest(manifest), changed_tables)
    data = ", ".join(sorted(changed_tables - set(selection.BOOKKEEPING_TABLES))) or "none"
    if chosen is None:
        say(f"nti: a changed landing table is read by no dbt source ({data}): dbt runs every "
            "node")
    else:
        say(f"nti: dbt runs the {len(chosen.unique_ids)} models and data tests downstream of "
            f"the landing tables this build changed (data: {data}; and the landing "
            f"bookkeeping); {chosen.views_kept} views (the same code: the same SQL) and "
            f"{chosen.nodes_kept} seeds, models and tests that no change reaches stay as the "
            "release has them")
    return chosen


def dbt_target_dir() -> Path:
    """Where dbt writes its artifacts: $DBT_TARGET_PATH, else `target` (dbt_project.yml sets no
    target-path), relative to the project."""
    return config.PROJECT_DIR / (os.environ.get("DBT_TARGET_PATH") or "target")


ARTIFACT_FILES = ("manifest.json", "semantic_manifest.json", "run_results.json")


def write_dbt_artifacts(manifest: Any, result: Any) -> None:
    """dbt's target/manifest.json (and semantic_manifest.json) and run_results.json, as its build
    writes them at its end (`--no-write-json` leaves them to this: about 0.5 s of Python, which a
    build runs beside the release record, ArtifactWriter; dbt's graph.gpickle is not written).
    Each is written in a scratch folder and moved into place, so none is ever half-written."""
    from dbt.parser.manifest import write_manifest

    target = dbt_target_dir()
    scratch = target / ".nti-artifacts"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    try:
        write_manifest(manifest, str(scratch))
        if hasattr(result, "write"):
            result.write(str(scratch / "run_results.json"))
        for name in ARTIFACT_FILES:
            if (scratch / name).exists():
                os.replace(scratch / name, target / name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def stamp_invocation(manifest: Any) -> None:
    """The build's invocation id and start on the manifest parsed before it (dbt's own build
    writes its manifest so), for manifest.json to match the build's run_results.json."""
    from dbt_common.invocation import get_invocation_id, get_invocation_started_at

    metadata = getattr(manifest, "metadata", None)
    if metadata is not None:
        metadata.invocation_id = get_invocation_id()
        metadata.invocation_started_at = get_invocation_started_at()


class ArtifactWriter:
    """write_dbt_artifacts in a thread of its own; `wait()` before dbt runs again. Not a daemon
    thread: the interpreter lets it finish before the process ends."""

    def __init__(self, manifest: Any, result: Any) -> None:
        self.error: Exception | None = None
        self._thread = threading.Thread(target=self._write, args=(manifest, result),
                                        name="nti-dbt-artifacts")
        self._thread.start()

    def _write(self, manifest: Any, result: Any) -> None:
        try:
            write_dbt_artifacts(manifest, result)
        except Exception as exc:  # reported by wait(): the artifacts are not the release
            self.error = exc

    def wait(self, say: Callable[[str], None]) -> None:
        self._thread.join()
        if self.error is not None:
            say(f"nti build: dbt's manifest.json and run_results.json were not written in "
                f"{dbt_target_dir()}: {type(self.error).__name__}: {self.error}")


@contextmanager
def artifacts_awaited(say: Callable[[str], None]) -> Iterator[list[ArtifactWriter]]:
    """A list for the writers of dbt's artifacts that a build starts (ArtifactWriter), each
    waited on when the block ends, however it ends."""
    writers: list[ArtifactWriter] = []
    try:
        yield writers
    finally:
        for writer in writers:
            writer.wait(say)


def run_dbt_build(db: Path, say: Callable[[str], None], full_refresh: bool = False,
                  skip_unit_tests: bool = False, changed_tables: set[str] | None = None,
                  parsed: ParseAhead | None = None) -> DbtOutcome:
    """`dbt build` (with --full-refresh when asked) in-process on one file; failures named
    (node, status, message). skip_unit_tests: on a build from a copy of a release built by the
    same dbt code, whose build passed every unit test (they read their fixtures only, not the
    data, so they would pass again) and every data test on the rows this build keeps.
    changed_tables: on such a build, the landing tables its landing changed; dbt then runs only
    the nodes they reach (selection.py), and every one of them must have run. parsed: the
    project's parse, started ahead (else dbt parses here when it must choose nodes, and in its
    build otherwise)."""
    try:
        manifest = (parsed.manifest() if parsed is not None
                    else parse_project(db) if changed_tables is not None else None)
        chosen = None if changed_tables is None else _selection(manifest, changed_tables, say)
    except BuildError as exc:
        return DbtOutcome(success=False, failures=[str(exc)], parse_failed=True)
    # ... and, for the same reason, the data tests of the month-growing tables check the rows
    # this build wrote only (macros/incremental_periods.sql); every other build tests every row
    # (set after the parse: dbt would parse again if a parse read it, test_partial_parse.py)
    os.environ["NTI_TESTS_CHANGED_ONLY"] = "1" if skip_unit_tests else "0"
    build_dbt_defaults()
    finished = [0]

    def on_event(event: Any) -> None:
        if event.info.name == "NodeFinished":
            finished[0] += 1
            if finished[0] == 25:
                fault_point("dbt", say)

    options = [*(["--full-refresh"] if full_refresh else []),
               *(["--exclude-resource-type", "unit_test"] if skip_unit_tests else [])]
    selectors = selection.tag_chosen(manifest, chosen) if chosen is not None else []
    if chosen is not None:  # small nodes: more threads than cores (see INCREMENTAL_DBT_THREADS)
        options += ["--threads", str(INCREMENTAL_DBT_THREADS)]
    if manifest is not None:  # its artifacts written beside the release record: ArtifactWriter
        options += ["--no-write-json"]
    say(f"nti: dbt build{''.join(' ' + o for o in [*options, *selectors])} on {db}")
    result = invoke_dbt(db, ["build", *options, *selectors], callbacks=[on_event],
                        manifest=manifest)
    outcome = DbtOutcome(success=bool(result.success))
    if manifest is not None and result.result is not None:
        stamp_invocation(manifest)
        outcome.artifacts = ArtifactWriter(manifest, result.result)
    elif manifest is not None:  # dbt stopped without a result: no run_results.json of another
        (dbt_target_dir() / "run_results.json").unlink(missing_ok=True)
    if result.exception is not None:
        outcome.failures.append(f"dbt stopped: {result.exception}")
    ran: set[str] = set()
    for node_result in getattr(result.result, "results", None) or []:
        status = str(getattr(node_result.status, "value", node_result.status))
        node_id = getattr(node_result.node, "unique_id", "?")
        ran.add(node_id)
        if status in ("error", "fail", "runtime error"):
            message = (node_result.message or "").strip().splitlines()
            outcome.failures.append(f"{node_id}: {status}: {message[0] if message else ''}")
        elif status == "warn":
            outcome.warnings += 1
    missed = sorted(chosen.unique_ids - ran) if chosen is not None else []
    if missed and result.exception is None:
        outcome.success = False
        outcome.failures.append(f"dbt did not run {len(missed)} of the nodes chosen to run "
                                f"(selection.py), e.g. {', '.join(missed[:3])}")
    if not outcome.success and not outcome.failures:
        outcome.failures.append("dbt build failed (see the dbt log above)")
    return outcome


def _fail(paths: Paths, work: Path, release_id: str, reason: str,
          say: Callable[[str], None]) -> None:
    target = paths.failed / release_id
    paths.failed.mkdir(parents=True, exist_ok=True)
    if work.exists():
        os.replace(work, target)
    else:
        target.mkdir(parents=True, exist_ok=True)
    (target / "reason.txt").write_text(reason + "\n", encoding="utf-8")
    live = paths.published if paths.published.exists() else None
    say(f"nti build: FAILED, nothing published: {reason}")
    say(f"nti build: the failed build is kept in {target}; "
        + (f"the last good release stays published at {live}" if live
           else "there is no published release yet"))


def build_and_publish(
    raw: Path,
    origin: str,
    published: Path,
    land: Callable[[Path, Callable[[str], None]], None],
    say: Callable[[str], None],
    keep: int = DEFAULT_KEEP,
    full_refresh: bool = False,
) -> int:
    """Land + dbt build into a new file, publish it only when every test passed. 0 = published.

    `land(db, progress)` lands the raw files into db, raising with a message on a file-level
    error.
    """
    paths = Paths(published)
    started = time.perf_counter()
    try:
        with build_lock(paths), artifacts_awaited(say) as artifacts:
            clean_stale(paths, say)
            release_id = new_release_id(paths)
            work = paths.building
            work.mkdir(parents=True, exist_ok=True)
            build_db = paths.build_db
            phases: dict[str, float] = {}
            reason, warnings, incremental = _build(paths, build_db, raw, origin, land, say,
                                                   full_refresh, phases, artifacts)
            if reason is not None:
                _fail(paths, work, release_id, reason, say)
                return 1
            mark = time.perf_counter()
            manifest = release.record(build_db, release_id, time.perf_counter() - started,
                                      raw, origin, warnings, incremental, say)
            fault_point("record", say)
            phases["release record"] = time.perf_counter() - mark
            mark = time.perf_counter()
            previous_dir, unchanged = _unchanged_exports(paths, manifest, incremental)
            files, linked = release.export_parquet(build_db, work / "parquet", previous_dir,
                                                   unchanged)
            say(f"nti build: Parquet: {len(files) - len(linked)} file(s) written, "
                f"{len(linked)} unchanged linked from the previous release "
                f"({sum('/' not in x for x in linked)} whole marts, "
                f"{sum('/' in x for x in linked)} periods of the period marts)")
            phases["parquet"] = time.perf_counter() - mark
            mark = time.perf_counter()
            atomic_write_text(work / "release.json", json.dumps(manifest, indent=2) + "\n")
            final = paths.release_dir(release_id)
            os.replace(work, final)
            publish_file(paths.release_db(release_id), paths, release_id, say)
            atomic_write_text(paths.manifest, json.dumps(manifest, indent=2) + "\n")
            prune(paths, keep, say)
            phases["publish"] = time.perf_counter() - mark
            say("nti build: phases: " + ", ".join(f"{k} {v:.1f}s" for k, v in phases.items()))
    except BuildError as exc:
        say(f"nti build: FAILED: {exc}")
        return 1
    marts = manifest["marts"]
    say(f"nti build: published release {release_id} at {published} "
        f"({len(marts)} marts, {sum(m['rows'] for m in marts.values()):,} rows, "
        f"{manifest['rows_quarantined']:,} input rows quarantined, "
        f"{time.perf_counter() - started:.1f}s); files in {paths.release_dir(release_id)}")
    return 0


def _unchanged_exports(paths: Paths, manifest: dict[str, Any], incremental: bool
                       ) -> tuple[Path | None, set[str]]:
    """The previous release's Parquet folder and the marts this release left unchanged, when
    dbt built on a copy of that release with the same code (release.unchanged_marts); else
    (None, no mart)."""
    previous_id = manifest.get("previous_release_id")
    if not incremental or not previous_id:
        return None, set()
    folder = paths.release_dir(previous_id)
    try:
        previous = json.loads((folder / "release.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, set()
    return folder / "parquet", release.unchanged_marts(manifest, previous)


def _model_code_changed(db: Path) -> bool:
    """True when the copied release was built by other dbt code (or did not record it)."""
    import duckdb

    from nti.landing import model_code_version, previous_model_code_version

    con = duckdb.connect(str(db), read_only=True)
    try:
        return previous_model_code_version(con) != model_code_version()
    finally:
        con.close()


def _build(paths: Paths, build_db: Path, raw: Path, origin: str,
           land: Callable[[Path, Callable[[str], None]], None],
           say: Callable[[str], None], full_refresh: bool, phases: dict[str, float],
           artifacts: list[ArtifactWriter]) -> tuple[str | None, int, bool]:
    """Fill build_db: (None, dbt warnings, incremental) when landing, models and tests all
    succeeded, else (the reason, warnings, incremental); incremental: dbt built on a copy of the
    release made by the same dbt code, without --full-refresh. phases: seconds of each step,
    filled in. dbt parses the project meanwhile (ParseAhead). artifacts: the writer of dbt's
    artifacts is added to it, for the caller to wait on (artifacts_awaited)."""
    say("nti build: dbt parses the project in the background meanwhile")
    parsed = ParseAhead(build_db)
    try:
        return _land_and_run_dbt(paths, build_db, raw, origin, land, say, full_refresh,
                                 phases, parsed, artifacts)
    finally:
        parsed.wait()


def _land_and_run_dbt(paths: Paths, build_db: Path, raw: Path, origin: str,
                      land: Callable[[Path, Callable[[str], None]], None],
                      say: Callable[[str], None], full_refresh: bool, phases: dict[str, float],
                      parsed: ParseAhead, artifacts: list[ArtifactWriter]
                      ) -> tuple[str | None, int, bool]:
    """_build's steps: the copy of the release, the landing, dbt (on the parse begun ahead)."""
    mark = time.perf_counter()
    if paths.published.exists():
        live = release.live_release(paths.published)
        say(f"nti build: starting from a copy of the published warehouse "
            f"(release {live['release_id'] if live else 'unrecorded'}): unchanged files and "
            "their rows are reused, the incremental index history is kept")
        # not synced here (0.5 s of a 1.2 GB file): the copy is scratch until it is published,
        # and publish_file syncs it then
        shutil.copyfile(paths.published, build_db)
        phases["copy of the release"] = time.perf_counter() - mark
        if not full_refresh and _model_code_changed(build_db):
            say("nti build: the dbt models, macros or seeds changed since the published "
                "release: dbt runs with --full-refresh")
            full_refresh = True
    landed = [0]

    def progress(line: str) -> None:
        say(line)
        landed[0] += 1
        if landed[0] == 1:
            fault_point("landing", say)

    try:
        mark = time.perf_counter()
        land(build_db, progress)
        phases["landing"] = time.perf_counter() - mark
    except Exception as exc:  # every landing error becomes the named reason of a failed build
        if not isinstance(exc, NAMED_FILE_ERRORS):
            say(traceback.format_exc(limit=5))
        return f"landing failed: {type(exc).__name__}: {exc}", 0, False
    from_same_code = paths.published.exists() and not full_refresh
    mark = time.perf_counter()
    outcome = run_dbt_build(
        build_db, say, full_refresh, skip_unit_tests=from_same_code,
        changed_tables=selection.changed_landing_tables(build_db) if from_same_code else None,
        parsed=parsed)
    phases["dbt build"] = time.perf_counter() - mark
    if outcome.artifacts is not None:
        artifacts.append(outcome.artifacts)
    if outcome.parse_failed:
        return outcome.failures[0], outcome.warnings, from_same_code
    if not outcome.success:
        shown = outcome.failures[:10]
        more = len(outcome.failures) - len(shown)
        return (f"dbt build failed on {len(outcome.failures)} node(s): " + "; ".join(shown)
                + (f"; and {more} more" if more > 0 else "")), outcome.warnings, from_same_code
    return None, outcome.warnings, from_same_code
