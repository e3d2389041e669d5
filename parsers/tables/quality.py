"""How well-formed a table's structure looks, from its cells alone, so tables of different engines
for the same region can be compared and the better one kept.

No engine's own confidence is used (each measures something else); the score reads what any
engine returns: a grid of cell texts. A good grid has columns of one kind (figures under figures,
labels under labels), few holes, and no cell holding two figures that belong to two columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import attrgetter, itemgetter

from extractor.parsers.layout import TextLine, outside, page_lines
from extractor.parsers.page import PageContent, Segment
from extractor.parsers.tables.aligned import line_runs
from extractor.parsers.tables.cell_kinds import is_numeric_cell
from extractor.parsers.tables.regions import MIN_RULE
from extractor.schemas.document import Table

# tunables of the choice
RIVAL = "camelot hybrid"  # the one other engine asked, and only on the pages `needs_rival` picks
LOW_QUALITY = 0.3  # a table of the project's engine scoring below this asks for a rival
FIGURE_LINES = 3  # unclaimed lines holding two figures or more, at least: a table the project missed
RULES = 6  # ruling lines on a page without tables, at least: a ruled table the project missed
SPARSE_COLUMNS = 5  # a grid this wide or wider...
SPARSE_SHARE = 0.5  # ...with at least this share of its columns...
SPARSE_FILL = 1 / 3  # ...each filled in fewer than this share of its rows spread words over columns
FILL_GAPS = 0.6  # least score of a rival's table where the project found none
MIN_OVERLAP = 0.5  # share of the smaller box two tables of one page must share to be rivals
MARGIN = 0.1  # how much better another engine's table must score to replace the project's
GAP_OVERLAP = 0.2  # another engine's table overlapping a project table more than this is no gap
FILL_WEIGHT = 0.5  # how much holes in the grid lower the score (0: not at all, 1: in proportion)

_TEXT, _LAST = attrgetter("text"), itemgetter(-1)


class _FigureEnd(dict[str, bool]):
    """Does a word ending in this character end like a figure (a digit, ')' or '%')? Each
    character is asked once; the rival gate asks of every word of every line."""

    def __missing__(self, char: str) -> bool:
        found = self[char] = char.isdigit() or char in ")%"
        return found


_FIGURE_END = _FigureEnd()
_FIGURE = re.compile(r"^[+\-−–]?\(?[£$]?\d[\d,]*\.\d+\)?%?$|^\(?[£$]?\d{1,3}(,\d{3})+\)?%?$|^\(?\d+\)?%$")


def _glued(cell: str) -> bool:
    """Two figures in one cell ('12.5 (3.1)', '1,200 4,500'): two columns read as one."""
    tokens = cell.split()
    if len(tokens) < 2:
        return False  # most cells: one word or one figure
    return sum(1 for token in tokens if _FIGURE.match(token)) >= 2


def structure_quality(table: Table) -> float:
    """0..1: column consistency x share of cells not glued x (partly) share of cells filled."""
    grid = [r for r in table.header_rows + table.rows if any(c.strip() for c in r)]
    width = max((len(r) for r in grid), default=0)
    if len(grid) < 2 or width < 2:
        return 0.0
    cells = [c.strip() for r in grid for c in r if c.strip()]
    fill = len(cells) / (len(grid) * width)
    glued = sum(1 for c in cells if _glued(c)) / len(cells)
    # the first row is often a header of labels over figures: judge columns by the rows below it
    body = grid[1:]
    agree = kept = 0
    for col in range(width):
        column = [r[col].strip() for r in body if col < len(r) and r[col].strip()]
        if not column:
            continue
        figures = sum(1 for c in column if is_numeric_cell(c))
        agree += max(figures, len(column) - figures)
        kept += len(column)
    consistency = agree / kept if kept else 0.0
    return consistency * (1 - glued) * (1 - FILL_WEIGHT + FILL_WEIGHT * fill)


@dataclass
class PageEvidence:
    """What one page shows beside the project's tables on it."""

    worst: float  # lowest structure score of a one-page table of the project's engine (1 if none)
    sparse: bool  # one of them spreads its words over mostly empty columns
    figure_lines: int  # lines outside every table holding two figures or more
    rules: int  # ruling lines outside every table
    tables: int  # tables of the project's engine on the page


def page_evidence(page: PageContent, tables: list[Table]) -> PageEvidence:
    boxes = [
        (b[0], b[1], b[2], b[3])
        for t in tables
        if page.number in t.pages
        for b in [_page_box(t, page.number)]
    ]
    alone = [t for t in tables if t.pages == [page.number]]
    worst = min((structure_quality(t) for t in alone), default=1.0)
    figure_lines = 0
    for line in page_lines(page):  # the page's lines, built once for every stage
        if len(line.words) < 2:
            continue  # one word holds one figure at most
        # (every word of a line has text: its last characters read by map, not word by word)
        if sum(map(_FIGURE_END.__getitem__, map(_LAST, map(_TEXT, line.words)))) < 2:
            continue  # most lines: no two words ending like a figure, so no two figures
        free = outside(line.words, boxes)
        figure_lines += sum(is_numeric_cell(run.text) for run in line_runs(TextLine(page.number, free))) >= 2
    rules = sum(
        1
        for s in page.segments
        if max(s.x1 - s.x0, s.bottom - s.top) >= MIN_RULE and not any(_box_inside(s, b) for b in boxes)
    )
    return PageEvidence(worst, any(sparse_grid(t) for t in alone), figure_lines, rules, len(boxes))


def needs_rival(evidence: PageEvidence) -> bool:
    """Is another engine worth its cost on this page? Only where the project's engine read a table
    badly, or found none although the page shows one: lines of figures in columns, or rulings,
    outside every table found."""
    return (
        evidence.worst < LOW_QUALITY
        or evidence.sparse
        or evidence.figure_lines >= FIGURE_LINES
        # rulings count only on a page without tables: ruled forms and boxes beside a table are common
        or (evidence.rules >= RULES and not evidence.tables)
    )


def _box_inside(s: Segment, box: tuple[float, float, float, float], margin: float = 2.0) -> bool:
    return (
        box[0] - margin <= s.x0
        and s.x1 <= box[2] + margin
        and box[1] - margin <= s.top
        and s.bottom <= box[3] + margin
    )


def sparse_grid(table: Table) -> bool:
    """Words spread over too many columns (a column per word or per gap in a wrapped label): most
    columns of a wide grid nearly empty. A well-formed table fills its columns down the rows."""
    grid = [r for r in table.header_rows + table.rows if any(c.strip() for c in r)]
    width = max((len(r) for r in grid), default=0)
    if width < SPARSE_COLUMNS:
        return False
    empty = sum(
        1
        for j in range(width)
        if sum(1 for r in grid if j < len(r) and r[j].strip()) < SPARSE_FILL * len(grid)
    )
    return empty >= SPARSE_SHARE * width


def _overlap(a: list[float], b: list[float]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return w * h / smaller if smaller > 0 else 0.0


def _page_box(table: Table, page: int) -> list[float]:
    if page in table.pages and len(table.page_bboxes) == len(table.pages):
        return table.page_bboxes[table.pages.index(page)]
    return table.bbox


def choose_tables(ours: list[Table], others: list[Table], fill_gaps: float | None = None) -> list[Table]:
    """Per table of the project's engine on one page, the best-scoring table any other engine found
    over the same region, when it scores clearly better; tables stitched over pages are kept.
    With `fill_gaps`, another engine's table where the project found none is added when it scores
    at least that much (the best one of rivals over the same region)."""
    chosen = []
    for table in ours:
        if len(table.pages) != 1:
            chosen.append(table)
            continue
        rivals = [t for t in others if t.pages == table.pages and _overlap(t.bbox, table.bbox) >= MIN_OVERLAP]
        best = max(rivals, key=structure_quality, default=None)
        mine = 0.0 if sparse_grid(table) else structure_quality(table)  # a sparse grid is known wrong
        if best is not None and structure_quality(best) > mine + MARGIN:
            chosen.append(best)
        else:
            chosen.append(table)
    if fill_gaps is None:
        return chosen
    added: list[Table] = []
    for t in sorted(others, key=structure_quality, reverse=True):
        page = t.pages[0]
        if any(page in o.pages and _overlap(t.bbox, _page_box(o, page)) > GAP_OVERLAP for o in ours):
            continue  # the project has a table here
        if any(a.pages == t.pages and _overlap(t.bbox, a.bbox) >= MIN_OVERLAP for a in added):
            continue  # a better rival for this region is in already
        if structure_quality(t) >= fill_gaps:
            added.append(t)
    return chosen + added
