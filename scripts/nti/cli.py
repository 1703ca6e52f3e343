"""`nti`: the one entry point. `nti build` lands the raw files, builds and tests a new warehouse
file and publishes it as a release; `nti report` and `nti status` read the published file
read-only."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from nti import config, release
from nti.discover import Classified, LayoutMismatchError, discover
from nti.landing import land_all, previous_classification
from nti.readers import FileReadError


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


def land_into(raw: Path, origin: str, db: Path, progress: Callable[[str], None] = _say,
              full_refresh: bool = False) -> None:
    """Discover and land every raw file into db (one transaction), reusing unchanged files
    already landed there unless full_refresh; raises on a file-level error."""
    started = time.perf_counter()
    known: dict[str, Classified] = {}
    if db.exists() and not full_refresh:
        with duckdb.connect(str(db), read_only=True) as before:
            known = previous_classification(before)
    found = discover(raw, known)
    loadable = [f for f in found if f.layout]
    kept = sum(f.classified_before for f in found)
    progress(f"  found {len(found)} files, {len(loadable)} in known layouts"
             + (f" ({kept} unchanged, classified as the previous landing did)" if kept else ""))
    db.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db), config=config.duckdb_settings())
    try:
        landed = land_all(con, found, raw, origin, progress, full_refresh=full_refresh)
        superseded = con.execute(
            "select relative_path, supersession_reason from landing.file_manifest "
            "where is_current = false order by 1"
        ).fetchall()
    finally:
        con.close()
    for path, reason in superseded:
        _say(f"  superseded: {path} ({reason})")
    rejected = sum(x.rows_rejected for x in landed.values())
    reused = sum(1 for x in landed.values() if x.action == "reused")
    _say(
        f"nti land: {len(landed)} files loaded ({len(landed) - reused} landed, {reused} reused "
        f"unchanged), {sum(x.rows_read for x in landed.values()):,} rows, {rejected:,} rejected "
        f"at landing, {time.perf_counter() - started:.1f}s"
    )


def cmd_land(raw: Path, origin: str, db: Path, full_refresh: bool = False) -> int:
    """`nti land`: land into db in place (a developer command; `nti build` publishes)."""
    from nti.publish import unshare

    _say(f"nti land: raw data {raw} ({origin}) -> {db}")
    unshare(db, _say)
    release.prepare_for_writing_in_place(db)
    try:
        land_into(raw, origin, db, full_refresh=full_refresh)
    except (LayoutMismatchError, FileReadError) as exc:
        _say(f"nti land: ERROR {exc}")
        return 2
    return 0


def cmd_build(raw: Path, origin: str, db: Path, keep: int | None,
              full_refresh: bool = False) -> int:
    """`nti build`: land + dbt build into a new file; publish it onto db only if all tests pass.
    Incremental (unchanged files and their rows are reused) unless full_refresh."""
    from nti import publish

    _say(f"nti build: raw data {raw} ({origin}); published warehouse {db}"
         + (" (full refresh)" if full_refresh else ""))

    def land(build_db: Path, progress: Callable[[str], None]) -> None:
        land_into(raw, origin, build_db, progress, full_refresh=full_refresh)

    status = publish.build_and_publish(raw, origin, db, land, _say,
                                       keep=publish.keep_releases(keep),
                                       full_refresh=full_refresh)
    _say(f"nti build: {'OK' if status == 0 else 'FAILED'} on {origin} data from {raw}; "
         f"published warehouse {db}")
    return status


# dbt subcommands that read the warehouse and write none of its tables: the period hashes of the
# release record stay true, so the next build may reuse them
READ_ONLY_DBT = frozenset({"compile", "debug", "docs", "list", "ls", "parse", "show"})


def cmd_dbt(args: list[str], db: Path) -> int:
    from nti.publish import invoke_dbt, unshare

    unshare(db, _say)
    if not (args and args[0] in READ_ONLY_DBT):
        release.prepare_for_writing_in_place(db)
    _say(f"nti: dbt {' '.join(args)}")
    db.parent.mkdir(parents=True, exist_ok=True)
    return 0 if invoke_dbt(db, args).success else 1


def cmd_report(args: argparse.Namespace, db: Path) -> int:
    """Index reports, read-only: exit 2 when there is no warehouse or no trust given."""
    if not db.exists():
        _say(f"nti report: no warehouse at {db}; run `nti build` first")
        return 2
    if args.index == "value":
        from nti.value_report import value_report

        if not args.trust:
            _say("nti report value: name the trust with --trust CODE")
            return 2
        _say(value_report(db, args.trust, args.year))
        return 0
    from nti.report import maternity_report

    _say(maternity_report(db, top=args.top, grain=args.grain))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nti", description=__doc__)
    parser.add_argument("--raw-dir", help="raw data folder (default $NTI_RAW_DIR or data/raw)")
    parser.add_argument(
        "--db", help="warehouse file (default $NTI_DUCKDB_PATH or target/nti.duckdb)"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    land = sub.add_parser("land", help="discover and land raw files into the landing schema of "
                          "--db, in place (developer command: it does not publish a release)")
    land.add_argument("--full-refresh", action="store_true",
                      help="land every file again instead of reusing unchanged landed files")
    build = sub.add_parser(
        "build", help="land + dbt build (models, data tests, unit tests) into a new file, then "
        "publish it onto --db by an atomic rename only if everything passed")
    build.add_argument("--no-synthetic", action="store_true",
                       help="fail instead of generating synthetic data when no raw files exist")
    build.add_argument("--keep-releases", type=int, default=None,
                       help="release folders to keep (default $NTI_KEEP_RELEASES or 5)")
    build.add_argument("--full-refresh", action="store_true",
                       help="land every file again and run `dbt build --full-refresh` (by "
                       "default unchanged files are reused and month-growing models are "
                       "incremental)")
    sub.add_parser("status", help="the live release of the published warehouse (read-only)")
    sub.add_parser("validate", help="great-expectations suites on the landed raw layouts")
    report = sub.add_parser("report", help="print an index report from the warehouse (read-only)")
    report.add_argument("index", choices=["maternity", "value"], help="which index")
    report.add_argument("--top", type=int, default=10, help="maternity: trusts at each end")
    report.add_argument("--grain", choices=["month", "year"], help="maternity: month or year")
    report.add_argument("--trust", help="value: the trust's ODS code (required for value)")
    report.add_argument("--year", help="value: financial year such as 2016/17 (default latest)")
    fetch = sub.add_parser("fetch", add_help=False,
                           help="download publications into the raw folder (nti fetch -h)")
    fetch.add_argument("fetch_args", nargs=argparse.REMAINDER)
    pack = sub.add_parser("board-pack", add_help=False,
                          help="one-page HTML (and PDF) board pack for a trust (nti board-pack -h)")
    pack.add_argument("pack_args", nargs=argparse.REMAINDER)
    dbt = sub.add_parser("dbt", help="run a dbt command against --db in place (developer "
                         "command: writes the file; `nti build` is the publishing path)")
    dbt.add_argument("dbt_args", nargs=argparse.REMAINDER)
    return parser


PASS_THROUGH = {"fetch": "fetch_args", "board-pack": "pack_args", "dbt": "dbt_args"}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command in PASS_THROUGH:
        # options such as -h that argparse would not put in the remainder go through too
        setattr(args, PASS_THROUGH[args.command],
                [*extra, *getattr(args, PASS_THROUGH[args.command])])
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    db = config.db_path(args.db)
    if args.command == "dbt":
        return cmd_dbt(args.dbt_args, db)
    if args.command == "fetch":
        from nti import download

        return download.main(args.fetch_args, default_out=config.raw_dir(args.raw_dir))
    if args.command == "board-pack":
        from nti import board_pack

        return board_pack.main(args.pack_args, db_default=db)
    if args.command == "report":
        return cmd_report(args, db)
    if args.command == "status":
        from nti.status import status_text

        _say(status_text(db))
        return 0 if db.exists() else 2
    if args.command == "validate":
        from nti import gx_validate

        return gx_validate.main(["--db", str(db), "--report", str(db.parent / "gx_report.md")])
    raw, origin = resolve_data(args.raw_dir, allow_synthetic=args.command == "build"
                               and not getattr(args, "no_synthetic", False))
    if args.command == "land":
        return cmd_land(raw, origin, db, args.full_refresh)
    return cmd_build(raw, origin, db, args.keep_releases, args.full_refresh)


if __name__ == "__main__":
    sys.exit(main())
