"""Budget monitoring, savings and management-action tables into financial records.

Only a financial table read soundly gives records: money named by its caption, header or units row,
or printed in its cells, and a structure the reading can stand behind (a header over its figures,
labels apart from figures). Each cell of a money column (`parsers.finance_columns`) of a labelled
row is one record: the row's line item, its directorate, the column's measure, the value as
printed and in £m, the period and where the period was read, and the cell's page and bbox.

Line item: the row's label; page furniture ("141 P a g e 1", "Page 3 of 12", agenda stamps, a
banner repeated at the top of the pages) never is one, nor is a row that repeats the header.

Directorate (canonical name from `schemas/vocab/directorates.json`, the printed name kept): the
row's own label, or an abbreviation in brackets ("Strategic Management (ASCH)"), or the label
of its section. Sections exist only in a table that names two or more directorates: a table
listing one directorate per row has no sections; otherwise a section is headed by its directorate
row when the table starts with one (the heading carries down), or closed by it when the table
starts with service rows and each directorate's total comes after them (the total carries up).

Period (`parsers.finance_month`): the column's own header, else the caption, else the report's
statement of its period, else the meeting.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from extractor.parsers.finance_columns import MoneyColumn, headed_columns, money_columns, unitless
from extractor.parsers.finance_month import ReportPeriods, SourcedPeriod, column_or_table
from extractor.parsers.tables.quality import structure_quality
from extractor.schemas.document import AgendaItem, FinancialRecord, Meeting, Table
from extractor.schemas.labels import directorate, load, norm_label
from extractor.schemas.numbers import MONEY_UNITS, parse_number
from extractor.schemas.table_figures import TableFigures, clean_text, read_figures

Directorate = tuple[str, str]  # (canonical name, as printed)
Soundness = Callable[[TableFigures], bool]
_BRACKETED = re.compile(r"\(([A-Z]{2,6})\)")
# two financial years side by side in one header cell: the headers of two columns run together
_GLUED_YEARS = re.compile(r"\b(?:19|20)\d{2}\s*[/\-–]\s*\d{2}\s+(?:19|20)\d{2}\s*[/\-–]\s*\d{2}\b")
_WORD = re.compile(r"[A-Za-z]{2,}")  # a label has a word: a rate ('5.17%') or a date is no label
# 'Total - ASCH', 'ASCH Total'
_TOTAL_WORDS = re.compile(r"^\s*total\b[\s\-–:]*|[\s\-–:]*\btotal\s*$", re.IGNORECASE)
UNLABELLED_TOTAL = "(unlabelled total)"
MIN_STRUCTURE_QUALITY = 0.5  # parsers.tables.quality: columns of one kind, no glued figures, few holes
MIN_HEADED_SHARE = 0.5  # of figure columns with a header: fewer, and the header was not found
MIN_SECTIONED_DIRECTORATES = 2  # one directorate named in a table is that row's, not a section's
LABEL_FILL = 0.5  # a label column names at least this share of the figure rows
LABEL_DISTINCT = 0.6  # ... with at least this share of different labels


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    return {d["abbreviation"]: d["canonical"] for d in load("directorates")["directorates"]}


@lru_cache(maxsize=1)
def _furniture() -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in load("finance")["furniture"]]


def is_furniture(label: str) -> bool:
    """A page number, 'Page 3 of 12', 'P a g e' spelt out, an agenda or appendix stamp."""
    text = re.sub(r"\s+", " ", label).strip()
    return any(p.search(text) for p in _furniture())


def _cell_directorate(text: str) -> Directorate | None:
    text = clean_text(text)
    if not text:
        return None
    found = directorate(text) or directorate(_TOTAL_WORDS.sub(" ", text))
    if found:
        return found[0], text
    for abbreviation in _BRACKETED.findall(text):
        canonical = _abbreviations().get(abbreviation)
        if canonical:
            return canonical, abbreviation
    return None


def _own_directorate(grid: TableFigures, r: int) -> Directorate | None:
    for text in grid.table.rows[r]:
        found = _cell_directorate(text) if text else None
        if found:
            return found
    return None


def _caption_directorate(grid: TableFigures) -> Directorate | None:
    """A table captioned by one directorate ('Adult Social Care & Health (ASCH)'), in its title or
    a header row of one cell, is that directorate's section."""
    captions = [grid.table.title or ""]
    captions += [
        t
        for row in grid.table.header_rows
        if len(texts := [t for t in row if clean_text(t)]) == 1
        for t in texts
    ]
    found = {d for text in captions if text and (d := _cell_directorate(text))}
    return found.pop() if len({d[0] for d in found}) == 1 else None


def row_directorates(grid: TableFigures) -> list[Directorate | None]:
    """The directorate of each row: its own, or its section's (heading carries down, total up; a
    table captioned by a directorate is its section)."""
    own = [_own_directorate(grid, r) for r in range(grid.n_rows)]
    caption = _caption_directorate(grid)
    if caption is not None and all(d is None or d[0] == caption[0] for d in own):
        return [d or caption for d in own]
    if len({d[0] for d in own if d}) < MIN_SECTIONED_DIRECTORATES:
        return own
    labelled = [r for r in range(grid.n_rows) if grid.labels[r] and grid.is_numeric_row(r)]
    if labelled and 2 * sum(own[r] is not None for r in labelled) >= len(labelled):
        # one row per directorate (a General Fund summary): only unlabelled rows belong to the row above
        return [own[r] or (own[r - 1] if r and not grid.labels[r] else None) for r in range(grid.n_rows)]
    first = next((r for r, d in enumerate(own) if d), None)
    if first is not None and any(grid.is_numeric_row(r) and own[r] is None for r in range(first)):
        return _closed_sections(grid, own)
    return _headed_sections(grid, own)


def _closed_sections(grid: TableFigures, own: list[Directorate | None]) -> list[Directorate | None]:
    """Service rows first, each directorate's total after them: the total carries up, as far as the
    header repeated over the section (rows between a total and that header are no directorate's)."""
    out = list(own)
    current: Directorate | None = None
    for r in range(grid.n_rows - 1, -1, -1):
        if own[r] and grid.is_numeric_row(r):
            current = own[r]
        elif _repeats_header(grid, r):
            current = None
        out[r] = own[r] or current
    return out


def _repeats_header(grid: TableFigures, r: int) -> bool:
    """A row of no figures that prints the table's header again (a section's own header)."""
    if grid.is_numeric_row(r):
        return False
    header = {norm_label(unitless(h)) for row in grid.table.header_rows for h in row if unitless(h)}
    texts = [norm_label(unitless(t)) for t in grid.table.rows[r] if unitless(t)]
    return len(texts) >= 2 and sum(t in header for t in texts) >= 2


def _headed_sections(grid: TableFigures, own: list[Directorate | None]) -> list[Directorate | None]:
    """A directorate row heads the rows under it until the next directorate or a total row; a run of
    directorate rows one after another is a list of directorates, heading nothing."""
    labelled = [r for r in range(grid.n_rows) if grid.labels[r]]
    following = {a: b for a, b in zip(labelled, labelled[1:], strict=False)}
    out = list(own)
    current: Directorate | None = None
    for r in range(grid.n_rows):
        if own[r]:
            nxt = following.get(r)
            current = own[r] if nxt is None or own[nxt] is None else None
        elif grid.labels[r] and grid.is_total_row(r):
            current = None
        else:
            out[r] = current
    return out


def _label_column(grid: TableFigures) -> int | None:
    """The column that names the line items: the leftmost text column whose labels mostly differ
    from row to row and are not directorates (a category or directorate column repeats)."""
    rows = [r for r in range(grid.n_rows) if grid.is_numeric_row(r)]
    width = len(grid.headers)
    for c in range(width):
        texts = [
            clean_text(grid.table.rows[r][c])
            for r in rows
            if c < len(grid.table.rows[r]) and grid.cells[r][c] is None and clean_text(grid.table.rows[r][c])
        ]
        texts = [t for t in texts if _WORD.search(t) and parse_number(t) is None]
        if not texts or len(texts) < LABEL_FILL * len(rows):
            continue
        directorates = sum(1 for t in texts if _cell_directorate(t))
        if len(set(texts)) >= LABEL_DISTINCT * len(texts) and directorates < LABEL_DISTINCT * len(texts):
            return c
    return None


def line_items(grid: TableFigures, columns: list[MoneyColumn]) -> list[str | None]:
    """Each row's line item, or None for a row that is no line item (furniture, a repeated header,
    an unlabelled row that totals nothing). The label is the row's text in the label column, else
    its first text."""
    headers = {norm_label(c.header) for c in columns if c.header}
    label_col = _label_column(grid)
    out: list[str | None] = []
    for r in range(grid.n_rows):
        row = grid.table.rows[r]
        label = grid.labels[r]
        if label_col is not None and label_col < len(row) and clean_text(row[label_col]):
            label = clean_text(row[label_col])
        if not label:
            out.append(UNLABELLED_TOTAL if grid.is_total_row(r) else None)
        elif is_furniture(label) or norm_label(unitless(label)) in headers:
            out.append(None)
        else:
            out.append(label)
    return out


def is_financial(grid: TableFigures, columns: list[MoneyColumn]) -> bool:
    """Money named by the caption, header or units row, or printed in the cells of its columns."""
    return bool(columns)


def sound_structure(grid: TableFigures) -> bool:
    """The reading can be trusted: a well-formed grid (`parsers.tables.quality`), a header over most
    figure columns and none beyond the last header, no header cell holding two columns' years, and
    labels apart from figures (a label cell ending in a figure was read with its columns run
    together)."""
    if structure_quality(grid.table) < MIN_STRUCTURE_QUALITY:
        return False
    headed = headed_columns(grid)
    if len(headed) < MIN_HEADED_SHARE * len(grid.numeric_cols):
        return False
    if headed and any(c > max(headed) for c in grid.numeric_cols):
        return False  # figures beyond the last header: header and body out of line
    if any(_GLUED_YEARS.search(clean_text(cell)) for row in grid.table.header_rows for cell in row):
        return False
    labelled = [r for r in range(grid.n_rows) if grid.is_numeric_row(r) and grid.labels[r]]
    glued = sum(1 for r in labelled if re.search(r"\d[\d,]*\.\d+\s*\)?$", grid.labels[r]))
    return not labelled or glued <= 0.1 * len(labelled)


def _value(grid: TableFigures, r: int, column: MoneyColumn) -> tuple[str, float, str, float | None] | None:
    cell = grid.cells[r][column.col]
    if cell is None:
        return None
    number = cell.number
    if column.unit is not None:  # the column's own unit ('(£m)' over it in a £000s table)
        reparsed = parse_number(number.text, column.unit)
        number = reparsed if reparsed is not None else number
    if number.unit not in MONEY_UNITS:
        return None
    return number.text, number.value, number.unit, number.value_gbp_m


def _records(grid: TableFigures, period: SourcedPeriod | None) -> list[FinancialRecord]:
    columns = money_columns(grid)
    if not is_financial(grid, columns):
        return []
    directorates = row_directorates(grid)
    items = line_items(grid, columns)
    periods = {c.col: column_or_table([c.header, *c.groups], period) for c in columns}
    out: list[FinancialRecord] = []
    for r in range(grid.n_rows):
        item = items[r]
        if item is None:
            continue
        found = directorates[r]
        for column in columns:
            value = _value(grid, r, column)
            if value is None:
                continue
            text, number, unit, gbp_m = value
            cell = grid.cells[r][column.col]
            assert cell is not None
            when = periods[column.col]
            out.append(
                FinancialRecord(
                    directorate=found[1] if found else None,
                    directorate_canonical=found[0] if found else None,
                    line_item=item,
                    measure=column.measure_text,
                    measure_canonical=column.measure,
                    value=number,
                    text=text,
                    unit=unit,  # type: ignore[arg-type]
                    value_gbp_m=gbp_m,
                    period=when.period.label if when else None,
                    period_source=when.source if when else None,
                    page=cell.page,
                    bbox=cell.bbox,
                    table_id=grid.table.id,
                )
            )
    return out


def extract_financial_records(
    tables: list[Table],
    texts: Sequence[tuple[int, str]],
    agenda_items: list[AgendaItem] | None = None,
    meeting: Meeting | None = None,
    sound: Soundness = sound_structure,
) -> list[FinancialRecord]:
    """Records of every financial table read soundly (`sound` judges a table's reading); `texts` are
    (page, text) of the document, where a report states its period."""
    return financial_records([read_figures(t) for t in tables], texts, agenda_items, meeting, sound)


def financial_records(
    grids: Sequence[TableFigures],
    texts: Sequence[tuple[int, str]],
    agenda_items: list[AgendaItem] | None = None,
    meeting: Meeting | None = None,
    sound: Soundness = sound_structure,
) -> list[FinancialRecord]:
    """`extract_financial_records` from the tables' figures already read (the pipeline reads each
    table's figures once and the audit checks the same ones)."""
    out: list[FinancialRecord] = []
    periods = ReportPeriods(texts, agenda_items, meeting)
    for grid in grids:
        if not sound(grid):
            continue
        table = grid.table
        header = " ".join(clean_text(c) for row in table.header_rows for c in row)
        out.extend(_records(grid, periods.of_table(table, header)))
    return out
