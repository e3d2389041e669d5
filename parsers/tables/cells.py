"""Cell text: the words of one cell joined in reading order, wraps and hyphen breaks mended."""

from __future__ import annotations

import re
from operator import attrgetter

from extractor.parsers.layout import LINE_SLACK, group_lines, join_words
from extractor.parsers.pdf import Word
from extractor.parsers.wordbreaks import broken_at_line_end

BBox = list[float]
_X0, _TOP, _X1, _BOTTOM = (attrgetter(name) for name in ("x0", "top", "x1", "bottom"))

# dot leaders that run a label out to its figures ("0.99 ........", ". . . . ."): filling, not text;
# three dots are an ellipsis and stay
_LEADERS = re.compile(r"(?:\s*\.){4,}\s*$")


def cell_text(words: list[Word]) -> str:
    text = _joined(words)
    return _LEADERS.sub("", text) if text.endswith("....") or text.endswith(". .") else text


def _joined(words: list[Word]) -> str:
    if len(words) == 1:  # most cells: nothing to group or join
        w = words[0]
        return " ".join(w.text.split()) if w.upright else ""
    lines = _lines(words)
    if not lines:
        return ""
    left, right = min(ln[0].x0 for ln in lines), max(ln[-1].x1 for ln in lines)
    text = join_words(lines[0])
    for prev, words_ in zip(lines, lines[1:], strict=False):
        last, first = prev[-1], words_[0]
        at_edge = right - last.x1 <= max(1.0, last.bottom - last.top)  # a word can only be cut there
        text = join_lines(text, join_words(words_), at_edge, _would_fit(last, first, right - left))
    return " ".join(text.split())


def _lines(words: list[Word]) -> list[list[Word]]:
    """The cell's words in lines, as `group_lines` groups them. Most cells of several words are
    one line: words whose centres lie within `LINE_SLACK` of each other are one line whatever
    their sizes, in the order `group_lines` leaves them (by x0, then by centre, then as given)."""
    middles = [(w.top + w.bottom) / 2 for w in words]
    if (
        middles
        and max(middles) - min(middles) <= LINE_SLACK
        and all(w.upright and w.text and not w.text.isspace() for w in words)
    ):
        order = sorted(range(len(words)), key=lambda i: (words[i].x0, middles[i]))
        return [[words[i] for i in order]]
    return [ln.words for ln in group_lines(words, page=0)]


class CellTexts:
    """Cell texts of one table, each worked out once: a table's rows are read in several passes
    (provisional columns, final columns, merged spans) and most cells come out the same."""

    def __init__(self) -> None:
        self._known: dict[tuple[int, ...], str] = {}

    def __call__(self, words: list[Word]) -> str:
        if len(words) < 2:  # no cell text, or one word's: cheaper to read again than to look up
            return _joined(words) if words else ""
        key = tuple(map(id, words))  # the words outlive the table's build, so ids are stable
        text = self._known.get(key)
        if text is None:
            text = self._known[key] = cell_text(words)
        return text


def join_lines(text: str, part: str, at_edge: bool = True, would_fit: bool = False) -> str:
    """Join the next line of a cell (or its tail carried over a page) to the text so far."""
    if not text or not part:
        return text or part
    if text[-1] == "-" and text[-2:-1] not in " " and part[:1].isalnum():
        return text + part  # a word broken at its hyphen: "out-" + "turn", "2023-" + "24"
    if text[-1] == "/" and text[-2:-1] not in " " and (part[:1].islower() or part[:1].isdigit()):
        return text + part  # broken after a slash: "Capital/" + "revenue" (not "Services/" + "Paul")
    last, first = text.rsplit(None, 1)[-1], part.split(None, 1)[0]
    if at_edge and broken_at_line_end(last, first, would_fit):
        return text + part  # a word too long for its cell, cut where it reached the edge: "Taxb" + "ase"
    return text + " " + part


def _would_fit(last: Word, first: Word, width: float) -> bool:
    """Would `last` and the letters opening the next line, as one word, fit on one line?"""
    letters = len(first.text) - len(first.text.lstrip("abcdefghijklmnopqrstuvwxyz"))
    per_char = (first.x1 - first.x0) / max(1, len(first.text))
    return (last.x1 - last.x0) + letters * per_char <= width


def words_bbox(words: list[Word]) -> BBox | None:
    if not words:
        return None
    if len(words) == 1:
        w = words[0]
        return [round(w.x0, 2), round(w.top, 2), round(w.x1, 2), round(w.bottom, 2)]
    return [
        round(min(map(_X0, words)), 2),
        round(min(map(_TOP, words)), 2),
        round(max(map(_X1, words)), 2),
        round(max(map(_BOTTOM, words)), 2),
    ]
