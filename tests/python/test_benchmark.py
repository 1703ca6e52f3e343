"""scripts/benchmark.py's parsing and reporting (the benchmark itself is run by hand, README)."""

from __future__ import annotations

import gzip
import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "benchmark.py"


@pytest.fixture(scope="module")
def benchmark():
    spec = importlib.util.spec_from_file_location("benchmark", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["benchmark"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    del sys.modules["benchmark"]


def test_build_phases_and_dbt_nodes_are_read_from_a_builds_output(benchmark) -> None:
    output = ("nti build: phases: copy of the release 0.1s, landing 7.3s, dbt build 9.7s, "
              "release record 1.6s, parquet 0.3s, publish 0.0s\n"
              "Done. PASS=180 WARN=1 ERROR=0 SKIP=0 NO-OP=0 TOTAL=184\n")
    assert benchmark.build_phases(output) == {
        "copy of the release": 0.1, "landing": 7.3, "dbt build": 9.7, "release record": 1.6,
        "parquet": 0.3, "publish": 0.0}
    assert benchmark.dbt_nodes(output) == 184
    assert benchmark.dbt_nodes("no dbt here") == 0


def test_the_real_corpus_row_gives_its_figures(benchmark) -> None:
    steps = {k: {"median_s": s, "peak_mb": m, "load_at_start": [0.5, 1.9]} for k, s, m in (
        ("raw_scan", 2.08, 128.0), ("dbt_startup", 5.0, 198.9),
        ("full_build", 52.16, 1216.4), ("incremental_build", 20.63, 540.9))}
    row = benchmark.markdown_real({
        "files": 197, "raw_mb": 94, "csv_rows_scanned": 507121, "steps": steps,
        "newest_months_added": ["a.xlsx", "a.csv", "b.xlsx", "b.csv"],
        "full_build_minus_startup_s": 47.16, "ratio_full_to_raw_scan": 22.7,
        "ratio_incremental_to_full": 0.4}).splitlines()[-1]
    assert row == ("| real | 197 (94) | 507,121 | 2.08 | 5.0 | 52.16 (47.16) | 20.63 (4) | 22.7x "
                   "| 0.4 | 1216.4; 540.9 | 1.9 |")


def test_the_lenient_raw_scan_reads_every_line_of_real_corpus_csvs_and_archives(
        benchmark, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "title.csv").write_bytes(  # a title row, ragged lines, Latin-1
        "Title: A&E attendances\nCode,Name,Total\nRXX,H\xf4pital,3\nRYY,Other,4,extra\n"
        .encode("latin-1"))
    (tmp_path / "plain.csv").write_text("x,y\n1,2\n3,4\n")
    # a quoted line break (DuckDB's parallel reader refuses it beside null_padding)
    (tmp_path / "quoted.csv").write_text('url,name\n' + 'u,"two\nlines"\n' * 20 + "v,w,x\n")
    # archives named as their layouts (upper case: discovery matches names in any case)
    (tmp_path / "ENGLAND_RTT_TRUST.CSV.GZ").write_bytes(gzip.compress(b"a,b\n1,2\n"))
    with zipfile.ZipFile(tmp_path / "20240331-RTT-March-2024-full-extract.csv.zip",
                         "w") as archive:
        archive.writestr("20240331-RTT-MARCH-2024-FULL-EXTRACT.CSV", "a,b\n1,2\n3,4\n")
        archive.writestr("__MACOSX/._20240331-RTT-March-2024-full-extract.csv",
                         "not,a,csv\n" * 9)
    (tmp_path / "unknown.csv.gz").write_bytes(gzip.compress(b"x\n" * 50))  # never opened

    def scan(mode: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", benchmark.RAW_SCAN, str(tmp_path), mode],
                              capture_output=True, text=True, check=False)

    lenient = scan("lenient")
    assert lenient.returncode == 0, lenient.stderr
    # every record, headers and title rows too; the zip's CSV, not its resource fork
    assert int(lenient.stdout.split()[-1]) == 4 + 3 + 22 + 2 + 3


def test_runs_keep_each_builds_log_phases_and_nodes_and_give_medians_and_ratios(
        benchmark, tmp_path: Path) -> None:
    runs = benchmark.Runs({k: benchmark.Measured() for k in (
        "raw_scan", "dbt_startup", "full_build", "incremental_build")})
    for n, (scan, startup, full, incremental) in enumerate(
            [(2.0, 5.0, 50.0, 20.0), (4.0, 6.0, 60.0, 10.0), (3.0, 4.0, 55.0, 30.0)]):
        runs.steps["raw_scan"].add((scan, 100.0, "", 0.5))
        runs.steps["dbt_startup"].add((startup, 200.0, "", 0.5))
        for step, seconds, peak in (("full_build", full, 1000.0 + n),
                                    ("incremental_build", incremental, 500.0)):
            output = (f"nti build: phases: landing {n + 1}.0s, dbt build {seconds - 5}s\n"
                      f"Done. PASS=1 TOTAL={7 if step == 'full_build' else 3}\n")
            runs.build(step, (seconds, peak, output, 0.5), tmp_path / f"{step}{n}.log")
    assert (tmp_path / "full_build2.log").read_text().startswith("nti build: phases: landing 3")
    summary = runs.summary()
    assert summary["dbt_nodes_run"] == {"full_build": 7, "incremental_build": 3}
    assert summary["build_phases_s"]["full_build"] == {"landing": 2.0, "dbt build": 50.0}
    assert summary["steps"]["full_build"]["median_s"] == 55.0
    assert summary["steps"]["full_build"]["peak_mb"] == 1002.0
    assert summary["full_build_minus_startup_s"] == 50.0  # 55 - 5
    assert summary["ratio_full_to_raw_scan"] == round(50.0 / 3.0, 1)
    assert summary["ratio_incremental_to_full"] == round(20.0 / 55.0, 2)
