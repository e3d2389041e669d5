"""Glyphs into words: pdfplumber's `extract_words` rules (the ones the stages were tuned on),
written for the reader's glyph records.

Glyphs are taken in runs of the same orientation, font, size and colour (drawing order); each
run is cut into lines by the top of its glyphs (a chain of tops at most Y_TOLERANCE apart), each
line read left to right, and a word ends at a blank, where the next glyph starts left of the
last one or more than X_TOLERANCE right of its end, or sits more than Y_TOLERANCE higher or
lower. Rotated text runs top to bottom, the two tolerances swapped. Ligatures are spelt out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import groupby

from extractor.parsers.page import Word
from extractor.parsers.pdfobjects import Glyph

X_TOLERANCE = 1.5  # points between one glyph's end and the next one's start within a word
Y_TOLERANCE = 3.0  # points between the tops of glyphs on one line
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}

# Codes WinAnsiEncoding leaves unused; the PDF specification has them show a bullet, which the
# font's encoding cannot map and is written "(cid:N)". Only unembedded simple fonts (no "ABCDEF+"
# subset prefix) use the standard encodings; in an embedded or CID font the number means
# something else.
_UNUSED_WINANSI = re.compile(r"\(cid:(?:127|129|141|143|144|157)\)")
_SYMBOLIC_FONTS = ("Symbol", "ZapfDingbats", "Wingdings")


def _style(g: Glyph) -> tuple[object, ...]:
    return (g.upright, g.fontname, g.size, g.color)


def build_words(glyphs: list[Glyph]) -> list[Word]:
    words: list[Word] = []
    for _, run in groupby(glyphs, key=_style):
        chars = list(run)
        if chars[0].upright:
            lines = _lines(chars, lambda g: g.top, Y_TOLERANCE, lambda g: g.x0)
        else:
            lines = _lines(chars, lambda g: g.x0, X_TOLERANCE, lambda g: (g.top, g.bottom))
        for line in lines:
            for word in _split(line, chars[0].upright):
                words.append(_merge(word))
    return words


def _lines(
    chars: list[Glyph],
    across: Callable[[Glyph], float],
    tolerance: float,
    along: Callable[[Glyph], object],
) -> Iterator[list[Glyph]]:
    """Chains of `across` values at most `tolerance` apart, each line sorted by `along`."""
    values = sorted(set(map(across, chars)))
    cluster: dict[float, int] = {}
    index, last = 0, values[0]
    for v in values:
        if v > last + tolerance:
            index += 1
        cluster[v] = index
        last = v
    ordered = sorted(chars, key=lambda g: cluster[across(g)])
    for _, line in groupby(ordered, key=lambda g: cluster[across(g)]):
        yield sorted(line, key=along)  # type: ignore[arg-type]


def _split(line: list[Glyph], upright: bool) -> Iterator[list[Glyph]]:
    # along the line and across it, in the line's own direction
    gap, drift = (X_TOLERANCE, Y_TOLERANCE) if upright else (Y_TOLERANCE, X_TOLERANCE)
    word: list[Glyph] = []
    for g in line:
        text = g.text
        if text.isspace():
            if word:
                yield word
            word = []
        elif not text:  # an empty glyph stands alone, as pdfplumber leaves it
            if word:
                yield word
            yield [g]
            word = []
        elif word and _breaks(word[-1], g, upright, gap, drift):
            yield word
            word = [g]
        else:
            word.append(g)
    if word:
        yield word


def _breaks(prev: Glyph, cur: Glyph, upright: bool, gap: float, drift: float) -> bool:
    if upright:
        return cur.x0 < prev.x0 or cur.x0 > prev.x1 + gap or abs(cur.top - prev.top) > drift
    return cur.top < prev.top or cur.top > prev.bottom + gap or abs(cur.x0 - prev.x0) > drift


def _merge(chars: list[Glyph]) -> Word:
    first = chars[0]
    text = "".join(LIGATURES.get(c.text, c.text) for c in chars)
    if "(cid:" in text and "+" not in first.fontname and not first.fontname.startswith(_SYMBOLIC_FONTS):
        text = _UNUSED_WINANSI.sub("\u2022", text)
    return Word(
        text=text,
        x0=min(c.x0 for c in chars),
        top=min(c.top for c in chars),
        x1=max(c.x1 for c in chars),
        bottom=max(c.bottom for c in chars),
        fontname=first.fontname,
        size=first.size,
        color=first.color,
        upright=first.upright,
        mcid=first.mcid,
    )
