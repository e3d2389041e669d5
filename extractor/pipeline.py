"""One document from PDF bytes to a `Document`: the stages in order, each timed.

check → pages → tables → text lines → agenda/classify → narrative → KPIs → finance → audit
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TypeVar

from extractor.audit import audit
from extractor.audit.structure import Structure, assess, thresholds
from extractor.garbage import fewer_collections
from extractor.parsers.agenda import parse_agenda
from extractor.parsers.finance import financial_records, sound_structure
from extractor.parsers.layout import TextLine, page_lines
from extractor.parsers.meetings import page_opening, read_meeting
from extractor.parsers.narrative import extract_narrative
from extractor.parsers.page_furniture import running_furniture
from extractor.parsers.pdf import PageContent, iter_pages, sha256_of, survey_pdf
from extractor.parsers.qpr import extract_kpis
from extractor.parsers.reading import read_document
from extractor.parsers.tables import extract_tables
from extractor.parsers.tables.rival import with_rival
from extractor.schemas.document import Document, Source
from extractor.schemas.paths import printable_path
from extractor.schemas.table_figures import TableFigures, read_document_figures

T = TypeVar("T")


class _Clock:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    def run(self, name: str, fn: Callable[[], T]) -> T:
        start = time.perf_counter()
        try:
            return fn()
        finally:
            self.timings[name] = round(self.timings.get(name, 0.0) + time.perf_counter() - start, 4)


def read_pages(path: str | Path) -> list[PageContent]:
    return list(iter_pages(path))


def _sound_reader(readings: dict[int, Structure]) -> Callable[[TableFigures], bool]:
    def read_soundly(grid: TableFigures) -> bool:
        """Finance reads a table the audit would check: its own tests and the audit's structure
        confidence (a table continuing over a page is no less sound for its figures). The
        structure assessed is kept in `readings` for the audit."""
        if not sound_structure(grid):
            return False
        reading = readings[id(grid)] = assess(grid)
        return reading.confidence >= thresholds()[0]

    return read_soundly


def _page_texts(lines: dict[int, list[TextLine]]) -> list[tuple[int, str]]:
    return [(page, " ".join(line.text for line in page_lines)) for page, page_lines in lines.items()]


def extract(
    path: str | Path, display_path: str | None = None, page_numbers: Collection[int] | None = None
) -> Document:
    """Run every stage on one PDF (on the chosen physical `page_numbers` only, if given; page
    numbers stay the PDF's). Raises parsers.pdf.PdfError for input that is not a usable PDF."""
    with fewer_collections():
        return _extract(path, display_path, page_numbers)


def _extract(path: str | Path, display_path: str | None, page_numbers: Collection[int] | None) -> Document:
    clock = _Clock()
    survey = clock.run("check", lambda: survey_pdf(path))
    try:
        reading = clock.run("read", lambda: read_document(survey, page_numbers))
    finally:
        survey.close()
    source = Source(path=display_path or printable_path(path), sha256=sha256_of(path), pages=survey.pages)
    pages = reading.pages
    if page_numbers is not None:
        reading.warnings.insert(
            0, f"pages: only {len(pages)} of the {survey.pages} pages were read (--pages)"
        )
    warnings = reading.warnings + [
        f"page {p.number}: no text layer (scanned or blank page)"
        for p in pages
        if not p.has_text and p.number not in reading.unread
    ]

    tables = clock.run("tables", lambda: extract_tables(pages))
    # a second engine, only on the pages where the project's read a table badly or missed one
    tables = clock.run("tables", lambda: with_rival(path, pages, tables))
    table_boxes: dict[int, list[tuple[float, float, float, float]]] = {}
    for t in tables:
        # the whole region, header rows included, so headings of tables never read as prose
        for page_no, box in zip(t.pages, t.page_bboxes, strict=False):
            table_boxes.setdefault(page_no, []).append((box[0], box[1], box[2], box[3]))
    all_lines: dict[int, list[TextLine]] = clock.run(
        "lines", lambda: {p.number: page_lines(p) for p in pages}
    )
    prose_lines: dict[int, list[TextLine]] = clock.run(
        "prose", lambda: {p.number: page_lines(p, table_boxes.get(p.number, ())) for p in pages}
    )

    agenda = clock.run("agenda", lambda: parse_agenda(pages, all_lines, survey.pages))
    warnings.extend(agenda.warnings)
    meeting = clock.run(
        "meeting",
        lambda: read_meeting(
            agenda.meeting, bool(agenda.front_pages), all_lines, source.path, running_furniture(all_lines)
        ),
    )
    if meeting.warning:
        warnings.append(meeting.warning)
    for t in tables:
        if t.pages and t.pages[0] in agenda.page_items:
            t.agenda_item = agenda.page_items[t.pages[0]]

    paragraphs, figures = clock.run("narrative", lambda: extract_narrative(prose_lines))
    for f in figures:
        f.agenda_item = agenda.page_items.get(f.page)
    qpr = clock.run("kpis", lambda: extract_kpis(tables, pages, paragraphs))
    warnings.extend(qpr.warnings)
    for k in qpr.kpis:
        k.agenda_item = agenda.page_items.get(k.page)
    kpi_values = qpr.kpi_observations()
    for v in kpi_values:
        v.agenda_item = agenda.page_items.get(v.page)
    # each table's figures are read once: finance and the audit check the same reading
    table_figures = clock.run("finance", lambda: read_document_figures(tables, paragraphs))
    readings: dict[int, Structure] = {}  # each table's structure, assessed once for finance and audit
    finance = clock.run(
        "finance",
        lambda: financial_records(
            table_figures, _page_texts(all_lines), agenda.items, agenda.meeting, sound=_sound_reader(readings)
        ),
    )

    doc = Document(
        source=source,
        document_type=agenda.document_type,  # type: ignore[arg-type]
        title=meeting.title,
        meeting=meeting.meeting,
        agenda_items=agenda.items,
        tables=tables,
        kpis=qpr.kpis,
        kpi_observations=kpi_values,
        rag_summary=qpr.rag_summary,
        figures=figures,
        paragraphs=paragraphs,
        financial_records=finance,
        minutes=agenda.minutes,
        warnings=warnings,
        page_openings=[page_opening(all_lines.get(n, [])) for n in range(1, survey.pages + 1)],
    )
    doc.findings = clock.run("audit", lambda: audit(doc, table_figures, readings))
    doc.timings = clock.timings
    return doc
