"""Column totals: Total/General Fund/Overall rows (or unlabelled total rows) against the rows they total.

Tables nest: service lines add up to a division line, divisions to a directorate line, directorates
to the grand total, and the subtotal lines carry no marker. The rows are read like a shift-reduce
parse: every row is pushed as an item; a row that equals the sum of the items just before it (in
every numeric column, or in most of them for a row named as a directorate) replaces them. A group
can also be headed by its subtotal (directorate row first, its lines below): each stretch between
two Total rows is parsed in both reading directions and the one that explains more rows is kept.
A Total row is then compared with the items it closes, column by column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.audit.findings import fmt, short, table_finding
from extractor.audit.tolerance import EPS, Verdict, judge
from extractor.schemas.document import Finding
from extractor.schemas.labels import directorate, load, matches_any
from extractor.schemas.table_figures import Cell, TableFigures

CHECK = "totals"


@dataclass
class Item:
    """A row, or a subtotal row standing for the rows it totals."""

    row: int
    cells: dict[int, Cell]
    reduced: int = 0  # how many items this one replaced


@dataclass
class Comparison:
    matches: int = 0
    mismatches: list[tuple[int, Verdict, Cell, list[Cell]]] = field(default_factory=list)

    @property
    def score(self) -> int:
        return self.matches - len(self.mismatches)


def _item(grid: TableFigures, row: int, cols: list[int]) -> Item:
    return Item(row, {c: cell for c in cols if (cell := grid.cells[row][c]) is not None})


def _compare(grid: TableFigures, row: int, items: list[Item], cols: list[int]) -> Comparison:
    out = Comparison()
    for col in cols:
        cell = grid.cells[row][col]
        terms = [it.cells[col] for it in items if col in it.cells]
        if cell is None or not terms:
            continue
        expected = sum(t.value for t in terms)
        verdict = judge(cell.number, expected, [t.number for t in terms], exact=grid.exact)
        if verdict.severity is None:
            out.matches += int(cell.value != 0 or any(t.value != 0 for t in terms))
        elif grid.unknown(row, col) or any(grid.unknown(it.row, col) for it in items):
            # a placeholder ('n/a', '<5') may hold the gap: reported, but never as an error
            out.mismatches.append((col, Verdict("warning", verdict.difference, verdict.bound), cell, terms))
        else:
            out.mismatches.append((col, verdict, cell, terms))
    return out


def _best(
    grid: TableFigures, row: int, stack: list[Item], cols: list[int], min_k: int, max_k: int | None = None
) -> tuple[int, Comparison] | None:
    """The run of the last k items (min_k <= k <= max_k) the row best totals: the highest score,
    the longest run among equals."""
    top = min(len(stack), max_k if max_k is not None else len(stack))
    if top < min_k:
        return None
    scores = _scores(grid, row, stack, cols, top)
    k = max(range(min_k, top + 1), key=lambda k: (scores[k - 1], k))
    return k, _compare(grid, row, stack[-k:], cols)


def _scores(grid: TableFigures, row: int, stack: list[Item], cols: list[int], top: int) -> list[int]:
    """`_compare(...).score` of every run of the last k items, k = 1..top, in one pass down the
    stack with running sums (rather than adding each run up again: long tables without totals).
    A column too close to its rounding bound to call from the running sums, which add in another
    order, is judged again from its terms as `_compare` adds them."""
    scores = [0] * top
    for col in cols:
        cell = grid.cells[row][col]
        if cell is None:
            continue
        reported = cell.number
        allowance = 0.0 if grid.exact else reported.half_unit
        total = magnitude = 0.0
        nonzero = False
        n = 0
        for k in range(1, top + 1):
            term = stack[-k].cells.get(col)
            if term is not None:
                n += 1
                total += term.value
                magnitude += abs(term.value)
                if term.value != 0:
                    nonzero = True
                    if not grid.exact:
                        allowance += term.number.half_unit
            if not n:
                continue
            gap = abs(reported.value - total) - allowance
            # the rounding of the difference to 9 decimals, and float error of the sums
            slack = 1e-9 + 1e-15 * n * (magnitude + abs(reported.value) + allowance + 1.0)
            if abs(gap - EPS) <= slack:
                terms = [it.cells[col] for it in stack[-k:] if col in it.cells]
                verdict = judge(
                    reported, sum(t.value for t in terms), [t.number for t in terms], exact=grid.exact
                )
                consistent = verdict.severity is None
            else:
                consistent = gap < EPS
            if consistent:
                scores[k - 1] += int(cell.value != 0 or nonzero)
            else:
                scores[k - 1] -= 1
    return scores


def _is_group_head(grid: TableFigures, row: int) -> bool:
    return bool(grid.labels[row]) and directorate(grid.labels[row]) is not None


def _push_or_reduce(
    grid: TableFigures, row: int, stack: list[Item], cols: list[int], out: list[Finding]
) -> None:
    """An unmarked subtotal replaces the items it totals; a directorate row may carry one bad column."""
    item = _item(grid, row, cols)
    head = _is_group_head(grid, row)
    # A subtotal never swallows another directorate's line: only a Total row adds directorates up.
    free = 0
    while free < len(stack) and not _is_group_head(grid, stack[-1 - free].row):
        free += 1
    found = _best(grid, row, stack, cols, 1 if head else 2, free)
    if found:
        k, cmp = found
        clean = not cmp.mismatches and cmp.matches >= (2 if head else 3)
        near = head and cmp.matches >= 2 and cmp.matches > len(cmp.mismatches)
        near = near or (cmp.matches >= 3 and len(cmp.mismatches) == 1)
        if clean or near:
            del stack[-k:]
            item.reduced = k
            # a subtotal known only by its arithmetic is a guess at the structure: warnings at most
            out.extend(_report(grid, cmp, inferred=True))
    stack.append(item)


def _parse_segment(grid: TableFigures, rows: list[int], cols: list[int]) -> tuple[list[Item], list[Finding]]:
    """Parse a stretch of rows in both directions; keep the reading that explains more subtotals."""
    readings = []
    for order in (rows, rows[::-1]):
        stack: list[Item] = []
        found: list[Finding] = []
        for r in order:
            _push_or_reduce(grid, r, stack, cols, found)
        reductions = sum(1 for it in stack if it.reduced) + sum(1 for f in found)
        readings.append(
            (sum(it.reduced for it in stack), reductions, sorted(stack, key=lambda i: i.row), found)
        )
    forward, backward = readings
    chosen = backward if backward[0] > forward[0] else forward
    return chosen[2], chosen[3]


def _report(grid: TableFigures, cmp: Comparison, inferred: bool = False) -> list[Finding]:
    """The columns a total gets wrong. An error needs a total named as one, outside a memorandum
    section; a row that is a total only by its position or its arithmetic gives warnings."""
    out = []
    for col, verdict, cell, terms in cmp.mismatches:
        if verdict.severity is None:
            continue
        severity = verdict.severity
        if inferred or not grid.labels[cell.row] or cell.row >= _memo_start(grid):
            severity = "warning"
        label = grid.labels[cell.row] or "unlabelled total"
        expected = cell.value - verdict.difference
        d = cell.number.decimals
        out.append(
            table_finding(
                grid,
                "column_total",
                severity,
                cell,
                expected,
                f"Column '{short(grid.headers[col] or f'column {col + 1}')}': {len(terms)} rows sum to "
                f"{fmt(expected, d)}, '{short(label, 50)}' row says {fmt(cell.value, d)}",
                terms,
                CHECK,
            )
        )
    return out


def _close_total(
    grid: TableFigures, row: int, stack: list[Item], section: int, cols: list[int], out: list[Finding]
) -> int:
    """How many items a Total row closes (0: none), reporting the columns that disagree.

    A Total closes at least the items of its own section and may take earlier totals with it
    (Overall = General Fund + Schools). When no reading explains it, a flat table is read as a
    plain sum; a table with subtotals is left alone rather than guessed at."""
    if section == 0 or not stack:
        return 0
    best = _best(grid, row, stack, cols, section)
    if best and best[1].matches > len(best[1].mismatches):
        if best[1].mismatches and not _explained(grid, row, cols):
            out.extend(_report(grid, best[1]))
        return best[0]
    suffix = _best(grid, row, stack, cols, 1)
    if suffix and suffix[1].matches >= 2 and not suffix[1].mismatches:
        return suffix[0]
    if section < 2 or any(it.reduced for it in stack) or _named_section(grid.labels[row]):
        # A 'Total - <section>' row may close lines printed before this table began (a section
        # split across pages): without a reading that explains it, it is not judged.
        return 0
    if not _explained(grid, row, cols):
        out.extend(_report(grid, _compare(grid, row, stack[-section:], cols)))
    return section


def _explained(grid: TableFigures, row: int, cols: list[int]) -> bool:
    """Some other reading of the table makes this Total hold in every column: a run of the rows
    just above or just below it (a total above its parts), the other totals and subtotals above
    it (Sub Total + Sub Total = Net; Net + Other = Total), or every line above it with the
    subtotals left out (or left in). Then the total is not called wrong."""
    figure_rows = [r for r in range(grid.n_rows) if grid.is_numeric_row(r)]
    for candidates in (_additive_rows(grid), figure_rows):  # a '%' in a label may name an amount
        rows = [r for r in candidates if r != row]
        above = [r for r in rows if r < row]
        below = [r for r in rows if r > row]
        totals_above = [r for r in above if grid.is_total_row(r)]
        lines_above = [r for r in above if not grid.is_total_row(r)]
        after_last_total = [r for r in lines_above if not totals_above or r > totals_above[-1]]
        readings = [above[-k:] for k in range(1, len(above) + 1)]
        readings += [
            below[:k] for k in range(1, len(below) + 1) if not any(map(grid.is_total_row, below[:k]))
        ]
        readings += [totals_above, lines_above, totals_above + after_last_total]
        if any(reading and _holds(grid, row, reading, cols) for reading in readings):
            return True
    return False


def _holds(grid: TableFigures, row: int, reading: list[int], cols: list[int]) -> bool:
    """The rows add up to the total in every column it prints (a column with no figures among
    them adds to zero), with at least one non-zero figure agreeing."""
    agreed = False
    for col in cols:
        cell = grid.cells[row][col]
        if cell is None or grid.unknown(row, col):
            continue
        terms = [t for r in reading if (t := grid.cells[r][col]) is not None]
        verdict = judge(cell.number, sum(t.value for t in terms), [t.number for t in terms], exact=grid.exact)
        if verdict.severity is not None:
            return False
        agreed = agreed or (verdict.severity is None and cell.value != 0)
    return agreed


def _additive_rows(grid: TableFigures) -> list[int]:
    """Rows with figures that may be added: not rates, averages, 'of which' or memo lines."""
    return [r for r in range(grid.n_rows) if grid.is_numeric_row(r) and not _non_additive(grid, r)]


def _non_additive(grid: TableFigures, row: int) -> bool:
    return bool(grid.labels[row]) and matches_any("non_additive_rows", grid.labels[row])


def _memo_start(grid: TableFigures) -> int:
    """The first row of a memorandum section (after a 'Memorandum:' heading), or past the end."""
    for r, label in enumerate(grid.labels):
        if label and not grid.is_numeric_row(r) and matches_any("memo_sections", label):
            return r
    return grid.n_rows


def _named_section(label: str) -> bool:
    return bool(re.match(load("audit")["named_section_total"], label, re.IGNORECASE))


def _is_reference_column(grid: TableFigures, col: int) -> bool:
    """Row references (101, 102, 103 ... down a column, total row included) are labels, not amounts."""
    values = [c.value for row in grid.cells if (c := row[col]) is not None]
    steps = [b - a for a, b in zip(values, values[1:], strict=False)]
    return len(values) >= 3 and all(v == int(v) for v in values) and all(s == 1 for s in steps)


def check(grid: TableFigures) -> list[Finding]:
    cols = [
        c
        for c in grid.numeric_cols
        if not matches_any("non_additive_columns", grid.headers[c]) and not _is_reference_column(grid, c)
    ]
    if not cols:
        return []
    out: list[Finding] = []
    stack: list[Item] = []
    segment: list[int] = []
    for r in _additive_rows(grid):
        if not grid.is_total_row(r):
            segment.append(r)
            continue
        items, found = _parse_segment(grid, segment, cols)
        out.extend(found)
        stack.extend(items)
        segment = []
        total = _item(grid, r, cols)
        k = _close_total(grid, r, stack, len(items), cols, out)
        if k:
            del stack[-k:]
            total.reduced = k
        stack.append(total)
    return out
