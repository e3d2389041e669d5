"""Inline SVG charts, written by hand: no JavaScript, no network, printable.

- `kpi_history`: one KPI over periods: a dot per period coloured by its RAG, on a line of its
  values when values are known, otherwise on a strip.
- `finance_chart`: a measure (e.g. forecast variance) per directorate over periods: one line
  per directorate, or horizontal bars when the store holds one period only.
Every function accepts one point or many.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

RAG_COLOURS = {"GREEN": "#2e8540", "AMBER": "#f0a30a", "RED": "#c62828"}
NO_RAG = "#9e9e9e"
PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#7f7f7f",
    "#bcbd22",
)


@dataclass
class HistoryPoint:
    label: str  # the period, e.g. "Q2 2023/24"
    rag: str | None = None
    value: float | None = None


@dataclass
class FinanceLine:
    name: str
    values: dict[str, float]  # period label -> value


def _num(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".") if abs(v) < 1000 else f"{v:,.0f}"


def _scale(lo: float, hi: float, top: float, bottom: float) -> tuple[float, float, Callable[[float], float]]:
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    pad = (hi - lo) * 0.1
    lo, hi = lo - pad, hi + pad

    def y(v: float) -> float:
        return bottom - (v - lo) / (hi - lo) * (bottom - top)

    return lo, hi, y


def kpi_history(points: Sequence[HistoryPoint], title: str = "") -> str:
    """A small chart of one KPI's history; an empty string when there are no points."""
    if not points:
        return ""
    step = 56
    left, right = 10, 10
    width = left + right + step * len(points)
    values = [p.value for p in points if p.value is not None]
    height = 92 if values else 58
    plot_top, plot_bottom = 14, height - 22
    parts = [
        f'<svg class="chart kpi-history" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    xs = [left + step * i + step / 2 for i in range(len(points))]
    if values:
        _, _, y = _scale(min(values), max(values), plot_top + 8, plot_bottom - 4)
        ys: list[float | None] = [y(p.value) if p.value is not None else None for p in points]
        path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in zip(xs, ys, strict=True) if yy is not None)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#555" stroke-width="1.5"/>')
    else:
        ys = [None] * len(points)
        mid = (plot_top + plot_bottom) / 2
        parts.append(
            f'<line x1="{xs[0]:.1f}" y1="{mid}" x2="{xs[-1]:.1f}" y2="{mid}" stroke="#bbb" stroke-width="2"/>'
        )
    for p, x, yy in zip(points, xs, ys, strict=True):
        colour = RAG_COLOURS.get(p.rag or "", NO_RAG)
        cy = yy if yy is not None else (plot_top + plot_bottom) / 2
        tip = f"{p.label}: {p.rag or 'no RAG'}" + (f", {_num(p.value)}" if p.value is not None else "")
        parts.append(
            f'<circle cx="{x:.1f}" cy="{cy:.1f}" r="7" fill="{colour}" stroke="#fff" stroke-width="1.5">'
            f"<title>{escape(tip)}</title></circle>"
        )
        if p.value is not None:
            parts.append(
                f'<text x="{x:.1f}" y="{cy - 10:.1f}" text-anchor="middle" font-size="10">'
                f"{_num(p.value)}</text>"
            )
        parts.append(
            f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" font-size="10" fill="#333">'
            f"{escape(p.label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def finance_chart(periods: Sequence[str], lines: Sequence[FinanceLine], unit: str = "£m") -> str:
    """Directorate figures over `periods` (in order); bars for one period, lines for several."""
    lines = [ln for ln in lines if any(p in ln.values for p in periods)]
    if not periods or not lines:
        return ""
    if len(periods) == 1:
        return _bars(periods[0], lines, unit)
    return _lines(periods, lines, unit)


def _bars(period: str, lines: Sequence[FinanceLine], unit: str) -> str:
    rows = [(ln.name, ln.values[period]) for ln in lines if period in ln.values]
    label_w, bar_w, row_h, top = 260, 480, 22, 30
    width, height = label_w + bar_w + 80, top + row_h * len(rows) + 30
    lo, hi = min(0.0, *(v for _, v in rows)), max(0.0, *(v for _, v in rows))
    span = (hi - lo) or 1.0

    def x(v: float) -> float:
        return label_w + (v - lo) / span * bar_w

    parts = [
        f'<svg class="chart finance" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(period)}">',
        f'<text x="{label_w}" y="16" font-size="12" font-weight="bold">'
        f"{escape(period)} ({escape(unit)})</text>",
        f'<line x1="{x(0):.1f}" y1="{top - 4}" x2="{x(0):.1f}" y2="{height - 24}" stroke="#333"/>',
    ]
    for i, (name, v) in enumerate(rows):
        y = top + i * row_h
        x0, x1 = sorted((x(0), x(v)))
        colour = "#c62828" if v > 0 else "#2e8540"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" font-size="11">'
            f"{escape(name[:42])}</text>"
            f'<rect x="{x0:.1f}" y="{y + 3}" width="{max(x1 - x0, 1):.1f}" height="{row_h - 6}" '
            f'fill="{colour}">'
            f"<title>{escape(name)}: {_num(v)}</title></rect>"
            f'<text x="{x1 + 4:.1f}" y="{y + 14}" font-size="10">{_num(v)}</text>'
        )
    parts.append(
        f'<text x="{label_w}" y="{height - 8}" font-size="10" fill="#555">'
        "positive = overspend (red), negative = underspend (green)</text></svg>"
    )
    return "".join(parts)


def _lines(periods: Sequence[str], lines: Sequence[FinanceLine], unit: str) -> str:
    left, right, top, bottom = 56, 250, 20, 50
    step = max(60, min(120, 640 // max(len(periods) - 1, 1)))
    plot_w = step * (len(periods) - 1)
    width, height = left + plot_w + right, 300
    values = [v for ln in lines for v in ln.values.values()]
    lo, hi, y = _scale(min(0.0, *values), max(0.0, *values), top, height - bottom)
    xs = {p: left + i * step for i, p in enumerate(periods)}
    parts = [
        f'<svg class="chart finance" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="directorate figures by period">',
    ]
    for tick in _ticks(lo, hi):
        ty = y(tick)
        parts.append(
            f'<line x1="{left}" y1="{ty:.1f}" x2="{left + plot_w}" y2="{ty:.1f}" '
            f'stroke="{"#333" if tick == 0 else "#e0e0e0"}"/>'
            f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end" font-size="10">{_num(tick)}</text>'
        )
    parts.append(f'<text x="4" y="12" font-size="10" fill="#555">{escape(unit)}</text>')
    for p, px in xs.items():
        parts.append(
            f'<text x="{px}" y="{height - bottom + 16}" text-anchor="middle" font-size="10">'
            f"{escape(p)}</text>"
        )
    for i, ln in enumerate(lines):
        colour = PALETTE[i % len(PALETTE)]
        pts = [(xs[p], y(ln.values[p])) for p in periods if p in ln.values]
        if len(pts) > 1:
            path = " ".join(f"{px},{py:.1f}" for px, py in pts)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for (px, py), p in zip(pts, [p for p in periods if p in ln.values], strict=True):
            parts.append(
                f'<circle cx="{px}" cy="{py:.1f}" r="3.5" fill="{colour}">'
                f"<title>{escape(ln.name)}, {escape(p)}: {_num(ln.values[p])}</title></circle>"
            )
        ly = top + i * 16
        parts.append(
            f'<rect x="{left + plot_w + 16}" y="{ly}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{left + plot_w + 30}" y="{ly + 9}" font-size="11">{escape(ln.name[:36])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    raw = (hi - lo) / n
    if raw <= 0:
        return []
    mag = 10 ** math.floor(math.log10(raw))
    step = next((m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw), raw)
    first = int(lo // step) + 1
    return [round(k * step, 6) for k in range(first, int(hi // step) + 1)]
