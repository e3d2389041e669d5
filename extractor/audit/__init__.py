"""The audit: independent checks over one document, each in its own module.

Table checks (`totals`, `rowsums`, `arithmetic`) see one table at a time through a `TableFigures`; the
document checks (`cross_table`, `narrative`, `counts`) see the whole document. Only tables read
soundly are checked (`structure`): the others get one info finding "not checked". Every check returns
findings with evidence; `audit` runs them all and drops exact duplicates.
"""

from __future__ import annotations

from collections.abc import Callable

from extractor.audit import (
    arithmetic,
    changes,
    counts,
    cross_table,
    lists,
    narrative,
    rowsums,
    scales,
    self_comparison,
    shares,
    structure,
    totals,
)
from extractor.schemas.document import Document, Finding
from extractor.schemas.table_figures import TableFigures, read_document_figures

TABLE_CHECKS: list[Callable[[TableFigures], list[Finding]]] = [totals.check, rowsums.check, arithmetic.check]
DOCUMENT_CHECKS: list[Callable[[Document, list[TableFigures]], list[Finding]]] = [
    cross_table.check,
    narrative.check,
    counts.check,
    changes.check,
    lists.check,
    scales.check,
    self_comparison.check,
    shares.check,
]


def grids_of(doc: Document) -> list[TableFigures]:
    """Every table parsed once; a rounding note printed on a table's page widens integer tolerance."""
    return read_document_figures(doc.tables, doc.paragraphs)


def at_most_warning(f: Finding) -> Finding:
    return f.model_copy(update={"severity": "warning"}) if f.severity == "error" else f


def audit(
    doc: Document,
    grids: list[TableFigures] | None = None,
    readings: dict[int, structure.Structure] | None = None,
) -> list[Finding]:
    """Tables read unsoundly are not checked (one info finding each says why); tables read with
    doubts, or printed with a rounding note, give warnings at most. `grids`: the figures of
    `doc.tables` already read by `grids_of` (or `read_document_figures`), else read here;
    `readings`: their structure already assessed (uncut), by `id` of the grid."""
    grids = grids_of(doc) if grids is None else grids
    cut = structure.cut_by_page_break(grids)
    threshold, warning_below = structure.thresholds()
    findings: list[Finding] = []
    sound: list[TableFigures] = []
    for grid in grids:
        known = readings.get(id(grid)) if readings else None
        reading = structure.assess(grid, grid.table.id in cut, known)
        if reading.confidence < threshold:
            findings.append(structure.not_checked(grid, reading))
            continue
        sound.append(grid)
        doubtful = reading.confidence < warning_below or grid.rounding_note
        for table_check in TABLE_CHECKS:
            found = table_check(grid)
            findings.extend(at_most_warning(f) for f in found) if doubtful else findings.extend(found)
    for doc_check in DOCUMENT_CHECKS:
        findings.extend(doc_check(doc, sound))
    seen: set[tuple[object, ...]] = set()
    unique = []
    for f in findings:
        key = (f.kind, f.table_id, f.page, f.reported, f.expected, f.description)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique
