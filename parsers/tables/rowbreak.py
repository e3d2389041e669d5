"""Is the first row of a table's continuation the tail of a row broken over the page break?

A row that runs over a page leaves text carrying on in some of its cells at the top of the next
page. The test is the one a reader applies: each carried-on cell's last line on the first page
was full (the next word could not have fitted on it, so it wrapped), the text keeps its style,
and the tail holds no figures. A short tail row (fewer cells filled than the row above) or a row
of running text (cells of several lines) is a tail; a row of one-line cells that happen to be
full ("AMBER" under "AMBER") is not.
"""

from __future__ import annotations

from extractor.parsers.layout import group_lines, words_inside
from extractor.parsers.pdf import Word
from extractor.parsers.tables.cell_kinds import is_numeric_cell
from extractor.parsers.tables.structure import PageTable

MAX_PADDING = 8.0  # points between a cell's rule and its text, at most


def _cell_lines(table: PageTable, row: int, col: int) -> list[list[Word]]:
    box = table.cell_bboxes[row][col]
    if box is None:
        return []
    words = words_inside(table.words, box, 0.5)
    return [ln.words for ln in group_lines(words, page=0)]


def _text_edge(prev: PageTable, piece: PageTable, col: int) -> float:
    """The right edge a cell's text may reach: its column's rule less the padding seen on the left,
    or the furthest any of its lines reaches."""
    boxes = [b for r in prev.cell_bboxes + piece.cell_bboxes if (b := r[col]) is not None]
    furthest = max((b[2] for b in boxes), default=0.0)
    padding = min((b[0] - prev.columns[col] for b in boxes), default=0.0)
    return max(furthest, prev.columns[col + 1] - min(max(padding, 0.0), MAX_PADDING))


def _wrapped(prev: PageTable, piece: PageTable, col: int) -> tuple[bool, int]:
    """Did the cell's last line on the first page end full, its next word pushed onto the next page
    in the same style? Also returns how many lines the cell has on the first page."""
    above, below = _cell_lines(prev, len(prev.rows) - 1, col), _cell_lines(piece, 0, col)
    if not above or not below:
        return False, len(above)
    last, first = above[-1][-1], below[0][0]
    if last.bold != first.bold:
        return False, len(above)  # a bold total row is not carried on by plain text
    space = 0.25 * (first.bottom - first.top)
    needed = last.x1 + space + (first.x1 - first.x0)
    return needed > _text_edge(prev, piece, col), len(above)


def is_row_tail(last_row: list[str], prev: PageTable, piece: PageTable) -> bool:
    """`last_row`: the table's last row so far (from `prev`'s page); `piece`: the continuation."""
    rows = piece.rows
    if not rows or len(rows[0]) != len(last_row) or not prev.rows:
        return False
    first = rows[0]
    filled = [i for i, c in enumerate(first) if c]
    if not filled or (piece.row_bold and piece.row_bold[0]):
        return False
    if any(is_numeric_cell(first[i]) or not last_row[i] for i in filled):
        return False
    if first[filled[0]][:1].islower():
        return True  # a sentence carrying on
    checks = [_wrapped(prev, piece, i) for i in filled]
    if not all(full for full, _ in checks):
        return False
    fewer = len(filled) < sum(1 for c in last_row if c)
    return fewer or all(lines >= 2 for _, lines in checks)
