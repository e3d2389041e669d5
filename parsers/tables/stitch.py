"""A table that runs on over pages is one table: join its pieces, drop repeated header rows.

Two pieces join when the first ends its page (nothing but footers below it), the second opens
the next page (nothing above it but running banners also printed on the first page), and
their columns line up. Repeated header rows of the second piece are dropped; a piece with a
different header starts a new table.
"""

from __future__ import annotations

from extractor.parsers.footers import is_footer
from extractor.parsers.layout import page_lines
from extractor.parsers.pdf import PageContent
from extractor.parsers.tables.cell_kinds import table_units
from extractor.parsers.tables.cells import join_lines
from extractor.parsers.tables.grid import gutter_columns
from extractor.parsers.tables.rowbreak import is_row_tail
from extractor.parsers.tables.structure import PageTable, build_page_table
from extractor.parsers.tables.titles import PlacedTable, normalise_line
from extractor.schemas.document import Table
from extractor.schemas.numbers import detect_unit

COLUMN_TOLERANCE = 12.0
# lines of text (of the table's last row) above the lowest table bottom on pages of that size that
# still count as "page full": a row breaks where its next line and the cell padding no longer fit
SPLIT_SLACK_LINES = 3.0
BLOCK_ALIGN = 6.0  # points: blocks of one table under one caption share their left and right edges
BLOCK_GAP = 3.0  # ...and stand at most this many of the upper block's row heights apart


def _norm_rows(rows: list[list[str]]) -> list[tuple[str, ...]]:
    return [tuple(" ".join(c.split()).lower() for c in r) for r in rows]


class PageTexts:
    """The normalised text lines of the pages holding tables, read only for the pages a table may
    run on from or to."""

    def __init__(self, pages: list[PageContent]) -> None:
        self._pages = {p.number: p for p in pages}
        self._known: dict[int, set[str]] = {}

    def get(self, number: int) -> set[str]:
        known = self._known.get(number)
        if known is None:
            page = self._pages.get(number)
            lines = page_lines(page) if page is not None else []
            known = self._known[number] = {normalise_line(ln.text) for ln in lines}
        return known


def _columns_match(a: list[float], b: list[float]) -> bool:
    if len(a) != len(b):
        return False
    return all(abs(x - y) <= COLUMN_TOLERANCE for x, y in zip(a[1:-1], b[1:-1], strict=True))


def _drop_repeated_header(current: Table, piece: PageTable) -> None:
    """Header rows repeated on a continuation page but not recognised as header (unshaded)."""
    header = set(_norm_rows(current.header_rows))
    while piece.rows and _norm_rows([piece.rows[0]])[0] in header:
        piece.rows, piece.row_bboxes = piece.rows[1:], piece.row_bboxes[1:]
        piece.cell_bboxes, piece.row_bold = piece.cell_bboxes[1:], piece.row_bold[1:]


def _repeats_header(a: PageTable, b: PageTable) -> bool:
    """A continuation repeats the column headings, not always the title band above them; the
    headings are compared without empty cells, as a page may find one column more than another."""
    if not b.header_rows:
        return False
    mine = [tuple(c for c in r if c) for r in _norm_rows(a.header_rows)]
    theirs = [tuple(c for c in r if c) for r in _norm_rows(b.header_rows)]
    return theirs == mine[-len(theirs) :]


def _runs_on(prev: PlacedTable, nxt: PlacedTable, page_text: PageTexts) -> bool:
    """Placement: `prev` ends its page (only footers below: page numbers, or running lines also
    printed on the next page) and `nxt` opens the next one (only running banners above it, also
    printed on `prev`'s page), and headers do not contradict."""
    a, b = prev.table, nxt.table
    if b.page != a.page + 1:
        return False
    # (a page's lines are read only when some text around the table needs looking up there)
    below = [t for t in prev.below if not is_footer(t)]
    if below and any(normalise_line(t) not in page_text.get(b.page) for t in below):
        return False
    above = [t for t in nxt.above if not is_footer(t)]
    if above and any(normalise_line(t) not in page_text.get(a.page) for t in above):
        return False
    return not (b.header_rows and a.header_rows and not _repeats_header(a, b))


def _continues(prev: PlacedTable, nxt: PlacedTable, page_text: PageTexts) -> bool:
    a, b = prev.table, nxt.table
    if a.ncols != b.ncols or not _runs_on(prev, nxt, page_text):
        return False
    # columns found from text gutters move with each page's content: a repeated header is proof enough
    gutters = not (a.ruled or b.ruled)
    return _columns_match(a.columns, b.columns) or (gutters and _repeats_header(a, b))


def _line_height(table: PageTable) -> float:
    box = table.row_bboxes[-1] if table.row_bboxes else table.bbox
    heights = [w.bottom - w.top for w in table.words if box[1] <= w.top and w.bottom <= box[3] + 1]
    return max(heights, default=7.0)


def _shared_columns(prev: PlacedTable, nxt: PlacedTable, page_text: PageTexts) -> PageTable | None:
    """Text-gutter pieces of one table whose columns came out differently on each page (a column
    empty on one page has no gutter there): rebuild both on columns found from both pages.
    Returns the rebuilt continuation, after rebuilding `prev.table` in place, or None."""
    a, b = prev.table, nxt.table
    if a.ruled or b.ruled or a.region is None or b.region is None or not _runs_on(prev, nxt, page_text):
        return None
    if b.header_rows and not _repeats_header(a, b):
        return None
    body = a.bands[a.n_header :] + b.bands[b.n_header :]
    joint = gutter_columns(a.region, body, a.bands[: a.n_header])
    new_a = build_page_table(a.region, a.words, joint, a.bands)
    new_b = build_page_table(b.region, b.words, joint, b.bands)
    if new_a is None or new_b is None or new_a.ncols != new_b.ncols:
        return None
    prev.table = new_a
    return new_b


def _to_table(piece: PlacedTable, number: int) -> Table:
    t = piece.table
    return Table(
        id=f"t{number}",
        pages=[t.page],
        bbox=t.bbox,
        page_bboxes=[t.bbox],
        title=piece.title,
        header_rows=t.header_rows,
        rows=list(t.rows),
        row_pages=[t.page] * len(t.rows),
        row_bboxes=list(t.row_bboxes),
        cell_bboxes=list(t.cell_bboxes),
        engine="ruled" if t.ruled else "text",
    )


def stitch(pages: list[PageContent], placed: list[PlacedTable]) -> list[Table]:
    first_pages = {p.table.page for p in placed}
    page_text = PageTexts([p for p in pages if p.number in first_pages])
    # a row only breaks over a page when its table runs down to the foot of the text area
    heights = {p.number: round(p.height) for p in pages}
    floors: dict[int, float] = {}
    for p in placed:
        h = heights.get(p.table.page, 0)
        floors[h] = max(floors.get(h, 0.0), p.table.bbox[3])
    tables: list[Table] = []
    unused: list[set[int]] = []  # per table: columns every piece left empty
    previous: PlacedTable | None = None
    for piece in placed:
        continues = previous is not None and bool(tables) and _continues(previous, piece, page_text)
        if (
            previous is not None
            and tables
            and tables[-1].pages == [previous.table.page]
            and not continues
            and (rebuilt := _shared_columns(previous, piece, page_text)) is not None
        ):
            tables[-1] = _to_table(previous, len(tables))
            unused[-1] = set(previous.table.unused)
            piece = PlacedTable(table=rebuilt, title=piece.title, above=piece.above, below=piece.below)
            continues = _continues(previous, piece, page_text)
        if previous is not None and continues:
            current = tables[-1]
            t = piece.table
            current.pages.append(t.page)
            current.page_bboxes.append(t.bbox)
            _drop_repeated_header(current, t)
            floor = floors.get(heights.get(previous.table.page, 0), 0.0)
            full_page = previous.table.bbox[3] >= floor - SPLIT_SLACK_LINES * _line_height(previous.table)
            if full_page and is_row_tail(current.rows[-1], previous.table, t):
                # a row broken over the page break: its tail carries on the first row's cells
                first = t.rows[0]
                current.rows[-1] = [join_lines(a, b) for a, b in zip(current.rows[-1], first, strict=True)]
                t.rows, t.row_bboxes, t.cell_bboxes = t.rows[1:], t.row_bboxes[1:], t.cell_bboxes[1:]
                t.row_bold = t.row_bold[1:]
            current.rows.extend(t.rows)
            current.row_pages.extend([t.page] * len(t.rows))
            current.row_bboxes.extend(t.row_bboxes)
            current.cell_bboxes.extend(t.cell_bboxes)
            if not current.header_rows and t.header_rows:
                current.header_rows = t.header_rows
            unused[-1] &= t.unused
        else:
            tables.append(_to_table(piece, len(tables) + 1))
            unused.append(set(piece.table.unused))
        previous = piece
    for table, empty in zip(tables, unused, strict=True):
        _drop_columns(table, empty)
    for table in tables:
        table.units = table_units(table.header_rows, table.title, table.rows)  # type: ignore[assignment]
    for above, table in zip(tables, tables[1:], strict=False):
        if _stacked_block(above, table):
            table.units = above.units
    return tables


def _drop_columns(table: Table, columns: set[int]) -> None:
    if not columns:
        return
    keep = [i for i in range(len(table.rows[0] if table.rows else table.header_rows[0])) if i not in columns]
    table.header_rows = [[r[i] for i in keep] for r in table.header_rows]
    table.rows = [[r[i] for i in keep] for r in table.rows]
    table.cell_bboxes = [[r[i] for i in keep] for r in table.cell_bboxes]


def _stacked_block(above: Table, table: Table) -> bool:
    """Is `table` a further block of `above` under one caption (same page, same columns, just
    below it, no caption or unit of its own)? Then the caption's money unit is its unit too."""
    if table.title is not None or not above.units or not above.units.startswith("£"):
        return False
    if table.units not in (None, "count") or any(detect_unit(c) for r in table.header_rows for c in r if c):
        return False
    if table.pages[0] != above.pages[-1] or not table.rows or not above.rows:
        return False
    a, b = above.page_bboxes[-1], table.page_bboxes[0]
    same_columns = len(table.rows[0]) == len(above.rows[-1])
    aligned = abs(a[0] - b[0]) <= BLOCK_ALIGN and abs(a[2] - b[2]) <= BLOCK_ALIGN
    return same_columns and aligned and 0 <= b[1] - a[3] <= BLOCK_GAP * _row_height(above)


def _row_height(table: Table) -> float:
    heights = sorted(b[3] - b[1] for b in table.row_bboxes) or [10.0]
    return heights[len(heights) // 2]
