"""Which way a drawn direction-of-travel mark points, from its geometry alone.

Councils' own PDFs often draw DoT arrows as vector paths (a triangle, or a shaft plus a head)
rather than text. A pointed end has one extreme vertex; the opposite end is wide (a triangle's
base, an arrow's shaft). So the vertices lying along each side of the mark's bounding box are
compared: the side where they span least is the tip. Both ends pointed and a wide box is a
double-headed arrow; all four sides pointed and a square box is a diamond. Rounded marks (circles,
used for RAG dots) have no tip and give None.
"""

from __future__ import annotations

from typing import Literal

from extractor.parsers.pdf import PageContent

Direction = Literal["up", "down", "left", "right", "left_right", "diamond"]
Point = tuple[float, float]

_EDGE = 0.12  # vertices within this share of the mark's size from a side lie "on" that side
_ASYMMETRY = 0.25  # one end must be this much (share of the mark's width) wider than the other
_POINTED = 0.2  # a side whose vertices span less than this share is a tip


def _spread(values: list[float]) -> float:
    return max(values) - min(values) if values else 0.0


def classify_points(points: list[Point]) -> Direction | None:
    """The direction of the mark drawn through `points` (x, top), or None when it has no tip."""
    if len(points) < 3:
        return None
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    w, h = x1 - x0, bottom - top
    if w < 0.5 or h < 0.5:
        return None
    eps = _EDGE * max(w, h)
    span_top = _spread([x for x, y in points if y <= top + eps]) / w
    span_bottom = _spread([x for x, y in points if y >= bottom - eps]) / w
    span_left = _spread([y for x, y in points if x <= x0 + eps]) / h
    span_right = _spread([y for x, y in points if x >= x1 - eps]) / h
    vertical = span_bottom - span_top  # > 0: narrow at the top, so it points up
    horizontal = span_left - span_right  # > 0: narrow at the right, so it points right
    if max(abs(vertical), abs(horizontal)) >= _ASYMMETRY:
        if abs(vertical) >= abs(horizontal):
            return "up" if vertical > 0 else "down"
        return "right" if horizontal > 0 else "left"
    pointed_lr = span_left < _POINTED and span_right < _POINTED
    pointed_tb = span_top < _POINTED and span_bottom < _POINTED
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
