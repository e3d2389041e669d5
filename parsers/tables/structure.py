"""One table region on one page into header rows and body rows of cells, with boxes.

Header rows are the leading rows that look like a header: shaded in a colour the body does
not alternate with, or bold while the body is not, plus a units row (`£m`, `£k`) under them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.parsers.layout import Levels, spaced_text, words_inside
from extractor.parsers.pdf import Color, Word
from extractor.parsers.tables.cell_kinds import is_numeric_cell, is_unit_cell
from extractor.parsers.tables.cells import CellTexts, words_bbox
from extractor.parsers.tables.grid import (
    RowBand,
    gutter_columns,
    refine_ruled_columns,
    row_bands,
    ruled_columns,
)
from extractor.parsers.tables.regions import Region

BBox = list[float]


@dataclass
class PageTable:
    page: int
    bbox: BBox
    columns: list[float]
    header_rows: list[list[str]] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    row_bboxes: list[BBox] = field(default_factory=list)
    cell_bboxes: list[list[BBox | None]] = field(default_factory=list)
    row_bold: list[bool] = field(default_factory=list)
    ruled: bool = False
    # what the table was built from, so a continuation can be rebuilt on shared columns
    region: Region | None = field(default=None, repr=False)
    words: list[Word] = field(default_factory=list, repr=False)
    bands: list[RowBand] = field(default_factory=list, repr=False)
    n_header: int = 0
    unused: set[int] = field(default_factory=set)  # columns of a printed sheet grid left empty

    @property
    def ncols(self) -> int:
        return len(self.columns) - 1


def _white(c: Color) -> bool:
    return c is None or all(v >= 0.97 for v in c)


def _numeric_row(cells: list[str]) -> bool:
    values = [c for c in cells[1:] if c]
    return bool(values) and sum(is_numeric_cell(c) for c in values) >= max(1, len(values) / 2)


def _header_count(bands: list[RowBand], fills: list[Color], texts: RowTexts) -> int:
    first = fills[0]
    shaded = not _white(first)
    if shaded:
        # a colour the body rows alternate with is zebra striping, not a header (a total row
        # shaded like the header, as the last row, is not striping)
        n = 0
        while n < len(fills) and fills[n] == first:
            n += 1
        if any(f == first for f in fills[n:-1]):
            shaded = False
    bold_body = any(not b.bold for b in bands)
    count = 0
    for i, band in enumerate(bands):
        if _numeric_row(texts[i]) and not _units_row(texts[i]):
            break
        if shaded and fills[i] == first:
            count = i + 1
        elif band.bold and bold_body and count == i and not (i and _units_row(texts[i - 1])):
            # (a bold row under a units row, '£m', is a section heading, not more header)
            count = i + 1
        elif count == i and count > 0 and _units_row(texts[i]):
            count = i + 1
        else:
            break
    return min(count, len(bands) - 1) if len(bands) > 1 else count


def _units_row(cells: list[str]) -> bool:
    return any(cells) and all(is_unit_cell(c) or not c for c in cells)


WRAPPED = 0.5  # text heights between two lines of one wrapped cell, at most
RULE_NEAR = 3.0  # points: a horizontal rule this close to a row boundary draws it
MAX_HEADER_ROWS = 5
MIN_GRID_ROWS = 2  # rows of several cells a ruled frame needs before its caption and notes are cut
SHORT_LABEL = 80
MAX_SECTION_ROWS = 2  # section rows in a row between the header and the first figures
SLIVER = 8.0  # points: a column narrower than this, empty in every row, is a misdrawn edge


def _unstyled_header(texts: RowTexts, count: int) -> int:
    """Spreadsheet headers often carry no shading or bold: the short, figure-free rows above the
    first row of figures (year bands, 'Core External Total', a '£000s' row) are header rows."""
    end = count
    while end < len(texts) and end < MAX_HEADER_ROWS and not _numeric_row(texts[end]):
        cells = [c for c in texts[end] if c]
        if end > count and _section_row(texts[end]) and _over_figures(texts, count, end):
            return end  # a section row opens the body under the header
        if not cells or any(len(c) > SHORT_LABEL for c in cells) or len(cells) < 2:
            return count
        end += 1
    return end if end > count and end < len(texts) and _numeric_row(texts[end]) else count


def _section_row(cells: list[str]) -> bool:
    return bool(cells and cells[0]) and not any(cells[1:])


def _over_figures(texts: RowTexts, start: int, end: int) -> bool:
    """Do the rows start..end label columns of figures: the next row after the section rows at
    `end` holds figures, and every labelled column but the first holds figures below?"""
    below = end
    while below < len(texts) and below < end + MAX_SECTION_ROWS and _section_row(texts[below]):
        below += 1
    if below >= len(texts) or not _numeric_row(texts[below]):
        return False
    body = [texts[r] for r in range(end, len(texts))]
    labelled = {c for r in range(start, end) for c, text in enumerate(texts[r]) if text and c > 0}
    return bool(labelled) and all(any(c < len(r) and is_numeric_cell(r[c]) for r in body) for c in labelled)


def _assign(band: RowBand, columns: list[float], ruled: bool) -> list[list[Word]]:
    cells: list[list[Word]] = [[] for _ in range(len(columns) - 1)]
    if ruled:
        for w in band.words:
            cells[_column_of(w.xmid, columns)].append(w)
    else:
        for chunk, figure in zip(band.chunks(columns), band.figures(columns), strict=True):
            # figures are right-aligned and text left-aligned: anchor each on its aligned edge
            x = chunk[-1].x1 - 1.0 if figure else chunk[0].x0 + 1.0
            cells[_column_of(x, columns)].extend(chunk)
    return cells


def _column_of(x: float, columns: list[float]) -> int:
    for i in range(len(columns) - 1):
        if x < columns[i + 1]:
            return i
    return len(columns) - 2


def _spans(
    region: Region, band: RowBand, columns: list[float], added: set[int], cells: list[list[Word]]
) -> list[int]:
    """For a ruled row, the column each column merges into when its left rule is missing."""
    mid = (band.top + band.bottom) / 2
    owner = list(range(len(columns) - 1))
    runs = [(c[0].x0, c[-1].x1) for c in band.chunks()]
    # the rules and the edges of cell shadings level with the row, found once for all its columns
    rules = [(s.x0 + s.x1) / 2 for s in region.v_rules if s.top - 1 <= mid <= s.bottom + 1]
    edges = [
        e
        for b in region.bands
        if b.top <= mid <= b.bottom and b.width < 0.9 * region.width
        for e in (b.x0, b.x1)
    ]
    for i in range(1, len(columns) - 1):
        if i in added:
            continue  # a boundary found from text, not drawn: never a merged cell
        x = columns[i]
        if _cells_apart(runs, x, cells[i - 1], cells[i]):
            continue
        present = any(abs(r - x) <= 3.0 for r in rules) or any(abs(e - x) <= 3.0 for e in edges)
        if not present:
            owner[i] = owner[i - 1]
    return owner


def _cells_apart(runs: list[tuple[float, float]], x: float, left: list[Word], right: list[Word]) -> bool:
    """A row drawn as one band without rules between its cells (a total band across a
    spreadsheet) still keeps apart what no text runs across: a figure in the column right of the
    missing rule, or text on both sides of it. A spanning label runs across, or has empty
    cells beside it."""
    if any(a < x < b for a, b in runs) or not right:
        return False
    return is_numeric_cell(spaced_text(right))


def build_page_table(
    region: Region,
    words: list[Word],
    columns: list[float] | None = None,
    bands: list[RowBand] | None = None,
    levels: Levels | None = None,
) -> PageTable | None:
    """Build one page's table; `columns` imposes text-gutter columns shared with its continuation,
    `bands` are the region's rows when already found (from the same words), `levels` the words'
    `Levels` when built once for several regions of the page."""
    if bands is None:
        found = levels.inside(region.bbox) if levels is not None else words_inside(words, region.bbox)
        inside = [w for w in found if w.upright]
        bands = row_bands(region, inside)
    if len(bands) < 2:
        return None
    ruled_cols = None if columns else ruled_columns(region)
    # a first pass with provisional columns finds the header; body rows then fix gutter columns
    provisional = columns or ruled_cols or gutter_columns(region, bands)
    cell_text = CellTexts()
    assigned = [_assign(b, provisional, ruled_cols is not None) for b in bands]  # each row's cells
    texts = RowTexts(assigned, cell_text)
    # each band's fill across the region, read by the header tests and by the ruled rows below
    fills = [region.fill_at(region.x0, b.top, region.x1, b.bottom) for b in bands]
    n_header = _header_count(bands, fills, texts)
    added: set[int] = set()
    if columns:
        pass
    elif ruled_cols:
        columns, added = refine_ruled_columns(ruled_cols, bands[n_header:] or bands)
    elif n_header:
        columns = gutter_columns(region, bands[n_header:] or bands, bands[:n_header])
    else:
        columns = provisional  # no header: the body is every row, as the provisional columns had it
    if len(columns) < 3:
        return None  # a single column is a boxed paragraph, not a table
    # (rows are assigned again only to columns that moved: the same columns give the same cells)
    if added or (ruled_cols is None and columns != provisional):
        assigned = [_assign(b, columns, False) for b in bands]
        texts = RowTexts(assigned, cell_text)
    if _white(fills[0]):
        # a shaded header says where it ends; only an unshaded one needs the figures to tell
        n_header = _unstyled_header(texts, n_header)
    table = PageTable(
        page=region.page,
        bbox=[round(v, 2) for v in region.bbox],
        columns=columns,
        ruled=ruled_cols is not None,
        region=region,
        words=words,
        bands=bands,
        n_header=n_header,
    )
    grid: list[list[list[Word]]] = []
    spread: list[bool] = []  # the row is one cell across every column
    # (each row's cells as last assigned: on the final columns, ruled unless columns were added)
    for band, cells, fill in zip(bands, assigned, fills, strict=True):
        across = False
        if table.ruled:
            owner = _spans(region, band, columns, added, cells)
            merged: list[list[Word]] = [[] for _ in cells]
            for c, ws in enumerate(cells):
                merged[owner[c]].extend(ws)
            cells = merged
            # (a shaded band across the top is the table's own title band, kept with its header:
            # it tells one table from the next that repeats the column headings)
            plain = _white(fill)
            across = len(cells) > 1 and not any(owner) and plain
        grid.append(cells)
        spread.append(across)
    if table.ruled:
        _merge_down(region, bands, columns, grid)
    built = [(i, bands[i], cells, spread[i]) for i, cells in enumerate(grid) if any(cells)]
    for i, band, cells, _ in _inside_frame(built):
        row = [cell_text(ws) for ws in cells]
        if i < n_header:
            table.header_rows.append(row)
        else:
            table.rows.append(row)
            table.row_bboxes.append(words_bbox(band.words) or [region.x0, band.top, region.x1, band.bottom])
            table.cell_bboxes.append([words_bbox(ws) for ws in cells])
            table.row_bold.append(band.bold)
    if not table.rows and not table.header_rows:
        return None
    table.unused = unused_columns(table)
    return table


def _merge_down(
    region: Region, bands: list[RowBand], columns: list[float], grid: list[list[list[Word]]]
) -> None:
    """A ruled cell spanning two rows (a box ruled above and below, with no rule between its
    rows where the other cells have one) holds one text, set in its first row as spanning
    columns are in the first column: a label wrapped over its rows, a heading centred down a
    two-row header."""
    middles = [(a + b) / 2 for a, b in zip(columns, columns[1:], strict=False)]
    spans: dict[float, list[tuple[float, float]]] = {}  # the rules near each height asked about

    def ruled_at(y: float, x: float) -> bool:
        near = spans.get(y)
        if near is None:
            near = spans[y] = [
                (s.x0, s.x1) for s in region.h_rules if abs((s.top + s.bottom) / 2 - y) <= RULE_NEAR
            ]
        return any(x0 <= x <= x1 for x0, x1 in near)

    for i in range(1, len(bands)):
        y = bands[i].top
        covered = [ruled_at(y, x) for x in middles]
        if not any(covered) or all(covered):
            continue
        below = bands[i + 1].top if i + 1 < len(bands) else bands[i].bottom
        for c, ruled in enumerate(covered):
            x = middles[c]
            if ruled or not grid[i][c]:
                continue
            # a spreadsheet rules only blocks of figure columns: its labels, between no rules,
            # are no boxes
            if not (ruled_at(bands[i - 1].top, x) and ruled_at(below, x)):
                continue
            if _one_text(grid[i - 1][c], grid[i][c], y):
                grid[i - 1][c] = grid[i - 1][c] + grid[i][c]
                grid[i][c] = []


def _one_text(upper: list[Word], lower: list[Word], boundary: float) -> bool:
    """Do words either side of a row boundary read as one text: the lower ones wrapped on from
    the upper ones, or (nothing above) set across the boundary, centred down the span?"""
    height = max(w.bottom - w.top for w in lower)
    first = min(w.top for w in lower)
    if not upper:
        return first < boundary
    return first - max(w.bottom for w in upper) <= WRAPPED * height


def _inside_frame(
    built: list[tuple[int, RowBand, list[list[Word]], bool]],
) -> list[tuple[int, RowBand, list[list[Word]], bool]]:
    """A ruled frame often holds an exhibit's title above its grid and its notes below: rows
    drawn as one unshaded cell across every column before the first row of several cells and
    after the last are caption and notes, not rows (a section heading across the grid sits
    between rows)."""
    if sum(1 for b in built if not b[3] and sum(1 for ws in b[2] if ws) >= 2) < MIN_GRID_ROWS:
        return built
    start, end = 0, len(built)
    while built[start][3]:
        start += 1
    while built[end - 1][3]:
        end -= 1
    return built[start:end]


def unused_columns(table: PageTable) -> set[int]:
    """Columns of a printed sheet grid that the table does not use. A spreadsheet printed with
    its whole grid (pale lines round every cell, used or not) has columns that hold nothing in
    any row: when such columns are most of the grid they are the sheet's, not the table's. (One
    empty column among used ones is kept: it may be a column left blank on this page of a
    longer table.) A sliver too narrow for a letter at the table's edge, the only column empty
    in every row, is no column either: a shaded cell drawn a few points short of the edge leaves
    one. (Slivers among other empty columns are kept: they mark a grid whose columns went wrong,
    which the second opinion in `rival.py` is asked about; dropping them hid such grids on the
    ICDAR half.) Seen on one parish
    council's printout and one combined authority's programme; the samples' and benchmark's
    tables have no such column. Dropped once the table is stitched (`stitch.py`), where every
    page's piece leaves them empty."""
    every = table.header_rows + table.rows
    empty = {i for i in range(table.ncols) if not any(r[i] for r in every)}
    if 2 * len(empty) <= table.ncols:
        edges = {0, table.ncols - 1}
        slivers = {i for i in empty & edges if table.columns[i + 1] - table.columns[i] < SLIVER}
        empty = slivers if slivers == empty else set()
    return empty


class RowTexts:
    """Each row's cell texts, read when first asked for: the header tests read the rows down to
    the first row of figures, and most rows are read only once, on the final columns."""

    def __init__(self, rows: list[list[list[Word]]], cell_text: CellTexts) -> None:
        self._rows = rows
        self._cell_text = cell_text
        self._texts: list[list[str] | None] = [None] * len(rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, i: int) -> list[str]:
        texts = self._texts[i]
        if texts is None:
            texts = self._texts[i] = [self._cell_text(ws) for ws in self._rows[i]]
        return texts
