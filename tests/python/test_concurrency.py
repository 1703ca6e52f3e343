"""A reader process queries the published warehouse in a loop while a build publishes (issue 7).

The reader opens the published file read-only for every query batch and checks that what it
sees is one complete release: the release id is the old or the new one, and every mart's row
count equals the count that release recorded (never a mix). A connection held open by the test
process through the whole swap keeps seeing the old release (DuckDB caches one database
instance per path and process: a BI process sees a new release once all its connections to the
file were closed and one is opened again).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time

import duckdb

from conftest import PROJECT, nti_build, report_line

READER = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    import duckdb

    db, stop, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    seen, errors, loops = [], [], 0
    def check(con):
        rid = con.execute("select release_id from release.current").fetchone()[0]
        want = dict(con.execute("select mart, row_count from release.release_marts "
                                "where release_id = ?", [rid]).fetchall())
        for mart, n in want.items():
            got = con.execute(f"select count(*) from marts.{mart}").fetchone()[0]
            if got != n:
                errors.append(f"{rid}: {mart} has {got} rows, release recorded {n}")
        con.execute("select count(*), max(release_id) from release.fct_maternity_index")
        return rid
    while not stop.exists() or loops < 3:
        try:
            con = duckdb.connect(str(db), read_only=True)
            try:
                rid = check(con)
            finally:
                con.close()
            if not seen or seen[-1] != rid:
                seen.append(rid)
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
        loops += 1
        time.sleep(0.02)
    out.write_text(json.dumps({"seen": seen, "errors": errors, "loops": loops}))
""")


def test_reader_never_sees_an_error_or_a_mixed_release(two_releases, tmp_path):
    db = tmp_path / "pub" / "nti.duckdb"
    db.parent.mkdir()
    shutil.copyfile(two_releases["db"], db)
    old = two_releases["ids"][1]
    stop, out = tmp_path / "stop", tmp_path / "reader.json"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db), str(stop), str(out)],
                              cwd=PROJECT, env={**os.environ})
    held = duckdb.connect(str(db), read_only=True)  # stays open through the swap
    try:
        time.sleep(1.0)
        result = nti_build(two_releases["raw"], db)
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
        # the releases were built in another folder: dbt kept its partial parse (publish.dbt_on)
        assert "Unable to do partial parsing" not in result.stdout
        held_id = held.execute("select release_id from release.current").fetchone()[0]
        held_rows = held.execute("select count(*) from marts.fct_maternity_index").fetchone()[0]
        time.sleep(1.5)
    finally:
        held.close()
        stop.touch()
        reader.wait(timeout=60)
    seen = json.loads(out.read_text())
    new = json.loads(db.with_name("nti.release.json").read_text())["release_id"]
    assert seen["errors"] == [], seen["errors"][:5]
    assert held_id == old
    old_manifest = two_releases["db"].parent / "releases" / old / "release.json"
    assert held_rows == json.loads(old_manifest.read_text())["marts"]["fct_maternity_index"]["rows"]
    assert seen["seen"] == [old, new], seen["seen"]
    report_line("Concurrency", f"reader process: {seen['loops']} query loops during a build and "
                f"publish, reader errors during builds: {len(seen['errors'])}, releases seen "
                f"{seen['seen'][0]} -> {seen['seen'][-1]} (never a mix)")
