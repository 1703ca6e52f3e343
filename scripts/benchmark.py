"""Benchmark the warehouse at national scale (a benchmark, not a test).

    .venv/bin/python scripts/benchmark.py --months 12 60 120 --runs 3 --out target/benchmark

For each size it generates national-scale synthetic publications with the project's generator
(130 trusts, about 85,000 exp-data and 70,000 exp-measures rows a month), then measures, as the
median of --runs runs, each step in a fresh process (peak memory = that process's max RSS; the
1-minute load average is recorded at the start of every step, since the machine may be shared):
- raw-scan floor: DuckDB reading every raw CSV once with the parsing options landing uses;
- dbt start-up: `dbt build` selecting nothing (parse, connect), reported apart;
- full build: `nti build` into an empty warehouse (landing + dbt build with all tests);
- incremental build: one more month added to the raw folder, `nti build` on the built warehouse
  (unchanged files reused, month-growing models incremental; with --full-refresh the build
  after the new month runs `nti build --full-refresh` instead, for comparison);
- pandas reference: the open dashboards' way (read every exp-measures CSV with pandas, 12-month
  rolling CQIM rates from summed numerators and denominators, England z-scores), checked equal
  to the same figures computed from the warehouse's monthly counts; and the same reading every
  monthly CSV (exp-data, exp-measures and exp-dq), as the dashboards load them
  (`pandas_every_csv`);
- the phases of each `nti build` (copy of the release, landing, dbt build, release record,
  Parquet, publish) from its `phases:` line;
- our equivalent path: what produces the same rolling rates and z-scores in the warehouse, so
  the pandas comparison is like for like: `nti land` into an empty file, then `dbt build` of
  the seeds and models up to int_maternity_measure_standardised (no tests, no other indices,
  no publish);
- analyst query latency on the built warehouse (the analyses/ queries on the marts).
Writes benchmark.json and benchmark.md (a table with the ratios the README quotes).

    .venv/bin/python scripts/benchmark.py --real ../shared/data/raw --runs 3 --out target/bench-real

measures the same builds on the real corpus (every layout it comes in: .xlsx, .xls, CSV copies,
archives): the full build, dbt's start-up, and the incremental build that lands the corpus's
newest MSDS months (landing.newest_monthly_files, every copy) on a release built without them,
with the raw-scan floor over every line of its CSV files and archives. The pandas reference
needs 12 monthly exp-measures CSVs, which the real corpus does not hold, so it runs at national
scale only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from nti.landing import newest_monthly_files  # this checkout's: scripts/ is on sys.path
from nti.publish import Paths
from nti.release import code_version

PROJECT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
# Run this checkout's own code, whatever package the interpreter has installed.
NTI = [PYTHON, "-m", "nti.cli"]
TRUSTS = 130
START = "2015-04"
SEED = 11

RAW_SCAN = """
import duckdb, glob, sys, tempfile
from pathlib import Path
con = duckdb.connect()
rows = 0
# sys.argv[2] 'strict': the synthetic publications (clean CSVs with a header line);
# 'lenient': the real corpus, whose CSVs include title rows, other encodings, ragged lines and
# quoted line breaks (landed by the exact Python reader), read with DuckDB's most forgiving
# options, counting every line. An archive of a layout's file name is read as landing reads
# it: its CSV (a zip's expected member) decompressed to a scratch file by archives.extract_csv.
options = ("all_varchar=true, header=true, sample_size=-1" if sys.argv[2] == 'strict' else
           "all_varchar=true, header=false, sample_size=-1, strict_mode=false, "
           "null_padding=true, ignore_errors=true, parallel=false")
def scan(path):
    return con.execute(f"select count(*) from read_csv(?, {options})", [str(path)]).fetchone()[0]
for path in sorted(Path(p) for p in glob.glob(sys.argv[1] + '/**/*', recursive=True)):
    name = path.name.lower()  # as discovery matches names
    if name.endswith('.csv'):
        rows += scan(path)
    elif name.endswith(('.csv.gz', '.csv.zip')):
        from nti import archives, layouts
        family = layouts.family_of(path.name)
        if family is None:  # opened only for a known layout's file name (discover.py)
            continue
        with tempfile.TemporaryDirectory() as scratch:
            target = Path(scratch) / 'member.csv'
            if archives.extract_csv(path, family.name, target, 0, 1 << 40):
                rows += scan(target)
print(rows)
"""

PANDAS_PIPELINE = """
import glob, json, math, sys
import pandas as pd
frames = []
# sys.argv[3]: 'measures' reads the exp-measures CSVs only (what the z-scores need); 'all' reads
# every monthly CSV (exp-data, exp-measures, exp-dq), as the open dashboards load them
kinds = ('measures',) if sys.argv[3] == 'measures' else ('data', 'measures', 'dq')
for path in sorted(glob.glob(sys.argv[1] + '/msds_monthly/msds-*-exp-*.csv')):
    if 'Provisional' in path or path.rsplit('-', 1)[1][:-4] not in kinds:
        continue
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if path.endswith('-exp-measures.csv'):
        frames.append(frame)
data = pd.concat(frames)
succ = pd.read_csv(sys.argv[1] + '/ods/succ.csv', header=None, dtype=str)
successor = dict(zip(succ[0], succ[1]))
data['Org_Code'] = data.Org_Code.map(lambda code: successor.get(code, code))
data = data[(data.Org_Level == 'Provider') & (data.IndicatorFamily == 'CQIM_Rate')
            & data.Currency.isin(['Numerator', 'Denominator'])]
data['value'] = pd.to_numeric(data.Value, errors='coerce')
data['month'] = pd.to_datetime(data.RPStartDate, format='%d/%m/%Y')
wide = data.pivot_table(index=['Org_Code', 'Indicator', 'month'], columns='Currency',
                        values='value', aggfunc='sum').reset_index()
wide = wide.dropna(subset=['Numerator', 'Denominator'])
latest = wide.month.max()
window = wide[wide.month > latest - pd.DateOffset(months=12)]
rolled = window.groupby(['Org_Code', 'Indicator'])[['Numerator', 'Denominator']].sum()
rolled = rolled[rolled.Denominator > 0].reset_index()
england = rolled.groupby('Indicator')[['Numerator', 'Denominator']].sum()
p0 = (england.Numerator / england.Denominator).rename('p0')
rolled = rolled.join(p0, on='Indicator')
rolled['rate'] = rolled.Numerator / rolled.Denominator
rolled['z'] = (rolled.rate - rolled.p0) / (rolled.p0 * (1 - rolled.p0) / rolled.Denominator) ** 0.5
out = {f"{r.Org_Code}|{r.Indicator}": round(r.z, 6) for r in rolled.itertuples()
       if not math.isnan(r.z)}
json.dump(out, open(sys.argv[2], 'w'))
print(len(out))
"""

WAREHOUSE_Z = """
with counts as (
    select c.org_code, m.source_measure as indicator, c.period_start, c.numerator,
           c.denominator
    from intermediate.int_maternity_measure_counts as c
    inner join reference.maternity_measures as m on c.measure_code = m.measure_code
    where c.period_grain = 'month' and m.source_kind = 'indicator'
      and m.source_measure like 'CQIM%' and not c.is_suppressed
      and c.numerator is not null and c.denominator is not null
),
latest as (select max(period_start) as latest from counts),
rolled as (
    select org_code, indicator, sum(numerator) as x, sum(denominator) as n
    from counts, latest
    where period_start > latest - interval 12 month
    group by all having sum(denominator) > 0
),
england as (select indicator, sum(x) / sum(n) as p0 from rolled group by indicator)
select rolled.org_code || '|' || rolled.indicator,
       round((x / n - p0) / sqrt(p0 * (1 - p0) / n), 6)
from rolled inner join england using (indicator)
where p0 > 0 and p0 < 1
"""


@dataclass
class Measured:
    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    load_at_start: list[float] = field(default_factory=list)

    def add(self, measured: tuple[float, float, str, float]) -> str:
        seconds, peak, output, load = measured
        self.seconds.append(seconds)
        self.peak_mb.append(peak)
        self.load_at_start.append(load)
        return output

    @property
    def median_s(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def peak(self) -> float:
        return max(self.peak_mb) if self.peak_mb else float("nan")


def run(cmd: list[str], env: dict[str, str] | None = None
        ) -> tuple[float, float, str, float]:
    """Run a command in a fresh process: seconds, its peak RSS in MB, its output and the
    1-minute load average when it started."""
    load = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env={**os.environ, "DO_NOT_TRACK": "1",
                                 "PYTHONPATH": str(PROJECT / "scripts"), **(env or {})},
                            text=True)
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{output[-4000:]}")
    return seconds, usage.ru_maxrss / 1024, output, round(load, 2)


def build_phases(output: str) -> dict[str, float]:
    """Seconds of each step of `nti build` from its `phases:` line."""
    line = next(x for x in output.splitlines() if x.startswith("nti build: phases: "))
    parts = (p.rsplit(" ", 1) for p in line.removeprefix("nti build: phases: ").split(", "))
    return {name: float(seconds.rstrip("s")) for name, seconds in parts}


def dbt_nodes(output: str) -> int:
    """Nodes dbt ran in a build, from its `Done. ... TOTAL=N` line (0 if none)."""
    totals = re.findall(r"\bTOTAL=(\d+)", output)
    return int(totals[-1]) if totals else 0


@dataclass
class Runs:
    """What the runs of one size (or of the real corpus) measured: each step's times and peak
    memory, and of each build its phases and the nodes dbt ran."""

    steps: dict[str, Measured]
    phases: dict[str, list[dict[str, float]]] = field(
        default_factory=lambda: {"full_build": [], "incremental_build": []})
    nodes: dict[str, int] = field(default_factory=dict)

    def build(self, step: str, measured: tuple[float, float, str, float], log: Path) -> None:
        """One `nti build` measured as `step`; its output kept in log."""
        output = self.steps[step].add(measured)
        log.write_text(output)
        self.phases[step].append(build_phases(output))
        self.nodes[step] = dbt_nodes(output)

    def scan_full_and_startup(self, raw: Path, scan: str, db: Path, log: Path) -> int:
        """One run of the raw-scan floor (RAW_SCAN's `scan` options), the full build of raw
        into a fresh warehouse db, and dbt's start-up; the rows the scan read."""
        rows = int(self.steps["raw_scan"].add(
            run([PYTHON, "-c", RAW_SCAN, str(raw), scan])).strip().splitlines()[-1])
        db.parent.mkdir(parents=True, exist_ok=True)
        fresh_warehouse(db)
        self.build("full_build", nti_build(raw, db), log)
        # on a file named as the builds' (dbt runs on the bare name, publish.dbt_on: another
        # name re-parses the project), a scratch file, not the published one (nti dbt would
        # unshare it first)
        startup_db = Paths(db).build_db
        self.steps["dbt_startup"].add(run([*NTI, "--db", str(startup_db), "dbt", "build",
                                           "-s", "tag:no_such_tag"]))
        startup_db.unlink(missing_ok=True)
        return rows

    def summary(self) -> dict[str, object]:
        """The steps, the builds' median phases and nodes, and the ratios both kinds report."""
        full, incremental = self.steps["full_build"], self.steps["incremental_build"]
        full_net = full.median_s - self.steps["dbt_startup"].median_s
        return {
            "steps": {k: {"median_s": round(v.median_s, 2),
                          "runs_s": [round(x, 2) for x in v.seconds],
                          "peak_mb": round(v.peak, 1), "load_at_start": v.load_at_start}
                      for k, v in self.steps.items()},
            "build_phases_s": {k: {p: round(statistics.median(r[p] for r in runs_), 2)
                                   for p in runs_[0]}
                               for k, runs_ in self.phases.items() if runs_},
            "dbt_nodes_run": self.nodes,
            "full_build_minus_startup_s": round(full_net, 2),
            "ratio_full_to_raw_scan": round(full_net / self.steps["raw_scan"].median_s, 1),
            "ratio_incremental_to_full": round(incremental.median_s / full.median_s, 2),
        }


def fresh_warehouse(db: Path) -> None:
    """Remove a published warehouse, its release record and its releases."""
    for old in (db, db.with_name(db.stem + ".release.json")):
        old.unlink(missing_ok=True)
    shutil.rmtree(db.parent / "releases", ignore_errors=True)


def nti_build(raw: Path, db: Path, *extra: str) -> tuple[float, float, str, float]:
    return run([*NTI, "--raw-dir", str(raw), "--db", str(db), "build", "--no-synthetic",
                *extra])


def generate(folder: Path, months: int) -> None:
    if (folder / ".nti-synthetic").exists():
        return
    print(f"  generating {months} months x {TRUSTS} trusts in {folder}", flush=True)
    run([PYTHON, "-m", "nti.synthetic", "--out", str(folder), "--trusts", str(TRUSTS),
         "--months", str(months), "--start", START, "--seed", str(SEED), "--scale", "national",
         "--no-provisional", "--no-annual"])


def add_next_month(raw: Path, months: int, scratch: Path) -> None:
    """Generate months + 1 with the same seed and copy only the new month's files in."""
    generate(scratch, months + 1)
    before = {p.name for p in raw.rglob("*.csv")}
    for path in scratch.rglob("*.csv"):
        if path.name not in before:
            target = raw / path.relative_to(scratch)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


EQUIVALENT_MODELS = "+int_maternity_measure_standardised"


def measure_size(months: int, runs: int, out: Path, full_refresh: bool) -> dict[str, object]:
    print(f"== {months} months", flush=True)
    raw = out / f"data_{months}"
    generate(raw, months)
    csv_bytes = sum(p.stat().st_size for p in raw.rglob("*.csv"))
    measured = Runs({k: Measured() for k in (
        "raw_scan", "dbt_startup", "full_build", "incremental_build", "pandas",
        "pandas_every_csv", "equivalent_land", "equivalent_dbt")})
    result = measured.steps
    rows = 0
    grown = out / f"data_{months}_plus1"
    if grown.exists():
        shutil.rmtree(grown)
    shutil.copytree(raw, grown)
    add_next_month(grown, months, out / f"data_{months + 1}")
    db = out / f"warehouse_{months}.duckdb"
    for n in range(runs):
        print(f"  run {n + 1}/{runs}", flush=True)
        rows = measured.scan_full_and_startup(raw, "strict", db,
                                              out / f"full_build_{months}_run{n + 1}.log")
        z_file = out / f"pandas_z_{months}.json"
        result["pandas"].add(run([PYTHON, "-c", PANDAS_PIPELINE, str(raw), str(z_file),
                                  "measures"]))
        every_csv_z = out / f"pandas_every_csv_z_{months}.json"
        result["pandas_every_csv"].add(run([PYTHON, "-c", PANDAS_PIPELINE, str(raw),
                                            str(every_csv_z), "all"]))
        if n == 0:
            mismatches = compare_with_pandas(db, z_file) + compare_with_pandas(db, every_csv_z)
            latencies = query_latencies(db)
        equivalent = out / f"equivalent_{months}.duckdb"
        equivalent.unlink(missing_ok=True)
        result["equivalent_land"].add(run([*NTI, "--raw-dir", str(raw), "--db",
                                           str(equivalent), "land"]))
        # in a target folder of its own: dbt on another file name parses the project again and
        # would leave a parse the next `nti build` cannot reuse, as a monthly build reuses the
        # previous build's
        result["equivalent_dbt"].add(run(
            [*NTI, "--db", str(equivalent), "dbt", "build", "-s", EQUIVALENT_MODELS,
             "--resource-type", "model", "--resource-type", "seed"],
            env={"DBT_TARGET_PATH": str(out / "equivalent_target")}))
        if n == 0:
            equivalent_mismatches = compare_with_pandas(equivalent, z_file)
        equivalent.unlink(missing_ok=True)
        measured.build("incremental_build", nti_build(
            grown, db, *(["--full-refresh"] if full_refresh else [])),
            out / f"incremental_build_{months}_run{n + 1}.log")
    equivalent_s = result["equivalent_land"].median_s + result["equivalent_dbt"].median_s
    equivalent_peak = max(result["equivalent_land"].peak, result["equivalent_dbt"].peak)
    return {
        "months": months, "trusts": TRUSTS, "raw_rows": rows, "raw_mb": round(csv_bytes / 2**20),
        "incremental_mode": "full refresh" if full_refresh else "incremental",
        **measured.summary(),
        "equivalent_path_s": round(equivalent_s, 2),
        "equivalent_path_peak_mb": round(equivalent_peak, 1),
        "ratio_time_ours_to_pandas": round(
            result["full_build"].median_s / result["pandas"].median_s, 2),
        "ratio_memory_ours_to_pandas": round(
            result["full_build"].peak / result["pandas"].peak, 2),
        "ratio_time_ours_to_pandas_every_csv": round(
            result["full_build"].median_s / result["pandas_every_csv"].median_s, 2),
        "ratio_time_equivalent_to_pandas_every_csv": round(
            equivalent_s / result["pandas_every_csv"].median_s, 2),
        "ratio_memory_equivalent_to_pandas_every_csv": round(
            equivalent_peak / result["pandas_every_csv"].peak, 2),
        "ratio_time_incremental_to_pandas_every_csv": round(
            result["incremental_build"].median_s / result["pandas_every_csv"].median_s, 2),
        "ratio_time_equivalent_to_pandas": round(equivalent_s / result["pandas"].median_s, 2),
        "ratio_memory_equivalent_to_pandas": round(
            equivalent_peak / result["pandas"].peak, 2),
        "pandas_results_equal": mismatches == 0,
        "pandas_mismatches": mismatches,
        "equivalent_results_equal": equivalent_mismatches == 0,
        "query_latency_ms": latencies,
    }


REAL_MONTHS_HELD_BACK = 2
REAL_DB_NAME = "warehouse_real.duckdb"


def measure_real(real: Path, runs: int, out: Path) -> dict[str, object]:
    """The builds on the real corpus: full; dbt's start-up; incremental, landing the newest
    MSDS months on a release built without them; the raw-scan floor over every line of its CSV
    files and archives.
    Each warehouse in a folder of its own (a folder holds one warehouse's releases), under
    one file name (dbt's partial parse is kept per name, publish.dbt_on)."""
    print(f"== real corpus {real}", flush=True)
    measured = Runs({k: Measured() for k in ("raw_scan", "dbt_startup", "full_build",
                                             "incremental_build")})
    full_db = out / "real_full" / REAL_DB_NAME
    incremental_db = out / "real_incremental" / REAL_DB_NAME
    partial = out / "real_without_newest_months"
    held_back: list[str] = []
    rows = 0
    for n in range(runs):
        print(f"  run {n + 1}/{runs}", flush=True)
        rows = measured.scan_full_and_startup(real, "lenient", full_db,
                                              out / f"full_build_real_run{n + 1}.log")
        if n == 0:
            held_back = newest_monthly_files(full_db, REAL_MONTHS_HELD_BACK)
            if not held_back:
                raise SystemExit(f"no MSDS monthly file landed from {real}: nothing to add")
            shutil.rmtree(partial, ignore_errors=True)
            shutil.copytree(real, partial)
            for relative in held_back:
                (partial / relative).unlink()
        incremental_db.parent.mkdir(parents=True, exist_ok=True)
        fresh_warehouse(incremental_db)
        nti_build(partial, incremental_db)  # the release before the newest months: not timed
        measured.build("incremental_build", nti_build(real, incremental_db),
                       out / f"incremental_build_real_run{n + 1}.log")
    shutil.rmtree(partial, ignore_errors=True)
    files = [p for p in real.rglob("*") if p.is_file()]
    return {
        "corpus": "real", "raw_dir": str(real), "files": len(files),
        "raw_mb": round(sum(p.stat().st_size for p in files) / 2**20),
        "csv_rows_scanned": rows, "newest_months_added": held_back, **measured.summary(),
    }


def compare_with_pandas(db: Path, z_file: Path) -> int:
    import duckdb

    pandas_z = json.loads(z_file.read_text())
    con = duckdb.connect(str(db), read_only=True)
    try:
        ours = dict(con.execute(WAREHOUSE_Z).fetchall())
    finally:
        con.close()
    keys = set(pandas_z) | set(ours)
    return sum(1 for k in keys if k not in ours or k not in pandas_z
               or abs(float(ours[k]) - float(pandas_z[k])) > 1e-5)


def query_latencies(db: Path) -> dict[str, float]:
    """Median latency of each analyses/ query that reads the maternity marts."""
    import duckdb

    # compiled on a scratch file of the same name (dbt keeps its partial parse): `nti dbt` on the
    # published file would first give it a copy of its own (publish.unshare), a GB at 60 months
    scratch = Paths(db).build_db
    run([*NTI, "--db", str(scratch), "dbt", "compile", "-s", "resource_type:analysis"])
    scratch.unlink(missing_ok=True)
    target = Path(os.environ.get("DBT_TARGET_PATH", PROJECT / "target"))
    compiled = (PROJECT / target) / "compiled" / "nhs_trust_index" / "analyses"
    con = duckdb.connect(str(db), read_only=True)
    latencies: dict[str, float] = {}
    try:
        for path in sorted(compiled.glob("maternity_index_*.sql")):
            sql = path.read_text().replace('"nti".', f'"{db.stem}".')
            times = []
            for _ in range(5):
                started = time.perf_counter()
                con.execute(sql).fetchall()
                times.append((time.perf_counter() - started) * 1000)
            latencies[path.stem] = round(statistics.median(times), 1)
    finally:
        con.close()
    return latencies


def markdown(results: list[dict[str, object]]) -> str:
    lines = [
        "| months | raw rows | raw scan s | dbt start-up s | full build s (net) | "
        "incremental s | pandas s (every CSV s) | equivalent path s | full/raw | incr/full | "
        "ours/pandas time | ours/pandas memory | equivalent/pandas time (every CSV) | "
        "equivalent/pandas memory (every CSV) | peak MB (full; incr) | pandas equal | "
        "load at start |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        s = r["steps"]
        assert isinstance(s, dict)
        lines.append(
            f"| {r['months']} | {r['raw_rows']:,} | {s['raw_scan']['median_s']} | "
            f"{s['dbt_startup']['median_s']} | {s['full_build']['median_s']} "
            f"({r['full_build_minus_startup_s']}) | {s['incremental_build']['median_s']} | "
            f"{s['pandas']['median_s']} ({s['pandas_every_csv']['median_s']}) | "
            f"{r['equivalent_path_s']} | "
            f"{r['ratio_full_to_raw_scan']}x | "
            f"{r['ratio_incremental_to_full']} | {r['ratio_time_ours_to_pandas']} | "
            f"{r['ratio_memory_ours_to_pandas']} | {r['ratio_time_equivalent_to_pandas']} "
            f"({r['ratio_time_equivalent_to_pandas_every_csv']}) | "
            f"{r['ratio_memory_equivalent_to_pandas']} "
            f"({r['ratio_memory_equivalent_to_pandas_every_csv']}) | "
            f"{s['full_build']['peak_mb']}; "
            f"{s['incremental_build']['peak_mb']} | {r['pandas_results_equal']} | "
            f"{max(s['full_build']['load_at_start'])} |"
        )
    return "\n".join(lines) + "\n"


def markdown_real(r: dict[str, object]) -> str:
    s, added = r["steps"], r["newest_months_added"]
    assert isinstance(s, dict) and isinstance(added, list)
    return (
        "| corpus | files (MB) | lines scanned (CSV, .gz, .zip) | raw scan s | dbt start-up s | "
        "full build s (net) | incremental s (newest months' files) | full/raw | incr/full | "
        "peak MB (full; incr) | load at start |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|\n"
        f"| real | {r['files']} ({r['raw_mb']}) | {r['csv_rows_scanned']:,} | "
        f"{s['raw_scan']['median_s']} | {s['dbt_startup']['median_s']} | "
        f"{s['full_build']['median_s']} ({r['full_build_minus_startup_s']}) | "
        f"{s['incremental_build']['median_s']} ({len(added)}) | "
        f"{r['ratio_full_to_raw_scan']}x | {r['ratio_incremental_to_full']} | "
        f"{s['full_build']['peak_mb']}; {s['incremental_build']['peak_mb']} | "
        f"{max(s['full_build']['load_at_start'])} |\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--months", type=int, nargs="+",
                        help="national-scale sizes (default 12 60; none with --real alone)")
    parser.add_argument("--real", type=Path, metavar="RAW_DIR",
                        help="also (or, without --months, only) benchmark the real corpus here")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=PROJECT / "target" / "benchmark")
    parser.add_argument("--full-refresh", action="store_true",
                        help="run the build after the new month with `nti build --full-refresh`")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.real is not None and not args.real.is_dir():
        parser.error(f"--real {args.real}: no such folder")
    sizes = args.months if args.months is not None else [] if args.real else [12, 60]
    results: list[dict[str, object]] = []
    version = code_version()  # the commit measured (-dirty: with uncommitted changes)

    def write_json() -> None:  # after every size, so a long run leaves what it measured
        (args.out / "benchmark.json").write_text(json.dumps(
            {"command": " ".join(["python", *sys.argv]),
             "code_version": version,
             "started_load_avg": os.getloadavg(),
             "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                         "max_rss_self_mb":
                             resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024},
             "results": results}, indent=2, default=str))

    if args.real is not None:
        results.append(measure_real(args.real.resolve(), args.runs, args.out))
        write_json()
    for months in sizes:
        results.append(measure_size(months, args.runs, args.out, args.full_refresh))
        write_json()
    synthetic = [r for r in results if "months" in r]
    table = "\n".join([*(markdown_real(r) for r in results if "months" not in r),
                        *([markdown(synthetic)] if synthetic else [])])
    (args.out / "benchmark.md").write_text(table)
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
