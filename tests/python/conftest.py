"""Shared fixtures: warehouses built once per session on the real corpus and on synthetic data."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
SHARED_RAW = PROJECT.parent / "shared" / "data" / "raw"
# A Jinja macro of the project's SQL, whole: group 1 is its name.
MACRO = re.compile(r"{%-?\s*macro\s+(\w+)\(.*?{%-?\s*endmacro\s*-?%}", re.S)


def real_raw_dir() -> Path | None:
    value = os.environ.get("NTI_RAW_DIR")
    path = Path(value) if value else SHARED_RAW
    return path if path.is_dir() and any(path.iterdir()) else None


# `make test` runs two pytest-xdist workers. Each gives dbt a target and a log folder of its own,
# so two builds at once never write the same manifest, run_results or partial-parse file.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
DBT_TARGET = PROJECT / "target" / (f"pytest-{WORKER}" if WORKER else "pytest")

# Tests that share a session warehouse must run on one worker, or each worker would build it
# again: the scheduler below sends each group of files to one worker, and every other file as a
# unit of its own (its module fixtures are built once). The real and synthetic warehouses share
# a group so that the two groups take about as long (measured 2026-12-04: about 355 s and 240 s;
# the other files fill in). A test that uses a group's fixture from a file not listed in that
# group fails before its fixtures are built (pytest_runtest_setup below), so the list cannot
# fall behind the tests.
FIXTURE_GROUPS = {"real_warehouse": "warehouses", "synthetic_warehouse": "warehouses",
                  "two_releases": "releases"}
FILE_GROUPS = {
    **dict.fromkeys(("test_real_corpus.py", "test_value_real_corpus.py", "test_bi_access.py",
                     "test_board_pack.py", "test_docs_coverage.py", "test_incremental.py",
                     "test_maternity_index.py"), "warehouses"),
    **dict.fromkeys(("test_publish.py", "test_concurrency.py", "test_faults.py",
                     "test_determinism.py"), "releases"),
}


def _file_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0].rsplit("/", 1)[-1]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Fails the test, before its fixtures are built, when its file is not in its group."""
    file = _file_of(item.nodeid)
    for fixture in getattr(item, "fixturenames", ()):
        group = FIXTURE_GROUPS.get(fixture)
        if group and FILE_GROUPS.get(file) != group:
            pytest.fail(f"{item.nodeid} uses the session fixture {fixture}: list {file} in "
                        f"the {group!r} group of FILE_GROUPS (tests/python/conftest.py)")


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    from xdist.scheduler import LoadScopeScheduling

    class FileGroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            file = _file_of(nodeid)
            return FILE_GROUPS.get(file, file)

    return FileGroupScheduling(config, log)


def nti_env(**extra: str) -> dict[str, str]:
    """The environment of an `nti` subprocess in the tests."""
    # dbt's debug log file costs about 14% of a small build's dbt time (measured: 28.5 s ->
    # 24.7 s); the tests read the console output, so the file keeps warnings and errors only
    return {**os.environ, "DO_NOT_TRACK": "1", "DBT_LOG_LEVEL_FILE": "warn",
            "DBT_TARGET_PATH": str(DBT_TARGET), "DBT_LOG_PATH": str(DBT_TARGET / "logs"), **extra}


def run_nti(*args: str) -> subprocess.CompletedProcess[str]:
    env = nti_env()
    nti = Path(sys.executable).parent / "nti"
    return subprocess.run(
        [str(nti), *args], cwd=PROJECT, env=env, capture_output=True, text=True, check=False
    )


def build_warehouse(raw: Path, db: Path) -> subprocess.CompletedProcess[str]:
    result = run_nti("--raw-dir", str(raw), "--db", str(db), "build", "--no-synthetic")
    if result.returncode != 0:
        pytest.fail(f"nti build failed on {raw}:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}")
    return result


@pytest.fixture(scope="session")
def real_warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    raw = real_raw_dir()
    if raw is None:
        pytest.skip("no real corpus: set NTI_RAW_DIR or provide ../shared/data/raw")
    db = tmp_path_factory.mktemp("real") / "nti.duckdb"
    result = build_warehouse(raw, db)
    return db, result.stdout


@pytest.fixture(scope="session")
def synthetic_warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, object]:
    from nti import synthetic

    raw = tmp_path_factory.mktemp("synthetic_raw")
    # 15 months from January: a complete financial year (annual file) overlaps the months, as in
    # the default `make build` data
    summary = synthetic.generate(raw, trusts=12, months=15, start="2024-01", seed=7)
    db = tmp_path_factory.mktemp("synthetic") / "nti.duckdb"
    build_warehouse(raw, db)
    return db, raw, summary


# --- Releases (issue 7): small published warehouses and the reliability test report ----------

# Filled by the publish / bad-input / concurrency / fault tests; printed at the end of the run
# and written to $NTI_RELEASE_TEST_REPORT (markdown) when set.
RELEASE_REPORT: dict[str, list[str]] = {}


def report_line(section: str, line: str) -> None:
    RELEASE_REPORT.setdefault(section, []).append(line)


def pytest_terminal_summary(terminalreporter) -> None:
    if not RELEASE_REPORT:
        return
    lines = ["# Release reliability test report", ""]
    for section, entries in RELEASE_REPORT.items():
        lines += [f"## {section}", "", *[f"- {e}" for e in entries], ""]
    text = "\n".join(lines)
    terminalreporter.write_sep("=", "release reliability test report")
    terminalreporter.write_line(text)
    target = os.environ.get("NTI_RELEASE_TEST_REPORT")
    if target:
        Path(target).write_text(text, encoding="utf-8")


def nti_build(raw: Path, db: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`nti build` (build, test, publish) of a raw folder onto a published path; not asserted."""
    return run_nti("--raw-dir", str(raw), "--db", str(db), "build", "--no-synthetic", *extra)


@pytest.fixture(scope="session")
def small_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Small synthetic inputs (12 trusts, 3 months): enough trusts for a scored index."""
    from nti import synthetic

    raw = tmp_path_factory.mktemp("small_raw")
    synthetic.generate(raw, trusts=12, months=3, start="2024-01", seed=11, annual=False,
                       provisional_latest=False)
    return raw


@pytest.fixture(scope="session")
def two_releases(tmp_path_factory: pytest.TempPathFactory, small_raw: Path) -> dict[str, object]:
    """Two `nti build`s of the same inputs onto one published path: release 1 from scratch,
    release 2 on a copy of release 1."""
    db = tmp_path_factory.mktemp("published") / "nti.duckdb"
    outputs = []
    ids = []
    for _ in range(2):
        result = nti_build(small_raw, db)
        if result.returncode != 0:
            pytest.fail(f"nti build failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}")
        outputs.append(result.stdout)
        manifest = json.loads(db.with_name("nti.release.json").read_text())
        ids.append(manifest["release_id"])
    return {"db": db, "raw": small_raw, "ids": ids, "outputs": outputs}
