"""Row totals: a Total column against the columns it adds up, and a last column that is the row's sum.

Whether a column really is a sum is confirmed by the table itself: most rows must agree before the
rows that do not are reported (a 'Total CYP and adults' column that counts people once across
overlapping categories is not a sum, and no row of it is flagged).
"""

from __future__ import annotations

from extractor.audit.findings import fmt, short, table_finding
from extractor.audit.tolerance import Verdict, judge
from extractor.schemas.document import Finding
from extractor.schemas.labels import matches_any, measure
from extractor.schemas.table_figures import Cell, TableFigures

CHECK = "rowsums"
MIN_AGREE_SHARE = 0.8  # share of rows that must agree before an unmarked last column is read as a sum

Evaluation = tuple[int, Cell, list[Cell], Verdict]


def _evaluate(grid: TableFigures, total_col: int, term_cols: list[int]) -> list[Evaluation]:
    out = []
    for r in range(grid.n_rows):
        total = grid.cells[r][total_col]
        terms = [c for c in (grid.cells[r][j] for j in term_cols) if c is not None]
        if total is None or not terms:
            continue
        expected = sum(t.value for t in terms)
        verdict = judge(total.number, expected, [t.number for t in terms], exact=grid.exact)
        if verdict.severity and any(grid.unknown(r, j) for j in [total_col, *term_cols]):
            verdict = Verdict("warning", verdict.difference, verdict.bound)  # a placeholder may hold it
        out.append((r, total, terms, verdict))
    return out


def _report(grid: TableFigures, evaluations: list[Evaluation], kind: str, what: str) -> list[Finding]:
    out = []
    for r, total, terms, verdict in evaluations:
        if verdict.severity is None:
            continue
        expected = total.value - verdict.difference
        d = total.number.decimals
        parts = " + ".join(t.number.text for t in terms)
        out.append(
            table_finding(
                grid,
                "row_total" if kind == "row_total" else "row_arithmetic",
                verdict.severity,
                total,
                expected,
                f"Row '{short(grid.labels[r] or f'row {r + 1}', 50)}': {parts} = {fmt(expected, d)}, "
                f"but {what} says {fmt(total.value, d)}",
                terms,
                CHECK,
            )
        )
    return out


def _total_columns(grid: TableFigures) -> list[Finding]:
    """Columns headed Total, each adding the run of numeric columns to its left."""
    groups: list[tuple[int, list[int]]] = []
    start = None
    for c in grid.numeric_cols:
        if matches_any("total_columns", grid.headers[c]) and not matches_any(
            "non_additive_columns", grid.headers[c]
        ):
            run = [j for j in range(start if start is not None else 0, c) if j in grid.numeric_cols]
            if len(run) >= 2:
                groups.append((c, run))
            start = c + 1
    evaluations = [(c, e) for c, run in groups for e in _evaluate(grid, c, run)]
    agree = sum(1 for _, e in evaluations if e[3].severity is None)
    if agree < 2 or agree <= len(evaluations) - agree:
        return []
    out = []
    for c in {c for c, _ in evaluations}:
        out.extend(
            _report(grid, [e for cc, e in evaluations if cc == c], "row_total", f"'{short(grid.headers[c])}'")
        )
    return out


def _sum_column(grid: TableFigures) -> list[Finding]:
    """An unmarked last column that the table shows to be the sum of the others (e.g. forecast savings)."""
    cols = [c for c in grid.numeric_cols if not matches_any("non_additive_columns", grid.headers[c])]
    if len(cols) < 3 or measure(grid.headers[cols[-1]]) in ("variance", "movement", "updated_variance"):
        return []
    last = cols[-1]
    if matches_any("total_columns", grid.headers[last]):
        return []  # handled as a Total column
    evaluations = _evaluate(grid, last, cols[:-1])
    informative = [e for e in evaluations if sum(1 for t in e[2] if t.value != 0) >= 2]
    agree = sum(1 for e in informative if e[3].severity is None)
    if agree < 3 or agree < MIN_AGREE_SHARE * len(informative):
        return []
    return _report(grid, evaluations, "row_arithmetic", f"'{short(grid.headers[last])}'")


def check(grid: TableFigures) -> list[Finding]:
    return _total_columns(grid) + _sum_column(grid)
