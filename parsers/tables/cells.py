"""Cell text: the words of one cell joined in reading order, wraps and hyphen breaks mended."""

from __future__ import annotations

from parsers.layout import group_lines
from parsers.pdf import Word

BBox = list[float]


def cell_text(words: list[Word], cell_x0: float, cell_x1: float) -> str:
    lines = [ln.words for ln in group_lines(words, page=0)]
    if not lines:
        return ""
    text = " ".join(w.text for w in lines[0])
    for words_ in lines[1:]:
        part = " ".join(w.text for w in words_)
        if text.endswith("-") and not text.endswith(" -") and part[:1].isalnum():
            text += part  # a word broken at its hyphen: "out-" + "turn", "2023-" + "24"
        else:
            text += " " + part
    return " ".join(text.split())


def words_bbox(words: list[Word]) -> BBox | None:
    if not words:
        return None
    return [
        round(min(w.x0 for w in words), 2),
        round(min(w.top for w in words), 2),
        round(max(w.x1 for w in words), 2),
        round(max(w.bottom for w in words), 2),
    ]
