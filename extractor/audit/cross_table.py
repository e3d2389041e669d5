"""The same row and measure printed in two tables with different values.

Two tables are compared only when they share at least two row labels and the column header (units
and punctuation ignored): then a row label that names the same thing in both, under the same header,
is one quantity printed twice. Two tables whose shared cells mostly disagree (zeros aside) are not
restating each other (generic line names such as 'Strategic Management' under different
directorates): nothing is reported for them. Within one table names repeat legitimately (a
'Finance' line in two divisions), so labels that occur twice in a table are never used.
"""

from __future__ import annotations

from collections import Counter

from extractor.audit.findings import short
from extractor.audit.tolerance import same_figure
from extractor.schemas.document import Document, Finding
from extractor.schemas.labels import directorate, norm_label
from extractor.schemas.table_figures import Cell, TableFigures

CHECK = "cross_table"
MIN_SHARED_ROWS = 2


def row_key(label: str) -> str:
    found = directorate(label)
    return found[0] if found else norm_label(label)


def _index(grid: TableFigures) -> dict[tuple[str, str], Cell]:
    keys = [row_key(label) if label else "" for label in grid.labels]
    counts = Counter(keys)
    # A column is known by its lowest header cell, or by its whole header where that cell repeats
    # (2022-23 and 2023-24 blocks both headed 'Revenue Budget').
    leaves = Counter(grid.leaf_key(c) for c in grid.numeric_cols)
    cols = {
        c: grid.leaf_key(c) if leaves[grid.leaf_key(c)] == 1 else grid.header_key(c)
        for c in grid.numeric_cols
    }
    out: dict[tuple[str, str], Cell] = {}
    for r, key in enumerate(keys):
        if not key or counts[key] > 1:
            continue
        for c, header in cols.items():
            cell = grid.cells[r][c]
            if header and cell is not None:
                out[(key, header)] = cell
    return out


def _compare(
    a: TableFigures, b: TableFigures, ia: dict[tuple[str, str], Cell], ib: dict[tuple[str, str], Cell]
) -> list[Finding]:
    shared = ia.keys() & ib.keys()
    if len({k for k, _ in shared}) < MIN_SHARED_ROWS:
        return []
    verdicts = {key: same_figure(ib[key].number, ia[key].number) for key in shared}
    printed = [k for k in shared if ia[k].value != 0 or ib[k].value != 0]
    agree = sum(1 for k in printed if verdicts[k].severity is None)
    if agree * 2 < len(printed):
        return []  # mostly different figures: same line names in different scopes, not one table twice
    out = []
    for key in sorted(shared, key=lambda k: (ia[k].row, ia[k].col)):
        ca, cb = ia[key], ib[key]
        verdict = verdicts[key]
        if verdict.severity is None:
            continue
        label, header = b.labels[cb.row], b.headers[cb.col]
        out.append(
            Finding(
                kind="cross_table",
                severity=verdict.severity,
                page=cb.page,
                pages=sorted({ca.page, cb.page}),
                table_id=b.table.id,
                description=f"'{short(label, 50)}' / '{short(header, 50)}' is {cb.number.text} in table "
                f"{b.table.id} but {ca.number.text} in table {a.table.id}",
                reported=cb.value,
                expected=ca.value,
                difference=verdict.difference,
                evidence=[cb.evidence(), ca.evidence()],
                check=CHECK,
            )
        )
    return out


def check(doc: Document, grids: list[TableFigures]) -> list[Finding]:
    indexes = [_index(g) for g in grids]
    out: list[Finding] = []
    for i in range(len(grids)):
        for j in range(i + 1, len(grids)):
            if indexes[i] and indexes[j]:
                out.extend(_compare(grids[i], grids[j], indexes[i], indexes[j]))
    return out
