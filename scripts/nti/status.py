"""`nti status`: the live release of the published warehouse and the kept releases (read-only)."""

from __future__ import annotations

from pathlib import Path

from nti import release
from nti.publish import Paths


def status_text(db: Path) -> str:
    if not db.exists():
        return f"nti status: no published warehouse at {db}; run `nti build`"
    live = release.live_release(db)
    if live is None:
        return f"nti status: {db} holds no release record (built before releases existed)"
    lines = [
        f"Published warehouse: {db} (open it read-only)",
        f"Live release: {live['release_id']} published {live['published_at']}, code "
        f"{live['code_version']}, dbt {live['dbt_version']}, duckdb {live['duckdb_version']}, "
        f"built in {live['build_seconds']}s from {live['data_origin']} data",
        f"Inputs: {sum(1 for i in live['inputs'] if i['status'] == 'loaded')} files loaded, "
        f"{live['rows_read']:,} rows read, {live['rows_quarantined']:,} quarantined",
        "Periods per source:",
    ]
    by_source: dict[str, list[str]] = {}
    for p in live["periods"]:
        by_source.setdefault(p["source"], []).append(
            f"{p['period_start']}..{p['period_end']}" if p["period_start"] else "snapshot")
    for source, spans in by_source.items():
        shown = spans if len(spans) <= 4 else [spans[0], "...", spans[-1]]
        lines.append(f"  {source:<20} {len(spans):>3} period(s): {', '.join(shown)}")
    lines.append("Marts (rows):")
    for mart, info in live["marts"].items():
        lines.append(f"  {mart:<36} {info['rows']:>9,}")
    paths = Paths(db)
    kept = sorted((d for d in paths.root.glob("*") if d.is_dir() and d.name[:1].isdigit()),
                  reverse=True) if paths.root.is_dir() else []
    lines.append(f"Kept releases in {paths.root}:")
    for folder in kept:
        mark = "  <- live" if folder.name == live["release_id"] else ""
        lines.append(f"  {folder.name}{mark}")
    history = release.history(db)
    lines.append(f"Release history recorded in this file: {len(history)} release(s)")
    return "\n".join(lines)
