"""The text around each table on its page: its title above, and what lies above and below it,
which tells the stitcher whether a table runs on from the previous page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.parsers.footers import is_footer
from extractor.parsers.layout import TextLine, page_lines
from extractor.parsers.pdf import PageContent
from extractor.parsers.tables.cell_kinds import is_numeric_cell, is_unit_cell
from extractor.parsers.tables.structure import PageTable

MAX_TITLE = 150  # characters
SENTENCE_WORDS = 12  # a line ending in a full stop or colon with more words than this is prose
TITLE_GAP = 40.0  # points: a caption further above the table than this is a paragraph, not its title


@dataclass
class PlacedTable:
    table: PageTable
    title: str | None = None
    above: list[str] = field(
        default_factory=list
    )  # text lines between the previous table (or page top) and it
    below: list[str] = field(
        default_factory=list
    )  # text lines between it and the next table (or page bottom)


_DIGITS = re.compile(r"\d+")


def normalise_line(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.split()).lower())


def _figures_strip(line: TextLine) -> bool:
    """A line of figures just above a table ("TOTAL £m 345.0 290.0") belongs with the table: it is
    no caption, and the caption is above it."""
    tokens = line.text.split()
    return len(tokens) >= 2 and sum(is_numeric_cell(t) or is_unit_cell(t) for t in tokens) * 2 >= len(tokens)


def _title(lines_above: list[TextLine], table_top: float) -> str | None:
    lines_above = list(lines_above)
    while lines_above and _figures_strip(lines_above[-1]) and table_top - lines_above[-1].bottom <= TITLE_GAP:
        table_top = lines_above.pop().top
    if not lines_above:
        return None
    block = [lines_above[-1]]
    if table_top - block[0].bottom > TITLE_GAP or is_footer(block[0].text):
        return None
    # a caption may wrap: take the lines above it that are as close as line spacing
    for ln in reversed(lines_above[:-1]):
        if block[0].top - ln.bottom <= 0.6 * max(1.0, ln.bottom - ln.top) and len(block) < 3:
            block.insert(0, ln)
        else:
            break
    text = " ".join(ln.text for ln in block)
    # a caption is short; a sentence of commentary that happens to end above a table is not one
    if len(text) > MAX_TITLE or (text.rstrip().endswith((".", ":")) and len(text.split()) > SENTENCE_WORDS):
        return None
    return text


def attach_titles(pages: list[PageContent], per_page: dict[int, list[PageTable]]) -> list[PlacedTable]:
    placed: list[PlacedTable] = []
    for page in pages:
        tables = sorted(per_page.get(page.number, []), key=lambda t: t.bbox[1])
        if not tables:
            continue
        lines = page_lines(page, [tuple(t.bbox) for t in tables])  # type: ignore[misc]
        for i, t in enumerate(tables):
            upper = tables[i - 1].bbox[3] if i else -1.0
            lower = tables[i + 1].bbox[1] if i + 1 < len(tables) else page.height + 1
            # by a line's middle: a title's descenders may reach into the table's top rule
            above = [ln for ln in lines if upper <= ln.top and (ln.top + ln.bottom) / 2 <= t.bbox[1]]
            below = [ln for ln in lines if t.bbox[3] <= (ln.top + ln.bottom) / 2 and ln.bottom <= lower]
            placed.append(
                PlacedTable(
                    table=t,
                    title=_title(above, t.bbox[1]),
                    above=[ln.text for ln in above],
                    below=[ln.text for ln in below],
                )
            )
    return placed
