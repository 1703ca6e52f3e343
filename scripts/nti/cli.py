"""`nti`: the one entry point. `nti build` lands the raw files and builds the warehouse."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import duckdb

from nti import config
from nti.discover import LayoutMismatchError, discover
from nti.landing import land_all


def _say(message: str) -> None:
    print(message, flush=True)


def resolve_data(raw_arg: str | None, allow_synthetic: bool) -> tuple[Path, str]:
    """The folder to land and whether it holds real or synthetic data."""
    raw = config.raw_dir(raw_arg)
    if config.has_data_files(raw):
        return raw, config.data_origin(raw)
    if not allow_synthetic:
        raise SystemExit(f"nti: no raw files in {raw}; set NTI_RAW_DIR or pass --raw-dir")
    from nti import synthetic

    out = config.DEFAULT_SYNTHETIC_DIR
    _say(f"nti: no raw files in {raw}: generating SYNTHETIC publications in {out}")
    synthetic.generate(out)
    return out, "synthetic"


def cmd_land(raw: Path, origin: str, db: Path) -> int:
    _say(f"nti land: raw data {raw} ({origin}) -> {db}")
    started = time.perf_counter()
    try:
        found = discover(raw)
    except LayoutMismatchError as exc:
        _say(f"nti land: ERROR {exc}")
        return 2
    loadable = [f for f in found if f.layout]
    _say(f"  found {len(found)} files, {len(loadable)} in known layouts")
    db.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db))
    try:
        landed = land_all(con, found, raw, origin, _say)
        superseded = con.execute(
            "select relative_path, supersession_reason from landing.file_manifest "
            "where is_current = false order by 1"
        ).fetchall()
    finally:
        con.close()
    for path, reason in superseded:
        _say(f"  superseded: {path} ({reason})")
    rejected = sum(x.rows_rejected for x in landed.values())
    _say(
        f"nti land: {len(landed)} files landed, {sum(x.rows_read for x in landed.values()):,} "
        f"rows read, {rejected:,} rejected at landing, {time.perf_counter() - started:.1f}s"
    )
    return 0


def cmd_dbt(args: list[str], db: Path) -> int:
    from dbt.cli.main import dbtRunner

    os.environ["NTI_DUCKDB_PATH"] = str(db)
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    os.chdir(config.PROJECT_DIR)
    _say(f"nti: dbt {' '.join(args)}")
    result = dbtRunner().invoke([*args, "--project-dir", str(config.PROJECT_DIR),
                                 "--profiles-dir", str(config.PROJECT_DIR)])
    return 0 if result.success else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nti", description=__doc__)
    parser.add_argument("--raw-dir", help="raw data folder (default $NTI_RAW_DIR or data/raw)")
    parser.add_argument(
        "--db", help="warehouse file (default $NTI_DUCKDB_PATH or target/nti.duckdb)"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("land", help="discover and land raw files into the landing schema")
    build = sub.add_parser("build", help="land, then dbt build (models, data tests, unit tests)")
    build.add_argument("--no-synthetic", action="store_true",
                       help="fail instead of generating synthetic data when no raw files exist")
    sub.add_parser("validate", help="great-expectations suites on the landed raw layouts")
    report = sub.add_parser("report", help="print an index report from the warehouse (read-only)")
    report.add_argument("index", choices=["maternity"], help="which index")
    report.add_argument("--top", type=int, default=10, help="trusts at each end (default 10)")
    report.add_argument("--grain", choices=["month", "year"], help="latest month or latest year")
    dbt = sub.add_parser("dbt", help="run a dbt command against the warehouse")
    dbt.add_argument("dbt_args", nargs=argparse.REMAINDER)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    db = config.db_path(args.db)
    if args.command == "dbt":
        return cmd_dbt(args.dbt_args, db)
    if args.command == "report":
        from nti.report import maternity_report

        if not db.exists():
            _say(f"nti report: no warehouse at {db}; run `nti build` first")
            return 2
        _say(maternity_report(db, top=args.top, grain=args.grain))
        return 0
    if args.command == "validate":
        from nti import gx_validate

        return gx_validate.main(["--db", str(db), "--report", str(db.parent / "gx_report.md")])
    raw, origin = resolve_data(args.raw_dir, allow_synthetic=args.command == "build"
                               and not getattr(args, "no_synthetic", False))
    status = cmd_land(raw, origin, db)
    if status or args.command == "land":
        return status
    status = cmd_dbt(["build"], db)
    _say(f"nti build: {'OK' if status == 0 else 'FAILED'} on {origin} data from {raw}; "
         f"warehouse {db}")
    return status


if __name__ == "__main__":
    sys.exit(main())
