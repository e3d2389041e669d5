"""Cell text: the words of one cell joined in reading order, wraps and hyphen breaks mended."""

from __future__ import annotations

from parsers.layout import group_lines, join_words
from parsers.pdf import Word

BBox = list[float]


def cell_text(words: list[Word], cell_x0: float, cell_x1: float) -> str:
    lines = [ln.words for ln in group_lines(words, page=0)]
    if not lines:
        return ""
    text = join_words(lines[0])
    for prev, words_ in zip(lines, lines[1:], strict=False):
        part = join_words(words_)
        if text.endswith("-") and not text.endswith(" -") and part[:1].isalnum():
            text += part  # a word broken at its hyphen: "out-" + "turn", "2023-" + "24"
        elif _broken_word(prev, part, cell_x1):
            text += part  # a word too long for its cell, cut where it reached the edge: "Taxb" + "ase"
        else:
            text += " " + part
    return " ".join(text.split())


def _broken_word(line: list[Word], part: str, cell_x1: float) -> bool:
    word = line[-1]
    size = max(1.0, word.bottom - word.top)
    return (
        len(line) == 1 and part[:1].islower() and word.text[-1:].isalpha() and cell_x1 - word.x1 <= 0.8 * size
    )


def words_bbox(words: list[Word]) -> BBox | None:
    if not words:
        return None
    return [
        round(min(w.x0 for w in words), 2),
        round(min(w.top for w in words), 2),
        round(max(w.x1 for w in words), 2),
        round(max(w.bottom for w in words), 2),
    ]
