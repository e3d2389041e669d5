"""The typed records every stage reads: a page's words, filled rects, ruling segments, curves and
images, in pdfplumber's top-left coordinates with 1-based page numbers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

Color = tuple[float, ...] | None


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    fontname: str = ""
    size: float = 0.0
    color: Color = None
    upright: bool = True
    mcid: int | None = None  # marked-content id of its first glyph (tagged PDFs)

    @property
    def bold(self) -> bool:
        return "bold" in self.fontname.lower()

    @property
    def xmid(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def ymid(self) -> float:
        return (self.top + self.bottom) / 2


def extent(words: Iterable[Word]) -> tuple[float, float, float, float, float]:
    """(x0, top, x1, bottom, size) over `words`, in one pass, keeping the first extreme as `min()`
    and `max()` would (and raising as they do when there is none)."""
    it = iter(words)
    first = next(it, None)
    if first is None:
        raise ValueError("min() arg is an empty sequence")
    x0, top, x1, bottom, size = first.x0, first.top, first.x1, first.bottom, first.size
    for w in it:
        if w.x0 < x0:
            x0 = w.x0
        if w.top < top:
            top = w.top
        if w.x1 > x1:
            x1 = w.x1
        if w.bottom > bottom:
            bottom = w.bottom
        if w.size > size:
            size = w.size
    return x0, top, x1, bottom, size


@dataclass(slots=True)
class Rect:
    x0: float
    top: float
    x1: float
    bottom: float
    fill: Color = None
    stroke: Color = None
    filled: bool = False
    stroked: bool = False
    linewidth: float = 0.0

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True)
class Segment:
    """A ruling line (or a thin rect acting as one)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.bottom - self.top) <= (self.x1 - self.x0)


@dataclass(slots=True)
class Curve:
    x0: float
    top: float
    x1: float
    bottom: float
    points: list[tuple[float, float]] = field(default_factory=list)
    fill: Color = None
    filled: bool = False


@dataclass(slots=True)
class PageContent:
    number: int
    width: float
    height: float
    rotation: int = 0
    words: list[Word] = field(default_factory=list)
    rects: list[Rect] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    curves: list[Curve] = field(default_factory=list)
    images: list[tuple[float, float, float, float]] = field(default_factory=list)
    # the page's text lines, built once by parsers.layout.page_lines for every stage that reads them
    lines_cache: list[Any] | None = field(default=None, repr=False, compare=False)
    # ...and its words and lines outside the last boxes asked for (tables: their titles, then prose)
    outside_cache: tuple[frozenset[Any], list[Any], list[Any]] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def has_text(self) -> bool:
        return any(w.text.strip() for w in self.words)
