"""RAG ratings of KPI cells: from the cell's words, else from the colour of the fill under the cell.

A fill is read in CIELAB, where distance follows what the eye sees (deltaE, CIE 1976): the
report's own key colours first when it prints a coloured key, else the nearest of a palette of
the greens, ambers and reds councils use (`schemas/vocab/rag.json`). A fill is rated only when
it is near one rating and clearly nearer to it than to any other; a coloured fill that is not
(a blue, a brown, a colour halfway between amber and red) is unknown, never the nearest guess.
Greys, whites and near-blacks are no rating at all (a plain cell).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Literal, cast

from extractor.parsers.pdf import Color, Rect
from extractor.schemas.vocabulary import clean, load_vocab, match_key

Rag = Literal["GREEN", "AMBER", "RED"]
RAGS: tuple[Rag, ...] = ("GREEN", "AMBER", "RED")
Lab = tuple[float, float, float]
RGB = tuple[float, float, float]


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


@cache
def _descriptions() -> list[tuple[str, Rag]]:
    pairs = [
        (match_key(p), cast(Rag, rag)) for rag, ps in load_vocab("rag")["descriptions"].items() for p in ps
    ]
    return sorted(pairs, key=lambda p: -len(p[0]))  # "floor standard has not been achieved" first


def rag_from_description(text: str | None) -> Rag | None:
    """A key's description of a rating ('Target has been achieved or exceeded') -> the rating."""
    key = f" {match_key(text)} "
    return next((rag for phrase, rag in _descriptions() if f" {phrase} " in key), None)


def is_not_comparable(text: str | None) -> bool:
    """The previous rating is printed as a 'not comparable' mark such as '*'."""
    return clean(text).lower() in _not_comparable()


def rgb(color: Color) -> RGB | None:
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


def lab(value: RGB) -> Lab:
    """sRGB (0..1) to CIELAB under D65."""

    def linear(c: float) -> float:
        c = min(max(c, 0.0), 1.0)
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in value)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(a: Lab, b: Lab) -> float:
    return float(sum((p - q) ** 2 for p, q in zip(a, b, strict=True)) ** 0.5)


def hex_of(value: RGB) -> str:
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in value)


@cache
def _palette() -> list[tuple[Lab, Rag]]:
    vocab = load_vocab("rag")["fill_palette"]
    return [(lab((r / 255, g / 255, b / 255)), cast(Rag, rag)) for rag, cs in vocab.items() for r, g, b in cs]


def is_plain(color: Color) -> bool:
    """No colour to read: grey, white or near-black (a cell's ordinary background)."""
    value = rgb(color)
    if value is None:
        return True
    lightness, a, b = lab(value)
    return (a * a + b * b) ** 0.5 < load_vocab("rag")["fill_min_chroma"] or lightness < 10


@dataclass
class RagKey:
    """The report's own key colours: the fill beside each rating word in its legend."""

    colors: list[tuple[Lab, Rag]] = field(default_factory=list)

    def learn(self, color: Color, rag: Rag) -> None:
        value = rgb(color)
        if value is not None and not is_plain(color):
            self.colors.append((lab(value), rag))


def _nearest(target: Lab, palette: list[tuple[Lab, Rag]], within: float) -> Rag | None:
    """The rating of the nearest colour if it is within `within` and clearly nearer than any
    colour of another rating; None otherwise."""
    best: dict[Rag, float] = {}
    for color, rag in palette:
        d = delta_e(target, color)
        best[rag] = min(d, best.get(rag, d))
    if not best:
        return None
    ranked = sorted(best.items(), key=lambda kv: kv[1])
    rag, d1 = ranked[0]
    d2 = ranked[1][1] if len(ranked) > 1 else float("inf")
    return rag if d1 <= within and d2 - d1 >= load_vocab("rag")["fill_margin"] else None


def rag_from_color(color: Color, key: RagKey | None = None) -> Rag | None:
    """Classify a fill colour; plain colours and colours no rating is clearly nearest give None."""
    value = rgb(color)
    if value is None or is_plain(color):
        return None
    target = lab(value)
    vocab = load_vocab("rag")
    if key and key.colors:
        found = _nearest(target, key.colors, vocab["fill_key_distance"])
        if found:
            return found
    return _nearest(target, _palette(), vocab["fill_max_distance"])


@dataclass
class FillReading:
    rag: Rag | None
    color: RGB | None = None  # the coloured fill under the cell, when there is one


def fill_under(rects: Iterable[Rect], bbox: list[float]) -> Color:
    """The colour seen at the middle of `bbox` (a table cell): the last fill painted there."""
    x = (bbox[0] + bbox[2]) / 2
    y = (bbox[1] + bbox[3]) / 2
    found: Color = None
    for r in rects:
        if r.filled and r.x0 <= x <= r.x1 and r.top <= y <= r.bottom:
            found = r.fill  # drawing order: a later fill covers an earlier one
    return found


def rag_from_fill(rects: Iterable[Rect], bbox: list[float], key: RagKey | None = None) -> FillReading:
    """The rating shown by the fill under `bbox`, with the colour itself when it is coloured."""
    color = fill_under(rects, bbox)
    if color is None or is_plain(color):
        return FillReading(None)
    return FillReading(rag_from_color(color, key), rgb(color))
