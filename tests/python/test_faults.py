"""SIGKILL the build at several points (issue 7): the published release stays intact and the
next build succeeds without manual clean-up.

The build announces a point when $NTI_FAULT_POINT names it (nti.publish.fault_point) and waits;
the test then kills the process with SIGKILL from outside.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import PROJECT, nti_build, nti_env, report_line
from nti import release
from nti.publish import Paths

POINTS = ("landing", "dbt", "record", "before_rename")


def _kill_at(point: str, raw: Path, db: Path) -> None:
    nti = Path(sys.executable).parent / "nti"
    env = nti_env(NTI_FAULT_POINT=point)
    proc = subprocess.Popen(
        [str(nti), "--raw-dir", str(raw), "--db", str(db), "build", "--no-synthetic"],
        cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    deadline = time.monotonic() + 120
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if f"fault point {point} reached" in line:
            break
        if time.monotonic() > deadline:
            break
    else:
        proc.wait()
        raise AssertionError(f"build ended before fault point {point}:\n{''.join(lines)[-3000:]}")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL


def test_kill_at_each_point_keeps_the_release_and_the_next_build_recovers(two_releases,
                                                                          tmp_path):
    db = tmp_path / "pub" / "nti.duckdb"
    db.parent.mkdir()
    shutil.copyfile(two_releases["db"], db)
    live = two_releases["ids"][1]
    before = release.fingerprints(db)
    paths = Paths(db)
    for point in POINTS:
        _kill_at(point, two_releases["raw"], db)
        assert release.live_release(db)["release_id"] == live, point
        assert release.fingerprints(db) == before, point
        left = [*paths.building.glob("*"), *db.parent.glob(".nti.duckdb.*.tmp")]
        assert left or point == "before_rename", f"{point}: expected leftovers to clean"
    result = nti_build(two_releases["raw"], db)
    assert result.returncode == 0, result.stdout[-4000:]
    assert "left by an interrupted build" in result.stdout
    new = release.live_release(db)["release_id"]
    assert new != live
    assert not list(paths.building.glob("*")) and not list(db.parent.glob(".nti.duckdb.*.tmp"))
    report_line("Faults", f"kill points survived: {len(POINTS)} of {len(POINTS)} "
                f"({', '.join(POINTS)}); published release unchanged after each SIGKILL; the "
                f"next build cleaned up and published {new}")
