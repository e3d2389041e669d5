"""Budget monitoring, savings and management-action tables into financial records.

A money table (unit £m/£k/£000s/£ from the table or its headers) gives one record per numeric
cell: the row's directorate, the line item (the row label), the measure (the column's header),
the value as printed and in £m, the period, and the cell's page and bbox.

Directorate (canonical name from `schemas/vocab/directorates.json`): the row's own label or any
text cell naming one, or an abbreviation in brackets ("Strategic Management (ASCH)"); otherwise
the directorate of its group. A table listing one directorate per row has no groups (its General
Fund and Overall rows have none). A group is headed by its directorate row when the table starts
with one (the heading carries down), or closed by it when the table starts with service rows
and each directorate's total comes after them (the total carries up).

Period: `parsers.finance_period` - "October 2023-24" (month and financial year), from the table
or the report's own text; a column headed by a month has that month.
"""

from __future__ import annotations

import re

from extractor.parsers.finance_period import MonthPeriod, ReportMonths, column_month
from extractor.schemas.document import AgendaItem, FinancialRecord, Paragraph, Table
from extractor.schemas.labels import directorate, load
from extractor.schemas.numbers import MONEY_UNITS
from extractor.schemas.table_figures import Grid, build_grid, clean_text

Directorate = tuple[str, str]  # (canonical name, as printed)
_BRACKETED = re.compile(r"\(([A-Z]{2,6})\)")


def _abbreviations() -> dict[str, str]:
    return {d["abbreviation"]: d["canonical"] for d in load("directorates")["directorates"]}


def _cell_directorate(text: str) -> Directorate | None:
    text = clean_text(text)
    if not text:
        return None
    found = directorate(text)
    if found:
        return found[0], text
    for abbreviation in _BRACKETED.findall(text):
        canonical = _abbreviations().get(abbreviation)
        if canonical:
            return canonical, abbreviation
    return None


def _own_directorate(grid: Grid, r: int) -> Directorate | None:
    for text in grid.table.rows[r]:
        found = _cell_directorate(text) if text else None
        if found:
            return found
    return None


def row_directorates(grid: Grid) -> list[Directorate | None]:
    """The directorate of each row: its own, or its group's (heading carries down, total up)."""
    own = [_own_directorate(grid, r) for r in range(grid.n_rows)]
    labelled = [r for r in range(grid.n_rows) if grid.labels[r] and grid.is_numeric_row(r)]
    if labelled and 2 * sum(own[r] is not None for r in labelled) >= len(labelled):
        # one row per directorate (a General Fund summary): only unlabelled rows belong to the row above
        return [own[r] or (own[r - 1] if r and not grid.labels[r] else None) for r in range(grid.n_rows)]
    first = next((r for r, d in enumerate(own) if d), None)
    closing = first is not None and any(grid.is_numeric_row(r) and own[r] is None for r in range(first))
    # service rows before the first directorate row: each directorate's total closes its group
    out = list(own)
    current: Directorate | None = None
    for r in range(grid.n_rows - 1, -1, -1) if closing else range(grid.n_rows):
        if own[r] and (not closing or grid.is_numeric_row(r)):
            current = own[r]
        out[r] = own[r] or current
    return out


def _records(grid: Grid, period: MonthPeriod | None) -> list[FinancialRecord]:
    out: list[FinancialRecord] = []
    directorates = row_directorates(grid)
    fy = period.fy_start if period else None
    columns = {c: column_month(h, fy) for c, h in enumerate(grid.headers)}
    for r in range(grid.n_rows):
        found = directorates[r]
        for cell in grid.row_cells(r):
            if cell.number.unit not in MONEY_UNITS:
                continue
            month = columns.get(cell.col) or period
            out.append(
                FinancialRecord(
                    directorate=found[1] if found else None,
                    directorate_canonical=found[0] if found else None,
                    line_item=grid.labels[r] or "(unlabelled total)",
                    measure=grid.headers[cell.col] or f"column {cell.col + 1}",
                    value=cell.value,
                    text=cell.number.text,
                    unit=cell.number.unit,  # type: ignore[arg-type]
                    value_gbp_m=cell.number.value_gbp_m,
                    period=month.label if month else None,
                    page=cell.page,
                    bbox=cell.bbox,
                    table_id=grid.table.id,
                )
            )
    return out


def extract_financial_records(
    tables: list[Table], paragraphs: list[Paragraph], agenda_items: list[AgendaItem] | None = None
) -> list[FinancialRecord]:
    out: list[FinancialRecord] = []
    months = ReportMonths(paragraphs, agenda_items)
    for table in tables:
        grid = build_grid(table)
        if grid.unit in MONEY_UNITS:
            header = " ".join(clean_text(c) for row in table.header_rows for c in row)
            out.extend(_records(grid, months.of_table(table, header)))
    return out
