"""The money columns of a finance table: each column's own header, what it measures, its unit.

A column's own header is the lowest header cell over it that says more than a unit ("Revenue
Budget" under "2023-24", "Last reported position" under "Forecast position as overspend"); the
cells above it are its group, a group cell spanning the empty cells to its right ("2022-23" over
Budget, Outturn, Variance). The measure is the own header as printed (unit words dropped) and its
canonical name from `schemas/vocab/finance.json`, or none when there is no header: never a
position. Columns that number or code the rows (a header "Ref"/"Row", or bare whole numbers
counting up) and columns of counts or rates inside a money table are not money columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractor.schemas.labels import load
from extractor.schemas.numbers import MONEY_UNITS, detect_unit
from extractor.schemas.periods import strip_periods
from extractor.schemas.table_figures import TableFigures, clean_text

_UNIT_TEXT = re.compile(
    r"\(?\s*£\s*(?:m|k|bn|000'?s?|million|thousands?)?\s*\)?(?=\s|$)|\(\s*\)", re.IGNORECASE
)
ROW_NUMBERS_RISING = 0.8  # share of steps up in a column of bare whole numbers that numbers the rows
MONEY_CELL_SHARE = 0.5  # a column with no unit is money when this share of its figures print a £


@dataclass(frozen=True)
class MoneyColumn:
    col: int
    header: str  # the column's own header, unit words dropped ("" when none)
    groups: tuple[str, ...]  # the header cells above its own, nearest first (spanning groups carried over)
    measure: str | None  # canonical measure, or None
    unit: str | None  # the column's money unit, None when only its cells print one
    measure_text: str | None  # the measure as printed, without unit or period; None when unheaded


@lru_cache(maxsize=1)
def _vocab() -> dict[str, list[re.Pattern[str]]]:
    v = load("finance")
    return {
        "reference": [re.compile(p, re.IGNORECASE) for p in v["reference_columns"]],
        "not_money": [re.compile(p, re.IGNORECASE) for p in v["not_money_columns"]],
    }


@lru_cache(maxsize=1)
def _measures() -> list[tuple[str, re.Pattern[str]]]:
    return [(m["measure"], re.compile(m["pattern"], re.IGNORECASE)) for m in load("finance")["measures"]]


def canonical_measure(header: str) -> str | None:
    """What a header names (budget, forecast, variance ...), first match in vocabulary order."""
    for name, pattern in _measures():
        if pattern.search(header):
            return name
    return None


def measure_text(header: str) -> str | None:
    """What a column's own header says beyond its period: '2025-26 Plans' -> 'Plans'; a header that is
    only a period ('2026/27', '30-September-24') names no measure."""
    text = re.sub(r"\s+", " ", strip_periods(header)).strip(" -–:,()")
    return text if re.search(r"[A-Za-z]{2,}", text) else None


def unitless(text: str) -> str:
    return re.sub(r"\s+", " ", _UNIT_TEXT.sub(" ", text)).strip(" :")


def _header_cells(grid: TableFigures) -> list[list[str]]:
    """Header rows padded to the table's width, each group cell (printed once over the columns it
    spans, at their left or centred) given to every column of its span: the columns under the same
    run of own headers (a column with none ends a run), each taking the nearest group cell, the left
    one on a tie."""
    width = len(grid.headers)
    rows = [
        [clean_text(row[c]) if c < len(row) else "" for c in range(width)] for row in grid.table.header_rows
    ]
    for i, row in enumerate(rows[:-1]):
        below = [any(unitless(r[c]) for r in rows[i + 1 :]) for c in range(width)]
        filled = list(row)
        for run in _runs(below):
            anchors = [c for c in run if row[c]]
            for c in run:
                if not row[c] and anchors:
                    filled[c] = row[min(anchors, key=lambda a: (abs(a - c), a))]
        rows[i] = filled
    return rows


def headed_columns(grid: TableFigures) -> list[int]:
    """The figure columns with a header that says more than a unit."""
    rows = _header_cells(grid)
    return [c for c in grid.numeric_cols if any(unitless(row[c]) for row in rows)]


def _runs(flags: list[bool]) -> list[list[int]]:
    """Runs of consecutive True positions."""
    runs: list[list[int]] = []
    for c, flag in enumerate(flags):
        if not flag:
            continue
        if runs and runs[-1][-1] == c - 1:
            runs[-1].append(c)
        else:
            runs.append([c])
    return runs


def _is_reference(grid: TableFigures, col: int, header: str) -> bool:
    if header and any(p.search(header) for p in _vocab()["reference"]):
        return True
    cells = [cell for row in grid.cells if (cell := row[col]) is not None]
    if len(cells) < 3 or header and canonical_measure(header):
        return False
    bare = all(
        c.number.decimals == 0 and 0 <= c.value < 1000 and re.fullmatch(r"\d+", clean_text(c.number.text))
        for c in cells
    )
    steps = [b.value - a.value for a, b in zip(cells, cells[1:], strict=False)]
    return bare and sum(s > 0 for s in steps) >= ROW_NUMBERS_RISING * len(steps)


def _column_unit(grid: TableFigures, col: int, header_text: str) -> str | None:
    """The column's unit from its headers, else the table's; None when neither names money."""
    own = detect_unit(header_text)
    if own is not None:
        return own
    return grid.unit


def money_columns(grid: TableFigures) -> list[MoneyColumn]:
    header_rows = _header_cells(grid)
    out: list[MoneyColumn] = []
    for c in grid.numeric_cols:
        stack = [row[c] for row in header_rows if row[c]]
        own = next((unitless(t) for t in reversed(stack) if unitless(t)), "")
        groups = tuple(unitless(t) for t in reversed(stack) if unitless(t) and unitless(t) != own)
        text = " ".join(stack)
        if any(p.search(unitless(text)) for p in _vocab()["not_money"]) and not canonical_measure(own):
            continue
        unit = _column_unit(grid, c, text)
        cells = [cell for row in grid.cells if (cell := row[c]) is not None]
        money_cells = sum(1 for cell in cells if cell.number.unit in MONEY_UNITS)
        if unit not in MONEY_UNITS:
            if unit is not None or not cells or money_cells < MONEY_CELL_SHARE * len(cells):
                continue
            unit = None
        if _is_reference(grid, c, own):
            continue
        # a header that is only a period ('30-September-24' under 'Market Value at'): the cell above says what
        printed = measure_text(own) or next((measure_text(g) for g in groups[:1] if measure_text(g)), None)
        canonical = canonical_measure(printed) if printed else None
        out.append(MoneyColumn(c, own, groups, canonical, unit, printed))
    return out
