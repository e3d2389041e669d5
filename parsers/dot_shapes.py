"""Which way a drawn direction-of-travel mark points, from its geometry alone.

Councils' own PDFs often draw DoT arrows as vector paths (a triangle, a block arrow, a hollow
"cursor" icon rotated by a matrix) rather than text. The points are read after the full transform
(pdfminer applies every `cm`, page-level y flips and mirrored local matrices included), so the
direction is the one on the rendered page, whatever matrices drew it.

The rule: along each axis of the mark's bounding box, the vertices lying near each end are taken
and their spread across the axis measured. A pointed end (an apex, a rounded tip) spreads far less
than the opposite end (a triangle's base, an arrow's shaft), so the axis where the two ends differ
most is the arrow's axis and its narrow end the tip. Rules that compare the tip with a centroid
fail on real icons: a rounded tip has many clustered vertices, which pulls the vertex mean toward
the tip, and the area centroid sits on the wide tail side, so both point the opposite way.
Both ends pointed and a wide box is a double-headed arrow; all four sides pointed and a square box
is a diamond. Rounded marks (circles, used for RAG dots) have no tip and give None.
"""

from __future__ import annotations

from typing import Literal

from extractor.parsers.pdf import PageContent

Direction = Literal["up", "down", "left", "right", "left_right", "diamond"]
Point = tuple[float, float]

_EDGE = 0.12  # vertices within this share of the mark's length from an end lie "at" that end
_WIDE_END = 0.15  # the wide end spans at least this share of the mark's width (a shaft, a base)
_TIP_RATIO = 0.5  # the tip spans at most this share of the wide end (a real icon's rounded tip: 0.25)
_POINTED = 0.2  # a side whose vertices span less than this share is a point (diamonds, double arrows)


def _spread(values: list[float]) -> float:
    return max(values) - min(values) if values else 0.0


def _end_spreads(along: list[float], across: list[float]) -> tuple[float, float]:
    """(spread across the axis of the vertices at the low end, at the high end), as shares of the
    mark's width across the axis."""
    lo, hi = min(along), max(along)
    eps = _EDGE * (hi - lo)
    width = max(_spread(across), 1e-9)
    low = _spread([c for a, c in zip(along, across, strict=True) if a <= lo + eps]) / width
    high = _spread([c for a, c in zip(along, across, strict=True) if a >= hi - eps]) / width
    return low, high


def _tip(spreads: tuple[float, float]) -> int | None:
    """-1 when the low end is the tip, +1 the high end, None when neither end is a clear tip."""
    low, high = spreads
    wide, narrow = max(low, high), min(low, high)
    if wide < _WIDE_END or narrow > _TIP_RATIO * wide:
        return None
    return -1 if low < high else 1


def classify_points(points: list[Point]) -> Direction | None:
    """The direction of the mark drawn through `points` (x, top), or None when it has no tip."""
    if len(points) < 3:
        return None
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    w, h = _spread(xs), _spread(ys)
    if w < 0.5 or h < 0.5:
        return None
    vertical = _end_spreads(ys, xs)  # (top end, bottom end)
    horizontal = _end_spreads(xs, ys)  # (left end, right end)
    # the arrow's axis is the one whose two ends differ most
    if abs(vertical[0] - vertical[1]) >= abs(horizontal[0] - horizontal[1]):
        tip = _tip(vertical)
        if tip is not None:
            return "up" if tip < 0 else "down"
    else:
        tip = _tip(horizontal)
        if tip is not None:
            return "left" if tip < 0 else "right"
    pointed_tb = max(vertical) < _POINTED
    pointed_lr = max(horizontal) < _POINTED
    if pointed_lr and pointed_tb and 0.6 <= w / h <= 1.7:
        return "diamond"
    if pointed_lr and w >= 1.5 * h:
        return "left_right"
    return None


def _inside(box: tuple[float, float, float, float], cell: list[float], margin: float) -> bool:
    x0, top, x1, bottom = cell
    return (
        box[0] >= x0 + margin
        and box[2] <= x1 - margin
        and box[1] >= top + margin
        and box[3] <= bottom - margin
    )


def mark_points(page: PageContent, cell: list[float]) -> list[Point]:
    """Vertices of the paths, small filled rectangles and lines drawn strictly inside a cell
    (cell borders and the cell's own background fill are left out)."""
    margin = 0.8
    cell_area = max((cell[2] - cell[0]) * (cell[3] - cell[1]), 1e-6)
    points: list[Point] = []
    for c in page.curves:
        if _inside((c.x0, c.top, c.x1, c.bottom), cell, margin):
            points.extend(c.points or [(c.x0, c.top), (c.x1, c.bottom)])
    for r in page.rects:
        if r.width * r.height < 0.5 * cell_area and _inside((r.x0, r.top, r.x1, r.bottom), cell, margin):
            points.extend([(r.x0, r.top), (r.x1, r.top), (r.x0, r.bottom), (r.x1, r.bottom)])
    for s in page.segments:
        if _inside((s.x0, s.top, s.x1, s.bottom), cell, margin):
            points.extend([(s.x0, s.top), (s.x1, s.bottom)])
    return points


def classify_marks(page: PageContent, cell: list[float]) -> tuple[Direction | None, bool, bool]:
    """(direction of the drawn mark in the cell, whether any mark is drawn, whether an image sits there)."""
    points = mark_points(page, cell)
    has_image = any(_inside(im, cell, -1.0) or _overlaps(im, cell) for im in page.images)
    return (classify_points(points) if points else None), bool(points), has_image


def _overlaps(box: tuple[float, float, float, float], cell: list[float]) -> bool:
    cx = (box[0] + box[2]) / 2
    cy = (box[1] + box[3]) / 2
    return cell[0] <= cx <= cell[2] and cell[1] <= cy <= cell[3]
