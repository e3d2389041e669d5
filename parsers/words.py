"""Glyphs into words: pdfplumber's `extract_words` rules (the ones the stages were tuned on),
written for the reader's glyph records.

Glyphs are taken in runs of the same orientation, font, size and colour (drawing order); each
run is cut into lines by the top of its glyphs (a chain of tops at most Y_TOLERANCE apart), each
line read left to right, and a word ends at a blank, where the next glyph starts left of the
last one or more than X_TOLERANCE right of its end, or sits more than Y_TOLERANCE higher or
lower. Rotated text runs top to bottom, or bottom to top when drawn so, the two tolerances
swapped. Ligatures are spelt out.
"""

from __future__ import annotations

import re
from itertools import groupby
from operator import attrgetter

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


_STYLE = attrgetter("upright", "fontname", "size", "color")


def build_words(glyphs: list[Glyph]) -> list[Word]:
    words: list[Word] = []
    for _, run in groupby(glyphs, key=_STYLE):
        chars = list(run)
        upright = chars[0].upright
        across = _TOP if upright else _X0
        tolerance = Y_TOLERANCE if upright else X_TOLERANCE
        # lines: chains of `across` values at most `tolerance` apart, in order of that value
        line_of: dict[float, int] = {}
        index, last = 0, None
        for v in sorted(set(map(across, chars))):
            if last is not None and v > last + tolerance:
                index += 1
            line_of[v] = index
            last = v
        if upright:
            chars.sort(key=lambda g: (line_of[g.top], g.x0))
            for _, same_top in groupby(chars, key=lambda g: line_of[g.top]):
                _split(list(same_top), words, upright=True, rising=False)
            continue
        chars.sort(key=lambda g: line_of[g.x0])  # stable: each line keeps its drawing order
        for _, group in groupby(chars, key=lambda g: line_of[g.x0]):
            line = list(group)
            rising = _rising(line)
            line.sort(key=(lambda g: (-g.bottom, -g.top)) if rising else (lambda g: (g.top, g.bottom)))
            _split(line, words, upright=False, rising=rising)
    return words


def _split(line: list[Glyph], words: list[Word], upright: bool, rising: bool) -> None:
    """Cut one line, in reading order, into words appended to `words`."""
    word: list[Glyph] = []
    for g in line:
        text = g.text
        if text.isspace():
            if word:
                words.append(_merge(word))
            word = []
        elif not text:  # an empty glyph stands alone, as pdfplumber leaves it
            if word:
                words.append(_merge(word))
            words.append(_merge([g]))
            word = []
        elif word and _breaks(word[-1], g, upright, rising):
            words.append(_merge(word))
            word = [g]
        else:
            word.append(g)
    if word:
        words.append(_merge(word))


_TOP = attrgetter("top")
_X0 = attrgetter("x0")


def _rising(chars: list[Glyph]) -> bool:
    """Is this rotated line drawn bottom to top? (Most glyphs sit above the one drawn before.)"""
    up = down = 0
    for prev, cur in zip(chars, chars[1:], strict=False):
        if abs(cur.x0 - prev.x0) <= X_TOLERANCE:
            up += cur.top < prev.top
            down += cur.top > prev.top
    return up > down


def _breaks(prev: Glyph, cur: Glyph, upright: bool, rising: bool) -> bool:
    """Does `cur` start a new word after `prev` on the same line?"""
    if upright:
        return cur.x0 < prev.x0 or cur.x0 > prev.x1 + X_TOLERANCE or abs(cur.top - prev.top) > Y_TOLERANCE
    # rotated text, the tolerances swapped: read bottom to top when drawn so (pdfplumber reads all
    # rotated text top to bottom, which spells text rotated anticlockwise backwards)
    if rising:
        gap = cur.bottom > prev.bottom or cur.bottom < prev.top - Y_TOLERANCE
        return gap or abs(cur.x0 - prev.x0) > X_TOLERANCE
    return cur.top < prev.top or cur.top > prev.bottom + Y_TOLERANCE or abs(cur.x0 - prev.x0) > X_TOLERANCE


def _merge(chars: list[Glyph]) -> Word:
    first = chars[0]
    if len(chars) == 1:
        text = LIGATURES.get(first.text, first.text)
        x0, top, x1, bottom = first.x0, first.top, first.x1, first.bottom
    else:
        text = "".join([LIGATURES.get(c.text, c.text) for c in chars])
        x0, top, x1, bottom = first.x0, first.top, first.x1, first.bottom
        for c in chars:
            if c.x0 < x0:
                x0 = c.x0
            if c.top < top:
                top = c.top
            if c.x1 > x1:
                x1 = c.x1
            if c.bottom > bottom:
                bottom = c.bottom
    if "(cid:" in text and "+" not in first.fontname and not first.fontname.startswith(_SYMBOLIC_FONTS):
        text = _UNUSED_WINANSI.sub("\u2022", text)
    return Word(
        text=text,
        x0=x0,
        top=top,
        x1=x1,
        bottom=bottom,
        fontname=first.fontname,
        size=first.size,
        color=first.color,
        upright=first.upright,
        mcid=first.mcid,
    )
