"""Shared fixtures: warehouses built once per session on the real corpus and on synthetic data."""

from __future__ import annotations

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
    summary = synthetic.generate(raw, trusts=12, months=14, start="2024-01", seed=7)
    db = tmp_path_factory.mktemp("synthetic") / "nti.duckdb"
    build_warehouse(raw, db)
    return db, raw, summary
