"""Row arithmetic stated by the headers: forecast − budget = variance, variance − last reported =
movement, variance + management action = updated variance (identities as data in audit.json).

Columns are read by measure (schemas/vocab/audit.json). A table can print the same measures twice
(2022-23 and 2023-24 blocks side by side): each result column takes its operands from the nearest
columns to its left, never reaching back past an earlier column of the same measure.
"""

from __future__ import annotations

from typing import Any

from extractor.audit.findings import fmt, short, table_finding
from extractor.audit.tolerance import judge
from extractor.schemas.document import Finding
from extractor.schemas.labels import load, measure
from extractor.schemas.table_figures import Cell, TableFigures

CHECK = "arithmetic"


def _operand(measures: dict[int, str | None], result_col: int, name: str) -> int | None:
    """The nearest column of measure `name` left of the result, within the result's own block."""
    result_measure = measures[result_col]
    for c in range(result_col - 1, -1, -1):
        if measures.get(c) == result_measure:
            return None
        if measures.get(c) == name:
            return c
    return None


def _check_identity(
    grid: TableFigures, identity: dict[str, Any], measures: dict[int, str | None]
) -> list[Finding]:
    out: list[Finding] = []
    for col, m in measures.items():
        if m != identity["result"]:
            continue
        plus = [_operand(measures, col, n) for n in identity["plus"]]
        minus = [_operand(measures, col, n) for n in identity["minus"]]
        if any(c is None for c in plus + minus):
            continue
        for r in range(grid.n_rows):
            result = grid.cells[r][col]
            signed: list[tuple[int, Cell | None]] = [(1, grid.cells[r][c]) for c in plus if c is not None]
            signed += [(-1, grid.cells[r][c]) for c in minus if c is not None]
            present = [c for _, c in signed if c is not None]
            # The identity's anchor (first operand) must be printed; a blank secondary operand is zero.
            if result is None or signed[0][1] is None or not present or _stray(grid, r, [col, *plus, *minus]):
                continue
            if any(grid.unknown(r, c) for c in [col, *plus, *minus] if c is not None):
                continue  # a placeholder or an approximate figure has no exact value
            expected = sum(s * c.value for s, c in signed if c is not None)
            verdict = judge(result.number, expected, [c.number for c in present], exact=grid.exact)
            if verdict.severity is None:
                continue
            d = result.number.decimals
            parts = ", ".join(f"{short(grid.headers[c.col], 40)} {c.number.text}" for c in present)
            out.append(
                table_finding(
                    grid,
                    "row_arithmetic",
                    verdict.severity,
                    result,
                    expected,
                    f"Row '{short(grid.labels[r] or f'row {r + 1}', 50)}': {identity['text']} gives "
                    f"{fmt(expected, d)} from {parts}, "
                    f"but '{short(grid.headers[col], 40)}' says {fmt(result.value, d)}",
                    present,
                    CHECK,
                )
            )
    return out


def _stray(grid: TableFigures, r: int, cols: list[int | None]) -> bool:
    """A number under an empty header among the identity's columns: the row's cells are out of step
    with the headers (a split column), so a blank operand may be a shifted one, not a zero."""
    used = [c for c in cols if c is not None]
    return any(
        grid.cells[r][c] is not None and not grid.headers[c].strip() for c in range(min(used), max(used) + 1)
    )


def drifted(grid: TableFigures) -> bool:
    """Headers out of step with the data: a measure column that holds no numbers while numbers sit
    under an empty header (a page whose label cell is followed by empty cells). Header-named
    arithmetic would then compare the wrong columns, so it is not attempted."""
    empty_measure = any(measure(h) and c not in grid.numeric_cols for c, h in enumerate(grid.headers))
    unnamed_numbers = any(not grid.headers[c].strip() for c in grid.numeric_cols)
    return empty_measure and unnamed_numbers


def check(grid: TableFigures) -> list[Finding]:
    if drifted(grid):
        return []
    measures = {c: measure(grid.headers[c]) for c in grid.numeric_cols}
    out: list[Finding] = []
    for identity in load("audit")["identities"]:
        out.extend(_check_identity(grid, identity, measures))
    return out
