"""Budget monitoring, savings and management-action tables into financial records.

A money table (unit £m/£k/£000s/£ from the table or its headers) gives one record per numeric
cell: the row's directorate (its own label, a directorate abbreviation in any text cell, or the
directorate row that heads its group), the line item (the row label), the measure (the column's
header), the value as printed and in £m, the period ("as at October 2023-24") when the title or
header states one, and the cell's page and bbox.
"""

from __future__ import annotations

import re

from extractor.normalise.numbers import MONEY_UNITS
from extractor.reconcile.grid import Grid, build_grid, clean_text
from extractor.reconcile.vocab import directorate
from schemas.document import FinancialRecord, Paragraph, Table

_PERIOD = re.compile(
    r"\bas at (?:the end of )?[\w\s]*?\b(?:\d{4}[-/]\d{2,4}|\d{4})\b|\bas at end of \w+", re.I
)


def _period(table: Table) -> str | None:
    text = " ".join([table.title or "", *(clean_text(c) for row in table.header_rows for c in row)])
    m = _PERIOD.search(text)
    return m.group(0) if m else None


def _row_directorate(grid: Grid, r: int) -> tuple[str, str] | None:
    for text in grid.table.rows[r]:
        found = directorate(clean_text(text)) if text else None
        if found:
            return found
    return None


def _records(grid: Grid) -> list[FinancialRecord]:
    out: list[FinancialRecord] = []
    period = _period(grid.table)
    current: tuple[str, str] | None = None
    for r in range(grid.n_rows):
        own = _row_directorate(grid, r)
        current = own or current
        for cell in grid.row_cells(r):
            if cell.number.unit not in MONEY_UNITS:
                continue
            out.append(
                FinancialRecord(
                    directorate=current[1] if current else None,
                    directorate_canonical=current[0] if current else None,
                    line_item=grid.labels[r] or "(unlabelled total)",
                    measure=grid.headers[cell.col] or f"column {cell.col + 1}",
                    value=cell.value,
                    text=cell.number.text,
                    unit=cell.number.unit,  # type: ignore[arg-type]
                    value_gbp_m=cell.number.value_gbp_m,
                    period=period,
                    page=cell.page,
                    bbox=cell.bbox,
                    table_id=grid.table.id,
                )
            )
    return out


def extract_financial_records(tables: list[Table], paragraphs: list[Paragraph]) -> list[FinancialRecord]:
    out: list[FinancialRecord] = []
    for table in tables:
        grid = build_grid(table)
        if grid.unit in MONEY_UNITS:
            out.extend(_records(grid))
    return out
