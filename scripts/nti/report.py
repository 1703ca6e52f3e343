"""`nti report maternity`: the top and bottom of the maternity risk index, with their drivers."""

from __future__ import annotations

from pathlib import Path

import duckdb

_LATEST = """
    select index_grain, period_start, period_label
    from marts.fct_maternity_index
    where risk_rank is not null {grain_filter}
    order by period_start desc, index_grain
    limit 1
"""

_RANKED = """
    select risk_rank, org_code, coalesce(org_name, '?') as org_name, risk_band, composite_score,
           coverage, measures_scored, births, system_risk_rank, trend_class
    from marts.fct_maternity_index
    where index_grain = ? and period_start = ? and risk_rank is not null
    order by risk_rank {direction}
    limit ?
"""

_DRIVERS = """
    select org_code, measure_code, rate, england_rate, z_adjusted * direction as z_oriented,
           contribution
    from marts.fct_maternity_index_drivers
    where index_grain = ? and period_start = ? and is_scored
    qualify row_number() over (
        partition by org_code order by contribution {direction}
    ) <= ?
    order by org_code, contribution {direction}
"""


def _drivers_text(rows: list[tuple], org_code: str) -> str:
    parts = [
        f"{measure} {rate:.1f} vs {england:.1f} (z {z:+.1f})"
        for org, measure, rate, england, z, _ in rows
        if org == org_code
    ]
    return "; ".join(parts)


def maternity_report(db: Path, top: int = 10, drivers: int = 3, grain: str | None = None) -> str:
    """The text of the report: latest period, top and bottom trusts, each with its drivers."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        grain_filter = f"and index_grain = '{grain}'" if grain in ("month", "year") else ""
        latest = con.execute(_LATEST.format(grain_filter=grain_filter)).fetchone()
        if latest is None:
            return "No scored maternity index period in the warehouse."
        index_grain, period_start, label = latest
        lines = [
            f"Maternity risk index, {index_grain} {label} (higher score = more risk; z-scores "
            "are Spiegelhalter-adjusted and oriented so that higher = worse)",
        ]
        for title, direction in (("Highest risk", "asc"), ("Lowest risk", "desc")):
            ranked = con.execute(
                _RANKED.format(direction=direction), [index_grain, period_start, top]
            ).fetchall()
            driver_direction = "desc" if direction == "asc" else "asc"
            driver_rows = con.execute(
                _DRIVERS.format(direction=driver_direction), [index_grain, period_start, drivers]
            ).fetchall()
            lines.append("")
            lines.append(f"{title} {top}:")
            lines.append(
                f"{'rank':>4}  {'code':<5} {'trust':<48} {'score':>6} {'band':<25} "
                f"{'cover':>5} {'births':>6} {'sys':>4} trend"
            )
            for rank, code, name, band, score, cover, _, births, sys_rank, trend in ranked:
                lines.append(
                    f"{rank:>4}  {code:<5} {name[:48]:<48} {score:>6.2f} {band:<25} "
                    f"{cover:>5.0%} {births or 0:>6.0f} {sys_rank or '':>4} {trend}"
                )
                lines.append(f"{'':>11}drivers: {_drivers_text(driver_rows, code)}")
        return "\n".join(lines)
    finally:
        con.close()
