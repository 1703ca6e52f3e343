"""Shared fixtures: warehouses built once per session on the real corpus and on synthetic data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
SHARED_RAW = PROJECT.parent / "shared" / "data" / "raw"


def real_raw_dir() -> Path | None:
    value = os.environ.get("NTI_RAW_DIR")
    path = Path(value) if value else SHARED_RAW
    return path if path.is_dir() and any(path.iterdir()) else None


def run_nti(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DO_NOT_TRACK": "1"}
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
