"""Board pack: one self-contained HTML page for one trust, built from the marts (read-only).

Sections: position on the maternity index (with a funnel plot of the top driver against England),
the measures that drive it, the trend as an SPC chart, the equality profile against England, the
board safety position, and the value position against peers when the value marts exist. Each
section says in one sentence how to read it. Charts are inline SVG (`nti.svg_charts`); the page
loads nothing from anywhere. `render_pdf` / `render_png` print it with headless Chromium.
"""

from __future__ import annotations

import argparse
import math
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

import duckdb

from nti import svg_charts as charts

TREND_POINTS = 12
TOP_DRIVERS = 8
VALUE_MARTS = ("fct_value_index", "fct_trapped_value", "dim_trust_peers")


class BoardPackError(Exception):
    """A board pack that cannot be built, with a message for a person."""


Row = dict[str, Any]


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] = ()) -> list[Row]:
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] = ()) -> Row | None:
    found = _rows(con, sql, params)
    return found[0] if found else None


def _tables(con: duckdb.DuckDBPyConnection, schema: str) -> set[str]:
    return {r["table_name"] for r in _rows(
        con, "select table_name from information_schema.tables where table_schema = ?", [schema])}


def _num(value: object, digits: int = 1, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "&ndash;"
    if isinstance(value, int | float):
        return f"{value:,.{digits}f}{unit}"
    return escape(str(value))


def _pct(value: object) -> str:
    return "&ndash;" if value is None else f"{float(value):.0%}"  # type: ignore[arg-type]


def _label(value: object) -> str:
    return escape(str(value).replace("_", " ")) if value is not None else "&ndash;"


# ------------------------------------------------------------------------------------ data


@dataclass
class PackData:
    org_code: str
    index: Row
    ranked_trusts: int
    drivers: list[Row]
    funnel_measure: Row | None
    funnel_points: list[Row]
    trend: list[Row]
    profile: list[Row]
    trajectories: list[Row]
    mis: Row | None
    value_tables: dict[str, list[Row]]
    missing_value_marts: list[str]
    data_origin: str | None


def _latest_index_row(con: duckdb.DuckDBPyConnection, org: str, grain: str | None) -> Row:
    grain_sql = "and index_grain = ?" if grain else ""
    params: list[object] = [org, *([grain] if grain else [])]
    row = _one(con, f"""
        select * from marts.fct_maternity_index
        where org_code = ? {grain_sql} and composite_score is not null
        order by risk_rank is null, period_start desc, index_grain = 'year'
        limit 1""", params)
    if row is None:
        known = _one(con, "select org_name from marts.dim_trusts where org_code = ?", [org])
        what = f"{org} ({known['org_name']})" if known else org
        raise BoardPackError(f"no maternity index score for {what}"
                             f"{' at ' + grain + ' grain' if grain else ''}; "
                             "is it a trust with maternity services? "
                             "`nti report maternity` lists the scored trusts")
    return row


def _drivers(con: duckdb.DuckDBPyConnection, index: Row) -> list[Row]:
    return _rows(con, """
        select measure_code, measure_name, domain, rate, england_rate, rate_scale, numerator,
               denominator, z_oriented, contribution, contribution_rank, weight
        from marts.fct_maternity_index_drivers
        where org_code = ? and index_grain = ? and period_start = ? and is_scored
        order by contribution desc""",
                 [index["org_code"], index["index_grain"], index["period_start"]])


def _funnel(con: duckdb.DuckDBPyConnection, index: Row, measure: str) -> list[Row]:
    return _rows(con, """
        select org_code, rate, denominator, england_rate, rate_scale
        from marts.fct_maternity_index_drivers
        where index_grain = ? and period_start = ? and measure_code = ? and is_scored
          and rate is not null and denominator > 0""",
                 [index["index_grain"], index["period_start"], measure])


def _profile(con: duckdb.DuckDBPyConnection, org: str) -> list[Row]:
    for grain in ("rolling_12_months", "year", "month"):
        rows = _rows(con, """
            select * from marts.fct_maternity_population_profile
            where org_level = 'Provider' and org_code = ? and period_grain = ?
              and group_type in ('ethnic_group', 'imd_quintile', 'completeness')
            qualify period_start = max(period_start) over ()
            order by dimension, group_type, group_code""", [org, grain])
        if rows:
            return rows
    return []


def _trajectories(con: duckdb.DuckDBPyConnection, org: str) -> list[Row]:
    return _rows(con, """
        select * from marts.fct_board_safety_trajectories
        where org_code = ?
        qualify row_number() over (partition by ambition, series order by period_start desc) = 1
        order by ambition, series""", [org])


def _value(con: duckdb.DuckDBPyConnection, org: str,
           present: set[str]) -> tuple[dict[str, list[Row]], list[str]]:
    tables, missing = {}, []
    for name in VALUE_MARTS:
        if name not in present:
            missing.append(name)
            continue
        columns = {r["column_name"] for r in _rows(con, """
            select column_name from information_schema.columns
            where table_schema = 'marts' and table_name = ?""", [name])}
        if "org_code" not in columns:
            missing.append(f"{name} (no org_code column)")
            continue
        order = "order by period_start desc" if "period_start" in columns else ""
        tables[name] = _rows(con, f"select * from marts.{name} where org_code = ? {order} "
                                  "limit 12", [org])
    return tables, missing


def load_pack_data(db_path: Path, org_code: str, grain: str | None = None) -> PackData:
    if not Path(db_path).exists():
        raise BoardPackError(f"no warehouse at {db_path}; run `nti build` first")
    org = org_code.strip().upper()
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        marts = _tables(con, "marts")
        needed = {"fct_maternity_index", "fct_maternity_index_drivers"} - marts
        if needed:
            raise BoardPackError(f"the warehouse {db_path} has no {', '.join(sorted(needed))}; "
                                 "build it with `nti build`")
        index = _latest_index_row(con, org, grain)
        ranked = _one(con, """select count(risk_rank) as n from marts.fct_maternity_index
                              where index_grain = ? and period_start = ?""",
                      [index["index_grain"], index["period_start"]])
        drivers = _drivers(con, index)
        top = min(drivers, key=lambda d: d["contribution_rank"] or 999) if drivers else None
        trend = _rows(con, """
            select period_label, period_start, composite_score from marts.fct_maternity_index
            where org_code = ? and index_grain = ? and composite_score is not null
              and period_start <= ?
            order by period_start desc limit ?""",
                      [org, index["index_grain"], index["period_start"], TREND_POINTS])[::-1]
        origin = None
        if "load_run" in _tables(con, "landing"):
            found = _one(con, "select data_origin from landing.load_run limit 1")
            origin = found["data_origin"] if found else None
        value_tables, missing = _value(con, org, marts)
        return PackData(
            org_code=org, index=index, ranked_trusts=int(ranked["n"]) if ranked else 0,
            drivers=drivers, funnel_measure=top,
            funnel_points=_funnel(con, index, top["measure_code"]) if top else [],
            trend=trend,
            profile=_profile(con, org) if "fct_maternity_population_profile" in marts else [],
            trajectories=(_trajectories(con, org)
                          if "fct_board_safety_trajectories" in marts else []),
            mis=(_one(con, """select * from marts.fct_mis_data_quality where org_code = ?
                              order by period_start desc limit 1""", [org])
                 if "fct_mis_data_quality" in marts else None),
            value_tables=value_tables, missing_value_marts=missing, data_origin=origin)
    finally:
        con.close()


# ----------------------------------------------------------------------------------- render

CSS = """
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: Georgia, 'Times New Roman', serif; color: #1f2933; margin: 0;
       background: #fff; line-height: 1.4; }
main { max-width: 1000px; margin: 0 auto; padding: 28px 36px 40px; }
header { border-bottom: 3px solid #005eb8; padding-bottom: 12px; margin-bottom: 18px; }
header .kicker { font: 600 12px Helvetica, Arial, sans-serif; letter-spacing: .08em;
                 text-transform: uppercase; color: #005eb8; }
h1 { font-size: 26px; margin: 4px 0 2px; }
h2 { font: 700 17px Helvetica, Arial, sans-serif; color: #005eb8; margin: 26px 0 4px;
     border-bottom: 1px solid #d9dee3; padding-bottom: 3px; }
.read { font-style: italic; color: #52606d; margin: 2px 0 10px; font-size: 14px; }
.meta { color: #52606d; font-size: 13px; }
.synthetic { background: #fff4ce; border: 1px solid #e0a526; padding: 6px 10px; margin: 10px 0;
             font: 600 13px Helvetica, Arial, sans-serif; }
.tiles { display: flex; gap: 12px; flex-wrap: wrap; margin: 10px 0; }
.tile { flex: 1 1 130px; border: 1px solid #d9dee3; border-radius: 4px; padding: 8px 12px; }
.tile .k { font: 11px Helvetica, Arial, sans-serif; text-transform: uppercase; color: #7b8794; }
.tile .v { font: 700 22px Helvetica, Arial, sans-serif; }
.band { display: inline-block; padding: 2px 8px; border-radius: 3px; color: #fff;
        font: 600 13px Helvetica, Arial, sans-serif; }
.band-high { background: #c0392b; } .band-elev { background: #e67e22; }
.band-typical { background: #7b8794; } .band-low { background: #2f6f9f; }
.band-lowsig { background: #1e8449; }
table { border-collapse: collapse; width: 100%; font: 12.5px Helvetica, Arial, sans-serif; }
th, td { border-bottom: 1px solid #e4e7eb; padding: 4px 6px; text-align: left; }
th { background: #f5f7fa; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #52606d; font-size: 13px; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
section { break-inside: avoid; }
footer { margin-top: 28px; font-size: 11.5px; color: #7b8794; border-top: 1px solid #d9dee3;
         padding-top: 8px; }
"""


def _band_class(band: str | None) -> str:
    text = (band or "").lower()
    if "significantly higher" in text:
        return "band-high"
    if "higher" in text:
        return "band-elev"
    if "significantly lower" in text:
        return "band-lowsig"
    if "lower" in text:
        return "band-low"
    return "band-typical"


def _section(title: str, how_to_read: str, body: str, anchor: str) -> str:
    return (f"<section id='{anchor}'><h2>{escape(title)}</h2>"
            f"<p class='read'>How to read it: {escape(how_to_read)}</p>{body}</section>")


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]],
           numeric: Sequence[int] = ()) -> str:
    head = "".join(f"<th class='{'n' if i in numeric else ''}'>{escape(h)}</th>"
                   for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f"<td class='{'n' if i in numeric else ''}'>{c}</td>"
                                    for i, c in enumerate(r)) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _header(data: PackData) -> str:
    ix = data.index
    name = ix.get("org_name") or data.org_code
    origin = ""
    if data.data_origin == "synthetic":
        origin = ("<div class='synthetic'>SYNTHETIC DATA: this pack was built from generated "
                  "test publications, not from NHS data.</div>")
    grain = "financial year" if ix["index_grain"] == "year" else "month"
    return (f"<header><div class='kicker'>Board pack · maternity safety and quality</div>"
            f"<h1>{escape(str(name))} ({escape(data.org_code)})</h1>"
            f"<div class='meta'>Period: {grain} {escape(str(ix['period_label']))} "
            f"({ix['period_start']} to {ix['period_end']}) · index version "
            f"{escape(str(ix.get('index_version') or '-'))} · built "
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC from the NHS Trust Index warehouse"
            f"</div>{origin}</header>")


def _position_section(data: PackData) -> str:
    ix = data.index
    rank = (f"{ix['risk_rank']} of {data.ranked_trusts}" if ix.get("risk_rank") is not None
            else "not ranked")
    tiles = [
        ("Composite score", f"{ix['composite_score']:.2f}"),
        ("Rank (1 = most risk)", rank),
        ("Coverage", _pct(ix.get("coverage"))),
        ("Births in window", _num(ix.get("births"), 0)),
        ("System-risk rank", _num(ix.get("system_risk_rank"), 0)),
        ("Trend", _label(ix.get("trend_class"))),
    ]
    tile_html = "".join(f"<div class='tile'><div class='k'>{escape(k)}</div>"
                        f"<div class='v'>{v}</div></div>" for k, v in tiles)
    band = (f"<p>Band: <span class='band {_band_class(ix.get('risk_band'))}'>"
            f"{escape(str(ix.get('risk_band') or 'not banded'))}</span> "
            f"(composite z {_num(ix.get('composite_z'), 2)}; {ix['measures_scored']} measures "
            f"scored, {ix['measures_excluded']} excluded)</p>")
    funnel = "<p class='note'>No scored measure: no funnel plot.</p>"
    caption = ""
    top = data.funnel_measure
    if top is not None:
        scale = float(top["rate_scale"] or 100)
        unit = "%" if scale == 100 else f"per {scale:,.0f}"
        points = [charts.FunnelPoint(p["org_code"], float(p["denominator"]), float(p["rate"]))
                  for p in data.funnel_points]
        funnel = charts.funnel_plot(points, data.org_code, float(top["england_rate"]), scale,
                                    y_label=f"Rate ({unit})")
        caption = (f"<p class='note'>Funnel plot for the top driver, "
                   f"<b>{escape(str(top['measure_name']))}</b> ({escape(top['measure_code'])}): "
                   f"{data.org_code} {_num(top['rate'])} vs England {_num(top['england_rate'])} "
                   f"{escape(unit)}, denominator {_num(top['denominator'], 0)}; "
                   f"{len(points)} trusts. Limits are binomial around the England rate, not "
                   "adjusted for over-dispersion (the index's z-scores are).</p>")
    return _section(
        "Position on the maternity risk index",
        "the composite score is the weighted mean of the trust's oriented z-scores (0 = England,"
        " higher = more risk); in the funnel plot a trust outside the dotted 99.8% limits "
        "differs from England by more than chance, and the limits narrow as volume grows.",
        f"<div class='tiles'>{tile_html}</div>{band}{funnel}{caption}", "position")


def _drivers_section(data: PackData) -> str:
    if not data.drivers:
        return _section("Measures that drive the score", "no measures were scored.",
                        "", "drivers")
    up = data.drivers[:TOP_DRIVERS]
    down = [d for d in reversed(data.drivers) if d["contribution"] < 0][:3]

    def row(d: Row) -> list[str]:
        scale = float(d["rate_scale"] or 100)
        return [escape(str(d["measure_name"])), _label(d["domain"]), _num(d["rate"]),
                _num(d["england_rate"]), "%" if scale == 100 else f"per {scale:,.0f}",
                _num(d["denominator"], 0), f"{d['z_oriented']:+.2f}",
                f"{d['contribution']:+.3f}"]

    headers = ["Measure", "Domain", "Trust", "England", "Unit", "Denominator", "z (oriented)",
               "Contribution"]
    body = "<h3 class='meta'>Pushing the score up (more risk)</h3>" + _table(
        headers, [row(d) for d in up], numeric=(2, 3, 5, 6, 7))
    if down:
        body += "<h3 class='meta'>Pulling it down (less risk)</h3>" + _table(
            headers, [row(d) for d in down], numeric=(2, 3, 5, 6, 7))
    return _section(
        "Measures that drive the score",
        "each contribution is the measure's weight times its oriented z-score, renormalised over "
        "the measures scored, so the contributions add up to the composite score; read the "
        "trust and England rates before drawing conclusions.", body, "drivers")


def _trend_section(data: PackData) -> str:
    labels = [str(t["period_label"]) for t in data.trend]
    values = [float(t["composite_score"]) for t in data.trend]
    chart = charts.spc_chart(labels, values, "Composite score")
    note = ""
    if len(values) >= 2:
        s = charts.spc_summary(values)
        note = (f"<p class='note'>{len(values)} periods; mean {s.mean:.2f}, limits "
                f"{s.lower:.2f} to {s.upper:.2f}; {len(s.outside)} point(s) outside. Trend class "
                f"in the index: {_label(data.index.get('trend_class'))}.</p>")
    return _section(
        f"Trend: composite score over the last {len(values)} periods (SPC)",
        "points inside the dashed limits (mean +/- 2.66 x mean moving range) are common-cause "
        "variation; a point outside them, or a long run on one side of the mean, is a signal "
        "worth a question.", chart + note, "trend")


def _equality_section(data: PackData) -> str:
    if not data.profile:
        return _section("Equality profile", "no population profile is published for this trust.",
                        "", "equality")
    first = data.profile[0]
    parts = []
    for group_type, title in (("ethnic_group", "Ethnic group"), ("imd_quintile",
                                                                 "Deprivation (IMD quintile)")):
        pairs = [charts.BarPair(str(r["group_label"]),
                                None if r["is_suppressed"] else r["share_pct"],
                                r["england_share_pct"])
                 for r in data.profile if r["group_type"] == group_type]
        parts.append(f"<div><h3 class='meta'>{title}</h3>"
                     f"{charts.paired_bars(pairs, data.org_code, width=480)}</div>")
    completeness = [f"{escape(str(r['group_label']))} {_num(r['share_pct'])}% "
                    f"(England {_num(r['england_share_pct'])}%)"
                    for r in data.profile if r["group_type"] == "completeness"]
    note = (f"<p class='note'>Women booked, {escape(str(first['data_period_label']))}"
            f" ({_label(first['period_grain'])}). Data quality: {'; '.join(completeness)}. "
            "Shares are of women with the item recorded; counts under 8 are suppressed.</p>")
    return _section(
        "Equality profile against England",
        "each pair of bars compares the share of the trust's women in a group with England's "
        "share, so a longer red bar means the trust serves relatively more women in that group; "
        "this is who the trust serves, not an outcome.",
        f"<div class='cols'>{''.join(parts)}</div>{note}", "equality")


def _safety_section(data: PackData) -> str:
    rows = []
    for t in data.trajectories:
        unit = "%" if t["rate_unit"] == "percent" else "per 1,000"
        rows.append([
            _label(t["ambition"]), _label(t["series"]), f"{escape(str(t['period_start']))}",
            f"{_num(t['rate'], 2)} ({_num(t['rate_lower'], 2)}&ndash;{_num(t['rate_upper'], 2)})",
            _num(t["trajectory_value"], 2), _num(t["england_rate"], 2), unit,
            _label(t["position_vs_trajectory"]), _label(t["position_vs_england"])])
    table = (_table(["Ambition", "Series", "Period from", "Trust rate (95% CI)", "Trajectory",
                     "England", "Unit", "vs trajectory", "vs England"], rows, numeric=(4, 5))
             if rows else "<p class='note'>No trajectory rows for this trust.</p>")
    mis = "<p class='note'>No MIS data-quality row for this trust.</p>"
    if data.mis is not None:
        m = data.mis
        reasons = m.get("at_risk_reasons") or "none"
        mis = (f"<p><b>Maternity Incentive Scheme safety action 2 (public-data view), "
               f"{escape(str(m['period_start']))}:</b> {_label(m['readiness'])}. "
               f"CQIM data-quality measures passed {m['cqim_dq_measures_passed']} of "
               f"{m['cqim_dq_measures_reported']}; CQIMs unpublished for data quality "
               f"{m['cqims_unpublished']}; reasons: {escape(str(reasons))}.</p>"
               f"<p class='note'>{escape(str(m.get('assessment_note') or ''))}</p>")
    return _section(
        "Board safety position",
        "a trust is above trajectory only when the lower end of its 95% interval is above the "
        "national ambition's line for that year, so 'consistent' means the data cannot tell it "
        "apart from the trajectory.", table + mis, "safety")


def _value_section(data: PackData) -> str:
    how = ("the value index compares what the trust achieves with what it spends against its "
           "peers; trapped value is the gap to the peer benchmark, in money.")
    if data.missing_value_marts and not data.value_tables:
        return _section("Value position against peers", how,
                        "<p class='note'>Not yet available: the value-index marts ("
                        f"{escape(', '.join(data.missing_value_marts))}) are not in this "
                        "warehouse.</p>", "value")
    body = []
    for name, rows in data.value_tables.items():
        if not rows:
            body.append(f"<p class='note'>{escape(name)}: no rows for this trust.</p>")
            continue
        columns = [c for c in rows[0] if c not in {"org_code", "org_name"}][:9]
        body.append(f"<h3 class='meta'>{escape(name)}</h3>" + _table(
            columns, [[_num(r[c], 2) if isinstance(r[c], float) else escape(str(r[c]))
                       for c in columns] for r in rows[:6]]))
    if data.missing_value_marts:
        body.append(f"<p class='note'>Not yet available: "
                    f"{escape(', '.join(data.missing_value_marts))}.</p>")
    return _section("Value position against peers", how, "".join(body), "value")


def render_html(data: PackData) -> str:
    sections = [_position_section(data), _drivers_section(data), _trend_section(data),
                _equality_section(data), _safety_section(data), _value_section(data)]
    footer = ("<footer>Built from public NHS publications (MSDS, NHS Maternity Statistics, "
              "MBRRACE-UK, ODS) by the open NHS Trust Index warehouse; every figure can be "
              "traced to its file and line in the warehouse. An index is a screening aid, not "
              "a judgement: read the drivers and the data quality first.</footer>")
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>Board pack {escape(data.org_code)} {escape(str(data.index['period_label']))}"
            f"</title><style>{CSS}</style></head><body><main>{_header(data)}"
            f"{''.join(sections)}{footer}</main></body></html>")


def build_board_pack(db_path: Path, org_code: str, out_path: Path,
                     grain: str | None = None) -> Path:
    """Write the board pack for `org_code` to `out_path` (HTML) and return the path."""
    data = load_pack_data(Path(db_path), org_code, grain)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(out_path.name + ".part")
    tmp.write_text(render_html(data), encoding="utf-8")
    tmp.replace(out_path)
    return out_path


# --------------------------------------------------------------------------------- chromium


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _chromium(args: Sequence[str], timeout: float = 60) -> str:
    exe = chromium_path()
    if exe is None:
        raise BoardPackError("chromium is not installed (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="nti-chromium-") as profile:
        command = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                   "--no-first-run", "--disable-background-networking",
                   "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                   f"--user-data-dir={profile}", *args]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                    check=False)
        except subprocess.TimeoutExpired:
            raise BoardPackError(f"chromium did not finish in {timeout:.0f}s") from None
    if result.returncode != 0:
        raise BoardPackError(f"chromium failed ({result.returncode}): {result.stderr[-800:]}")
    return result.stdout


def dump_dom(html_path: Path) -> str:
    """The page as the browser parsed and laid it out (`--dump-dom`)."""
    return _chromium(["--dump-dom", Path(html_path).resolve().as_uri()])


def render_pdf(html_path: Path, pdf_path: Path) -> Path:
    _chromium(["--no-pdf-header-footer", f"--print-to-pdf={pdf_path}",
               Path(html_path).resolve().as_uri()])
    if not Path(pdf_path).exists():
        raise BoardPackError(f"chromium wrote no PDF at {pdf_path}")
    return Path(pdf_path)


def render_png(html_path: Path, png_path: Path, size: tuple[int, int] = (1280, 2400)) -> Path:
    _chromium([f"--screenshot={png_path}", f"--window-size={size[0]},{size[1]}",
               Path(html_path).resolve().as_uri()])
    if not Path(png_path).exists():
        raise BoardPackError(f"chromium wrote no screenshot at {png_path}")
    return Path(png_path)


def main(argv: Sequence[str] | None = None, db_default: Path | None = None) -> int:
    """`nti board-pack ORG [--out FILE] [--pdf] [--grain month|year]`: exit 0, or 2 with a
    message when the pack cannot be built."""
    parser = argparse.ArgumentParser(prog="nti board-pack", description=__doc__.split("\n")[0])
    parser.add_argument("org_code", help="trust ODS code, e.g. RPA")
    parser.add_argument("--db", type=Path, default=db_default, help="warehouse file")
    parser.add_argument("--out", type=Path, help="HTML file (default target/board_pack_ORG.html)")
    parser.add_argument("--grain", choices=["month", "year"], help="index grain (default latest)")
    parser.add_argument("--pdf", action="store_true", help="also print a PDF with chromium")
    args = parser.parse_args(argv)
    db = args.db
    if db is None:
        from nti import config

        db = config.db_path()
    out = args.out or Path(db).parent / f"board_pack_{args.org_code.upper()}.html"
    try:
        html = build_board_pack(db, args.org_code, out, args.grain)
        print(f"nti board-pack: {html}")
        if args.pdf:
            print(f"nti board-pack: {render_pdf(html, html.with_suffix('.pdf'))}")
    except (BoardPackError, duckdb.Error) as exc:
        print(f"nti board-pack: ERROR {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
