"""The audit: independent checks over one document, each in its own module.

Table checks (`totals`, `rowsums`, `arithmetic`) see one table at a time through a `Grid`; the
document checks (`cross_table`, `narrative`, `counts`) see the whole document. Every check returns
findings with evidence; `audit` runs them all and drops exact duplicates.
"""

from __future__ import annotations

from collections.abc import Callable

from extractor.reconcile import (
    arithmetic,
    changes,
    counts,
    cross_table,
    lists,
    narrative,
    periods,
    rowsums,
    scales,
    shares,
    totals,
)
from extractor.schemas.document import Document, Finding
from extractor.schemas.labels import matches_any
from extractor.schemas.table_figures import Grid, build_grid

TABLE_CHECKS: list[Callable[[Grid], list[Finding]]] = [totals.check, rowsums.check, arithmetic.check]
DOCUMENT_CHECKS: list[Callable[[Document, list[Grid]], list[Finding]]] = [
    cross_table.check,
    narrative.check,
    counts.check,
    changes.check,
    lists.check,
    scales.check,
    periods.check,
    shares.check,
]


def grids_of(doc: Document) -> list[Grid]:
    """Every table parsed once; a rounding note printed on a table's page widens integer tolerance."""
    noted = {p.page for p in doc.paragraphs if matches_any("rounding_notes", p.text)}
    return [build_grid(t, rounding_note=bool(noted & set(t.pages))) for t in doc.tables]


def audit(doc: Document) -> list[Finding]:
    grids = grids_of(doc)
    findings: list[Finding] = []
    for grid in grids:
        for table_check in TABLE_CHECKS:
            findings.extend(table_check(grid))
    for doc_check in DOCUMENT_CHECKS:
        findings.extend(doc_check(doc, grids))
    seen: set[tuple[object, ...]] = set()
    unique = []
    for f in findings:
        key = (f.kind, f.table_id, f.page, f.reported, f.expected, f.description)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique
