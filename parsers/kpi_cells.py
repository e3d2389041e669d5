"""Where a KPI table's cells lie on the page, including cells that hold no word.

A RAG cell shown by its fill alone and a DoT cell holding a drawn arrow have no text, so table
detection gives them no box (`Table.cell_bboxes` is None there, and a text cell's box is only
the extent of its words). What places them is the table itself: the column's header label (its
words, found on the page above the first body row) and the row's band (the row's text widened to
half the gap to its neighbours, so a mark taller than the text still falls inside).
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor.parsers.pdf import PageContent, Word
from extractor.schemas.document import BBox, Table
from extractor.schemas.vocabulary import clean

Span = tuple[float, float]


@dataclass
class CellPlaces:
    """The header label span of each column and each body row's band, for one KPI table."""

    table: Table
    labels: list[Span | None]

    def band(self, i: int) -> tuple[float, float]:
        """Top and bottom of body row i, widened to half the gap to its neighbours on its page."""
        t = self.table
        top, bottom = t.row_bboxes[i][1], t.row_bboxes[i][3]
        same = [k for k in (i - 1, i + 1) if 0 <= k < len(t.row_bboxes) and _page(t, k) == _page(t, i)]
        gaps = {k: (top - t.row_bboxes[k][3] if k < i else t.row_bboxes[k][1] - bottom) for k in same}
        fallback = max([g for g in gaps.values() if g > 0] + [bottom - top])
        above = gaps.get(i - 1, fallback)
        below = gaps.get(i + 1, fallback)
        return top - max(above, 0.0) / 2, bottom + max(below, 0.0) / 2

    def label_area(self, i: int, j: int) -> BBox | None:
        """Column j's header label span within row i's band: inside the cell whatever its alignment."""
        span = self.labels[j] if j < len(self.labels) else None
        if span is None:
            return None
        top, bottom = self.band(i)
        return [span[0], top, span[1], bottom]

    def column_area(self, i: int, j: int, page_width: float) -> BBox:
        """Column j within row i's band: from halfway to what stands on its left to halfway to what
        stands on its right (labels and the row's text), the table's edge or the page's edge where
        nothing does."""
        t = self.table
        span = self.labels[j] if j < len(self.labels) else None
        row = t.cell_bboxes[i] if i < len(t.cell_bboxes) else []
        lefts = [s[1] for s in self.labels[:j] if s is not None] + [b[2] for b in row[:j] if b is not None]
        rights = [s[0] for s in self.labels[j + 1 :] if s is not None]
        rights += [b[0] for b in row[j + 1 :] if b is not None]
        region = t.page_bboxes[0] if t.page_bboxes else t.bbox
        left = max(lefts) if lefts else region[0] - 1
        right = min(rights) if rights else page_width
        if span is not None:
            left = (left + span[0]) / 2 if left < span[0] else span[0]
            right = (span[1] + right) / 2 if right > span[1] else span[1]
        top, bottom = self.band(i)
        return [left, top, right, bottom]


def _page(table: Table, i: int) -> int:
    return table.row_pages[i] if i < len(table.row_pages) else (table.pages[0] if table.pages else 1)


def _label_span(words: list[Word], label: str) -> Span | None:
    """The words spelling `label` on one line: the lowest such run, the one nearest the body."""
    tokens = label.split()
    found = None
    for k, w in enumerate(words):
        run = words[k : k + len(tokens)]
        if tokens and [x.text for x in run] == tokens and all(abs(x.top - w.top) < 2 for x in run):
            found = (min(x.x0 for x in run), max(x.x1 for x in run))
    return found


def cell_places(table: Table, pages: dict[int, PageContent]) -> CellPlaces:
    """Find each column's lowest header label on the table's first page, above its first body row."""
    width = max([len(r) for r in table.header_rows] + [len(r) for r in table.rows] + [0])
    labels: list[Span | None] = [None] * width
    page = pages.get(table.pages[0]) if table.pages else None
    if page is None or not table.row_bboxes:
        return CellPlaces(table, labels)
    region = table.page_bboxes[0] if table.page_bboxes else table.bbox
    first_top = table.row_bboxes[0][1]
    words = sorted(
        (
            w
            for w in page.words
            if region[1] - 1 <= w.top and w.bottom <= first_top + 1 and region[0] - 1 <= w.x0 <= region[2] + 1
        ),
        key=lambda w: (round(w.top), w.x0),
    )
    for j in range(width):
        label = next((clean(r[j]) for r in reversed(table.header_rows) if j < len(r) and clean(r[j])), "")
        # the lowest label first: a group label ('RAG rating') spans columns, a sub-label does not
        labels[j] = _label_span(words, label) if label else None
    taken: list[Span] = []
    for j, span in enumerate(labels):
        if span is not None and span in taken:
            labels[j] = None  # a spanning group label names no single column
        elif span is not None:
            taken.append(span)
    return CellPlaces(table, labels)
