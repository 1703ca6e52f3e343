"""Small inline-SVG charts for self-contained HTML (no JavaScript, no external files).

Each function returns an `<svg>` element as text. Geometry is plain: a plot area inside margins,
linear scales, text escaped. Colours are few and print well in greyscale as well.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

INK = "#1f2933"
GRID = "#d9dee3"
MUTED = "#7b8794"
ENGLAND = "#2f6f9f"
HIGHLIGHT = "#c0392b"
LIMIT_95 = "#e0a526"
LIMIT_998 = "#8e44ad"
FONT = "font-family='Helvetica, Arial, sans-serif'"


@dataclass(frozen=True)
class Frame:
    width: int = 640
    height: int = 300
    left: int = 58
    right: int = 16
    top: int = 16
    bottom: int = 44

    @property
    def plot_w(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_h(self) -> float:
        return self.height - self.top - self.bottom


class Scale:
    def __init__(self, lo: float, hi: float, out_lo: float, out_hi: float) -> None:
        if hi <= lo:
            hi = lo + 1.0
        self.lo, self.hi, self.out_lo, self.out_hi = lo, hi, out_lo, out_hi

    def __call__(self, value: float) -> float:
        return self.out_lo + (value - self.lo) / (self.hi - self.lo) * (self.out_hi - self.out_lo)


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(lo / step) * step
    ticks, value = [], first
    while value <= hi + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def fmt(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10 or value == int(value):
        return f"{value:.0f}"
    return f"{value:.2f}".rstrip("0").rstrip(".") if abs(value) < 1 else f"{value:.1f}"


def _svg(frame: Frame, body: list[str], label: str) -> str:
    return (f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {frame.width} {frame.height}' "
            f"width='100%' role='img' aria-label='{escape(label)}' {FONT} font-size='11'>"
            f"<title>{escape(label)}</title>{''.join(body)}</svg>")


def _axes(frame: Frame, x: Scale, y: Scale, x_ticks: Sequence[float], y_ticks: Sequence[float],
          x_label: str, y_label: str, x_text: Sequence[str] | None = None) -> list[str]:
    out = []
    for tick in y_ticks:
        ty = y(tick)
        out.append(f"<line x1='{frame.left}' x2='{frame.width - frame.right}' y1='{ty:.1f}' "
                   f"y2='{ty:.1f}' stroke='{GRID}' stroke-width='1'/>")
        out.append(f"<text x='{frame.left - 6}' y='{ty + 4:.1f}' text-anchor='end' "
                   f"fill='{MUTED}'>{escape(fmt(tick))}</text>")
    base = frame.height - frame.bottom
    for i, tick in enumerate(x_ticks):
        tx = x(tick)
        text = x_text[i] if x_text is not None else fmt(tick)
        out.append(f"<line x1='{tx:.1f}' x2='{tx:.1f}' y1='{base}' y2='{base + 4}' "
                   f"stroke='{MUTED}'/>")
        out.append(f"<text x='{tx:.1f}' y='{base + 16}' text-anchor='middle' "
                   f"fill='{MUTED}'>{escape(text)}</text>")
    out.append(f"<line x1='{frame.left}' x2='{frame.width - frame.right}' y1='{base}' "
               f"y2='{base}' stroke='{INK}'/>")
    out.append(f"<text x='{frame.left + frame.plot_w / 2:.1f}' y='{frame.height - 6}' "
               f"text-anchor='middle' fill='{INK}'>{escape(x_label)}</text>")
    mid = frame.top + frame.plot_h / 2
    out.append(f"<text transform='translate(14 {mid:.1f}) rotate(-90)' text-anchor='middle' "
               f"fill='{INK}'>{escape(y_label)}</text>")
    return out


def _polyline(points: Sequence[tuple[float, float]], colour: str, width: float = 1.5,
              dash: str = "") -> str:
    if len(points) < 2:
        return ""
    path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
    dash_attr = f" stroke-dasharray='{dash}'" if dash else ""
    return (f"<polyline points='{path}' fill='none' stroke='{colour}' "
            f"stroke-width='{width}'{dash_attr}/>")


def _legend(frame: Frame, items: Sequence[tuple[str, str, str]]) -> list[str]:
    """items: (label, colour, 'line'|'dash'|'dot'); drawn along the top right, above the plot
    area (frames leave at least 24 px of top margin)."""
    out, x, y = [], frame.width - frame.right, 10
    for label, colour, kind in reversed(items):
        width = 7 * len(label) + 26
        x -= width
        if kind == "dot":
            out.append(f"<circle cx='{x + 8}' cy='{y}' r='4' fill='{colour}'/>")
        else:
            dash = " stroke-dasharray='5 3'" if kind == "dash" else ""
            out.append(f"<line x1='{x}' x2='{x + 16}' y1='{y}' y2='{y}' stroke='{colour}' "
                       f"stroke-width='2'{dash}/>")
        out.append(f"<text x='{x + 20}' y='{y + 4}' fill='{INK}'>{escape(label)}</text>")
    return out


# ------------------------------------------------------------------------------------ funnel


@dataclass(frozen=True)
class FunnelPoint:
    label: str
    denominator: float
    rate: float  # on the display scale (e.g. percent or per 1,000)


def funnel_limits(p0: float, n: float, z: float) -> tuple[float, float]:
    """Binomial normal-approximation limits for a proportion p0 (0-1) at denominator n."""
    half = z * math.sqrt(max(p0 * (1 - p0), 0.0) / n) if n > 0 else float("inf")
    return max(p0 - half, 0.0), min(p0 + half, 1.0)


def funnel_plot(points: Sequence[FunnelPoint], highlight: str, england_rate: float,
                rate_scale: float, y_label: str, x_label: str = "Denominator (volume)",
                frame: Frame | None = None) -> str:
    """Rate against volume for every trust, England line, 95% and 99.8% limits."""
    frame = frame or Frame(height=330, top=30)
    usable = [p for p in points if p.denominator > 0 and math.isfinite(p.rate)]
    if not usable:
        return "<p class='note'>No trust has a rate for this measure in this period.</p>"
    max_n = max(p.denominator for p in usable) * 1.05
    min_n = max(min(p.denominator for p in usable) * 0.7, 1.0)
    p0 = england_rate / rate_scale
    grid_n = [min_n + (max_n - min_n) * i / 80 for i in range(81)]
    limits = {z: [funnel_limits(p0, n, z) for n in grid_n] for z in (1.96, 3.09)}
    rates = [p.rate for p in usable]
    lows = [lo * rate_scale for lo, _ in limits[3.09]]
    highs = [hi * rate_scale for _, hi in limits[3.09]]
    y_lo = max(min([*rates, *lows[len(lows) // 8:]]), 0.0)
    y_hi = max([*rates, *highs[len(highs) // 8:]])
    pad = (y_hi - y_lo) * 0.08 or 1.0
    x = Scale(0, max_n, frame.left, frame.width - frame.right)
    y = Scale(max(y_lo - pad, 0.0), y_hi + pad, frame.height - frame.bottom, frame.top)
    body = _axes(frame, x, y, nice_ticks(0, max_n), nice_ticks(y.lo, y.hi), x_label, y_label)
    clip = (f"<clipPath id='plot'><rect x='{frame.left}' y='{frame.top}' width='{frame.plot_w}' "
            f"height='{frame.plot_h}'/></clipPath>")
    body.append(clip)
    for z, colour, dash in ((1.96, LIMIT_95, "5 3"), (3.09, LIMIT_998, "2 3")):
        for side in (0, 1):
            pts = [(x(n), y(lim[side] * rate_scale)) for n, lim in zip(grid_n, limits[z],
                                                                          strict=True)]
            body.append(f"<g clip-path='url(#plot)'>{_polyline(pts, colour, 1.3, dash)}</g>")
    body.append(_polyline([(x(0), y(england_rate)), (x(max_n), y(england_rate))], ENGLAND, 1.5))
    others = [p for p in usable if p.label != highlight]
    mine = [p for p in usable if p.label == highlight]
    for p in others:
        body.append(f"<circle cx='{x(p.denominator):.1f}' cy='{y(p.rate):.1f}' r='3.2' "
                    f"fill='{MUTED}' fill-opacity='0.55'><title>{escape(p.label)}: "
                    f"{fmt(p.rate)} (n={p.denominator:,.0f})</title></circle>")
    for p in mine:
        cx, cy = x(p.denominator), y(p.rate)
        body.append(f"<circle cx='{cx:.1f}' cy='{cy:.1f}' r='6' fill='{HIGHLIGHT}' "
                    f"stroke='white' stroke-width='1.5'/>")
        body.append(f"<text x='{cx + 9:.1f}' y='{cy - 8:.1f}' fill='{HIGHLIGHT}' "
                    f"font-weight='bold'>{escape(p.label)} {p.rate:.1f}</text>")
    body += _legend(frame, [("England", ENGLAND, "line"), ("95% limits", LIMIT_95, "dash"),
                            ("99.8% limits", LIMIT_998, "dash"), ("this trust", HIGHLIGHT, "dot")])
    return _svg(frame, body, f"Funnel plot: {y_label} against volume, {highlight} highlighted")


# --------------------------------------------------------------------------------------- SPC


@dataclass(frozen=True)
class SpcSummary:
    mean: float
    mean_moving_range: float
    upper: float
    lower: float
    outside: tuple[int, ...]  # indices of points beyond the limits


def spc_summary(values: Sequence[float]) -> SpcSummary:
    """XmR chart: centre = mean, limits = mean +/- 2.66 x mean moving range."""
    mean = sum(values) / len(values)
    ranges = [abs(b - a) for a, b in itertools.pairwise(values)]
    mr = sum(ranges) / len(ranges) if ranges else 0.0
    upper, lower = mean + 2.66 * mr, mean - 2.66 * mr
    outside = tuple(i for i, v in enumerate(values) if v > upper or v < lower)
    return SpcSummary(mean, mr, upper, lower, outside)


def spc_chart(labels: Sequence[str], values: Sequence[float], y_label: str,
              frame: Frame | None = None) -> str:
    frame = frame or Frame(height=280, top=30)
    if len(values) < 2:
        return "<p class='note'>Fewer than two periods: no trend chart yet.</p>"
    summary = spc_summary(values)
    y_lo = min(*values, summary.lower)
    y_hi = max(*values, summary.upper)
    pad = (y_hi - y_lo) * 0.1 or 0.1
    x = Scale(0, len(values) - 1, frame.left + 12, frame.width - frame.right - 12)
    y = Scale(y_lo - pad, y_hi + pad, frame.height - frame.bottom, frame.top)
    step = max(1, math.ceil(len(labels) / 8))
    ticks = list(range(0, len(labels), step))
    body = _axes(frame, x, y, ticks, nice_ticks(y.lo, y.hi), "Period", y_label,
                 [labels[i] for i in ticks])
    x0, x1 = x(0), x(len(values) - 1)
    body.append(_polyline([(x0, y(summary.mean)), (x1, y(summary.mean))], ENGLAND, 1.5))
    for limit in (summary.upper, summary.lower):
        body.append(_polyline([(x0, y(limit)), (x1, y(limit))], LIMIT_998, 1.3, "5 3"))
    body.append(_polyline([(x(i), y(v)) for i, v in enumerate(values)], INK, 1.6))
    for i, v in enumerate(values):
        colour = HIGHLIGHT if i in summary.outside else INK
        body.append(f"<circle cx='{x(i):.1f}' cy='{y(v):.1f}' r='3.6' fill='{colour}'>"
                    f"<title>{escape(labels[i])}: {v:.2f}</title></circle>")
    body += _legend(frame, [("mean", ENGLAND, "line"), ("limits (mean +/- 2.66 mR)", LIMIT_998,
                                                         "dash"), ("outside limits", HIGHLIGHT,
                                                                   "dot")])
    return _svg(frame, body, f"SPC chart of {y_label}")


# ------------------------------------------------------------------------------ paired bars


@dataclass(frozen=True)
class BarPair:
    label: str
    trust: float | None
    england: float | None


def paired_bars(pairs: Sequence[BarPair], trust_label: str, unit: str = "%",
                width: int = 640) -> str:
    """Horizontal bars: the trust's share and England's share for each group."""
    if not pairs:
        return "<p class='note'>No groups published for this trust.</p>"
    row_h, label_w, top = 30, 190, 26
    frame = Frame(width=width, height=top + row_h * len(pairs) + 8, left=label_w, right=60)
    hi = max([v for p in pairs for v in (p.trust, p.england) if v is not None] + [1.0])
    x = Scale(0, hi, frame.left, frame.width - frame.right)
    body = _legend(Frame(width=width, top=8, right=60),
                   [(trust_label, HIGHLIGHT, "line"), ("England", ENGLAND, "line")])
    for i, pair in enumerate(pairs):
        y0 = top + i * row_h
        body.append(f"<text x='{label_w - 8}' y='{y0 + 15}' text-anchor='end' "
                    f"fill='{INK}'>{escape(pair.label)}</text>")
        for j, (value, colour) in enumerate(((pair.trust, HIGHLIGHT), (pair.england, ENGLAND))):
            yb = y0 + 3 + j * 12
            if value is None:
                body.append(f"<text x='{frame.left + 4}' y='{yb + 9}' fill='{MUTED}' "
                            f"font-size='10'>suppressed</text>")
                continue
            body.append(f"<rect x='{frame.left}' y='{yb}' width='{x(value) - frame.left:.1f}' "
                        f"height='10' fill='{colour}'/>")
            body.append(f"<text x='{x(value) + 4:.1f}' y='{yb + 9}' fill='{INK}' "
                        f"font-size='10'>{value:.1f}{escape(unit)}</text>")
    return _svg(frame, body, f"{trust_label} against England by group")
