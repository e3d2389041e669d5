"""RAG ratings of KPI cells: from the cell's words, else from the colour of the fill under the cell.

Vocabulary and the hue ranges of the fills are in `schemas/vocab/rag.json`.
"""

from __future__ import annotations

import colorsys
from collections.abc import Iterable
from functools import cache
from typing import Literal, cast

from extractor.parsers.pdf import Color, Rect
from extractor.schemas.vocabulary import clean, load_vocab, match_key

Rag = Literal["GREEN", "AMBER", "RED"]
RAGS: tuple[Rag, ...] = ("GREEN", "AMBER", "RED")


@cache
def _words() -> dict[str, Rag]:
    vocab = load_vocab("rag")
    return {match_key(w): cast(Rag, rag) for rag, words in vocab["words"].items() for w in words}


def rag_from_text(text: str | None) -> Rag | None:
    """'GREEN', 'Green', 'Red (at risk)', 'G' -> the rating; anything else -> None."""
    key = match_key(text)
    if not key:
        return None
    words = _words()
    if key in words:
        return words[key]
    first = key.split()[0]
    # "GREEN *" or "AMBER (1)": a rating word followed by a footnote mark or count
    return words.get(first) if len(first) > 1 else None


@cache
def _not_comparable() -> frozenset[str]:
    return frozenset(w.lower() for w in load_vocab("rag")["not_comparable"])


def is_not_comparable(text: str | None) -> bool:
    """The previous rating is printed as a 'not comparable' mark such as '*'."""
    return clean(text).lower() in _not_comparable()


def rgb(color: Color) -> tuple[float, float, float] | None:
    """A pdfplumber colour (grey, RGB or CMYK, 0..1) as RGB; None when unknown."""
    if not color:
        return None
    if len(color) == 1:
        return (color[0], color[0], color[0])
    if len(color) == 3:
        return (color[0], color[1], color[2])
    if len(color) == 4:
        c, m, y, k = color
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def _in_range(hue: float, lo: float, hi: float) -> bool:
    return lo <= hue <= hi if lo <= hi else hue >= lo or hue <= hi


def rag_from_color(color: Color) -> Rag | None:
    """Classify a fill or text colour by hue; greys, whites and dark colours give None."""
    value = rgb(color)
    if value is None:
        return None
    vocab = load_vocab("rag")
    h, s, v = colorsys.rgb_to_hsv(*value)
    if s < vocab["fill_min_saturation"] or v < vocab["fill_min_value"]:
        return None
    hue = h * 360.0
    for rag in RAGS:
        lo, hi = vocab["fill_hue_degrees"][rag]
        if _in_range(hue, lo, hi):
            return rag
    return None


def rag_from_fill(rects: Iterable[Rect], bbox: list[float]) -> Rag | None:
    """The rating of the filled rectangle that covers most of `bbox` (a table cell)."""
    x0, top, x1, bottom = bbox
    best: tuple[float, Rag] | None = None
    for r in rects:
        if not r.filled:
            continue
        w = min(x1, r.x1) - max(x0, r.x0)
        h = min(bottom, r.bottom) - max(top, r.top)
        if w <= 0 or h <= 0:
            continue
        rag = rag_from_color(r.fill)
        if rag is None:
            continue
        area = w * h
        if best is None or area > best[0]:
            best = (area, rag)
    return best[1] if best else None
