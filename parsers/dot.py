"""Direction of travel (DoT) of a KPI: from arrow glyphs, symbol-font letters, words, or drawn shapes.

Reading order for one DoT cell: the cell's text (symbol-font letters and private-use code points
decoded by font name first, then glyphs, then words); when the cell has no text, the vector marks
drawn inside it (classified by which way they point, see `dot_shapes`). The report's own key, when
it has one, overrides the default meaning of a glyph or a shape direction (`DotKey`). A mark that
cannot be read gives None and a warning: a direction is never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal, cast

from extractor.parsers.dot_shapes import Direction, classify_marks
from extractor.parsers.pdf import PageContent
from extractor.schemas.vocabulary import clean, load_vocab, match_key

Dot = Literal["improving", "stable", "worsening"]
DOTS: tuple[Dot, ...] = ("improving", "stable", "worsening")


@lru_cache(maxsize=1)
def _glyphs() -> dict[str, Dot]:
    vocab = load_vocab("dot")
    return {g: cast(Dot, dot) for dot, glyphs in vocab["glyphs"].items() for g in glyphs}


@lru_cache(maxsize=1)
def _words() -> list[tuple[str, Dot]]:
    vocab = load_vocab("dot")
    pairs = [(match_key(w), cast(Dot, dot)) for dot, words in vocab["words"].items() for w in words]
    return sorted(pairs, key=lambda p: -len(p[0]))  # longest phrase first: "no clear trend" before "trend"


def font_key(fontname: str) -> str:
    """'ABCDEF+Wingdings-Regular' -> 'wingdingsregular'."""
    name = fontname.split("+", 1)[-1].lower()
    return re.sub(r"[^a-z0-9]", "", name)


def decode_symbol_font(text: str, fontname: str) -> str:
    """Map a symbol font's letters / private-use code points to the Unicode glyphs they draw."""
    key = font_key(fontname)
    fonts = load_vocab("dot")["symbol_fonts"]
    matches = [f for f in fonts if f in key]
    if not matches:
        return text
    table = fonts[max(matches, key=len)]  # "wingdings3" wins over "wingdings"
    out = []
    for ch in text:
        code = ord(ch) - 0xF000 if 0xF000 <= ord(ch) <= 0xF0FF else ord(ch)
        out.append(table.get(f"{code:02x}", ch) if code < 0x100 else ch)
    return "".join(out)


def dot_from_glyphs(text: str) -> Dot | None:
    """The meaning of the arrow glyphs in `text`; None when none, or when they disagree."""
    glyphs = _glyphs()
    found = {glyphs[ch] for ch in glyphs.keys() & set(text)}
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=1)
def _spaced_words() -> list[tuple[str, Dot]]:
    """`_words` as whole words to look for (' no clear trend '), longest first."""
    return [(f" {phrase} ", dot) for phrase, dot in _words() if phrase]


def dot_from_words(text: str) -> Dot | None:
    key = f" {match_key(text)} "
    for phrase, dot in _spaced_words():
        if phrase in key:
            return dot
    return None


@dataclass
class DotKey:
    """The report's own key: which glyph / which drawn direction means what."""

    glyphs: dict[str, Dot] = field(default_factory=dict)
    shapes: dict[Direction, Dot] = field(default_factory=dict)

    def glyph(self, ch: str) -> Dot | None:
        return self.glyphs.get(ch) or _glyphs().get(ch)

    def shape(self, direction: Direction) -> Dot | None:
        if direction in self.shapes:
            return self.shapes[direction]
        default = load_vocab("dot")["shape_directions"].get(direction)
        return cast(Dot, default) if default else None


def learn_key_row(key: DotKey, mark: str, description: str) -> None:
    """Record one legend row ('↑', 'Performance has improved') in `key` when both sides are readable."""
    meaning = dot_from_words(description)
    glyphs = [ch for ch in clean(mark) if not ch.isspace()]
    if meaning and len(glyphs) == 1 and not glyphs[0].isalnum():
        key.glyphs[glyphs[0]] = meaning


@dataclass
class DotReading:
    dot: Dot | None
    source: str  # "glyph", "symbol_font", "word", "shape", "image", "empty", "unknown"
    warning: str | None = None


def _cell_fonts(page: PageContent | None, bbox: list[float] | None) -> list[tuple[str, str]]:
    if page is None or bbox is None:
        return []
    x0, top, x1, bottom = bbox
    return [
        (w.text, w.fontname)
        for w in page.words
        if x0 - 1 <= w.xmid <= x1 + 1 and top - 1 <= w.ymid <= bottom + 1
    ]


def read_dot(
    text: str | None,
    key: DotKey | None = None,
    page: PageContent | None = None,
    bbox: list[float] | None = None,
) -> DotReading:
    """Read one DoT cell. `page` and `bbox` (the cell on its page) enable fonts and drawn shapes."""
    key = key or DotKey()
    text = clean(text)
    if text:
        decoded = "".join(decode_symbol_font(t, f) for t, f in _cell_fonts(page, bbox)) or text
        source = "symbol_font" if decoded != text and page is not None else "glyph"
        found = {key.glyph(ch) for ch in decoded if key.glyph(ch)}
        if len(found) == 1:
            return DotReading(found.pop(), source)
        word = dot_from_words(decoded)
        if word and not found:
            return DotReading(word, "word")
        return DotReading(None, "unknown", f"unreadable direction-of-travel mark {text!r}")
    if page is None or bbox is None:
        return DotReading(None, "empty")
    direction, has_marks, has_image = classify_marks(page, bbox)
    if direction is not None:
        meaning = key.shape(direction)
        if meaning:
            return DotReading(meaning, "shape")
        return DotReading(
            None, "unknown", f"drawn direction-of-travel mark pointing {direction} has no meaning"
        )
    if has_marks:
        return DotReading(None, "unknown", "drawn direction-of-travel mark has no recognisable direction")
    if has_image:
        return DotReading(None, "image", "direction-of-travel mark is an image: not read")
    return DotReading(None, "empty")
