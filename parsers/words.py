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
from operator import itemgetter

from extractor.parsers.page import Word
from extractor.parsers.pdfobjects import BOTTOM, MCID, STYLE, TEXT, TOP, X0, X1, Glyph

X_TOLERANCE = 1.5  # points between one glyph's end and the next one's start within a word
Y_TOLERANCE = 3.0  # points between the tops of glyphs on one line
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}

# Codes WinAnsiEncoding leaves unused; the PDF specification has them show a bullet, which the
# font's encoding cannot map and is written "(cid:N)". Only unembedded simple fonts (no "ABCDEF+"
# subset prefix) use the standard encodings; in an embedded or CID font the number means
# something else.
_UNUSED_WINANSI = re.compile(r"\(cid:(?:127|129|141|143|144|157)\)")
_SYMBOLIC_FONTS = ("Symbol", "ZapfDingbats", "Wingdings")


_STYLE = itemgetter(STYLE)
_TEXT = itemgetter(TEXT)
_X0 = itemgetter(X0)
_TOP = itemgetter(TOP)
_X1 = itemgetter(X1)
_BOTTOM = itemgetter(BOTTOM)
_LIGATURE_CHARS = frozenset(LIGATURES)


def build_words(glyphs: list[Glyph]) -> list[Word]:
    words: list[Word] = []
    for style, run in groupby(glyphs, key=_STYLE):
        chars = list(run)
        upright = style[0]
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
        if index == 0 and upright:  # one line (most runs): reading order is left to right
            chars.sort(key=_X0)
            _split(chars, words)
            continue
        # each line's glyphs in drawing order (as a stable sort by line would leave them), moved
        # a stretch of one `across` value at a time (a text object's glyphs share their top)
        lines: list[list[Glyph]] = [[] for _ in range(index + 1)]
        for v, stretch in groupby(chars, key=across):
            lines[line_of[v]].extend(stretch)
        for line in lines:
            if upright:
                line.sort(key=_X0)
                _split(line, words)
                continue
            rising = _rising(line)
            line.sort(key=(lambda g: (-g[BOTTOM], -g[TOP])) if rising else (lambda g: (g[TOP], g[BOTTOM])))
            _split_rotated(line, words, rising)
    return words


def _split(line: list[Glyph], words: list[Word]) -> None:
    """Cut one upright line, in reading order, into words appended to `words`. Most of a page's
    glyphs pass here, once: a word's extent is kept as its glyphs are passed (its x0 is its first
    glyph's, the line being in x0 order) and its text joined from the line's texts, which are
    looked at once for ligatures and undecoded codes (both rare)."""
    append = words.append
    texts = list(map(_TEXT, line))
    joined = "".join(texts)
    plain = _LIGATURE_CHARS.isdisjoint(joined) and "(cid:" not in joined
    begin = -1  # the current word's first glyph, -1 between words
    last_x0 = last_x1 = last_top = 0.0  # the glyph before, in the current word
    top_ = x1_ = bottom_ = 0.0  # the current word's extent so far (its x0 is its first glyph's)
    for i, (text, x0, top, x1, bottom, _, _, _) in enumerate(line):
        if text.isspace():
            if begin >= 0:
                append(_word(line, texts, begin, i, top_, x1_, bottom_, plain))
                begin = -1
            continue
        if not text:  # an empty glyph stands alone, as pdfplumber leaves it
            if begin >= 0:
                append(_word(line, texts, begin, i, top_, x1_, bottom_, plain))
            append(_merge(line[i : i + 1]))
            begin = -1
            continue
        if begin < 0:
            begin = i
            top_, x1_, bottom_ = top, x1, bottom
        elif (
            x0 < last_x0
            or x0 > last_x1 + X_TOLERANCE
            # abs(top - last_top) > Y_TOLERANCE, without a call (most glyphs share their top)
            or (top != last_top and (top - last_top > Y_TOLERANCE or last_top - top > Y_TOLERANCE))
        ):
            append(_word(line, texts, begin, i, top_, x1_, bottom_, plain))
            begin = i
            top_, x1_, bottom_ = top, x1, bottom
        else:  # the same comparisons as _merge's, in the same order: ties keep the first
            if top < top_:
                top_ = top
            if x1 > x1_:
                x1_ = x1
            if bottom > bottom_:
                bottom_ = bottom
        last_x0, last_x1, last_top = x0, x1, top
    if begin >= 0:
        append(_word(line, texts, begin, len(line), top_, x1_, bottom_, plain))


def _word(
    line: list[Glyph],
    texts: list[str],
    begin: int,
    end: int,
    top: float,
    x1: float,
    bottom: float,
    plain: bool,
) -> Word:
    """The word of glyphs `line[begin:end]` of an upright line in x0 order, with the rest of its
    extent found by `_split` (`plain`: the line holds no ligature and no undecoded code)."""
    first = line[begin]
    upright, fontname, size, color = first[STYLE]
    text = texts[begin] if end - begin == 1 else "".join(texts[begin:end])
    if not plain:
        text = _spelt(text, texts[begin:end], fontname)
    return Word(text, first[X0], top, x1, bottom, fontname, size, color, upright, first[MCID])


def _split_rotated(line: list[Glyph], words: list[Word], rising: bool) -> None:
    """Cut one rotated line, in reading order, into words appended to `words` (`_breaks`)."""
    word: list[Glyph] = []
    for g in line:
        text = g[TEXT]
        if text.isspace():
            if word:
                words.append(_merge(word))
            word = []
        elif not text:
            if word:
                words.append(_merge(word))
            words.append(_merge([g]))
            word = []
        elif word and _breaks(word[-1], g, rising):
            words.append(_merge(word))
            word = [g]
        else:
            word.append(g)
    if word:
        words.append(_merge(word))


def _rising(chars: list[Glyph]) -> bool:
    """Is this rotated line drawn bottom to top? (Most glyphs sit above the one drawn before.)"""
    up = down = 0
    for prev, cur in zip(chars, chars[1:], strict=False):
        if abs(cur[X0] - prev[X0]) <= X_TOLERANCE:
            up += cur[TOP] < prev[TOP]
            down += cur[TOP] > prev[TOP]
    return up > down


def _breaks(prev: Glyph, cur: Glyph, rising: bool) -> bool:
    """Does rotated `cur` start a new word after `prev` on the same line? The tolerances are
    swapped: read bottom to top when drawn so (pdfplumber reads all rotated text top to bottom,
    which spells text rotated anticlockwise backwards)."""
    if rising:
        gap = cur[BOTTOM] > prev[BOTTOM] or cur[BOTTOM] < prev[TOP] - Y_TOLERANCE
        return gap or abs(cur[X0] - prev[X0]) > X_TOLERANCE
    gap = cur[TOP] < prev[TOP] or cur[TOP] > prev[BOTTOM] + Y_TOLERANCE
    return gap or abs(cur[X0] - prev[X0]) > X_TOLERANCE


def _merge(chars: list[Glyph]) -> Word:
    text, x0, top, x1, bottom, (upright, fontname, size, color), mcid, _ = chars[0]
    # the extent in one pass; the same comparisons as min() and max(), ties to the first
    for _, g_x0, g_top, g_x1, g_bottom, _, _, _ in chars:
        if g_x0 < x0:
            x0 = g_x0
        if g_top < top:
            top = g_top
        if g_x1 > x1:
            x1 = g_x1
        if g_bottom > bottom:
            bottom = g_bottom
    texts = list(map(_TEXT, chars))
    text = _spelt("".join(texts), texts, fontname)
    return Word(text, x0, top, x1, bottom, fontname, size, color, upright, mcid)


def _spelt(text: str, texts: list[str], fontname: str) -> str:
    """A word's text (`texts` joined) with ligatures spelt out and WinAnsi's unused codes read as
    the bullet the PDF specification has them show."""
    if not _LIGATURE_CHARS.isdisjoint(text):
        text = "".join([LIGATURES.get(t, t) for t in texts])
    if "(cid:" in text and "+" not in fontname and not fontname.startswith(_SYMBOLIC_FONTS):
        text = _UNUSED_WINANSI.sub("\u2022", text)
    return text
