"""The typed records every stage exchanges, and the document JSON of the contract.

Field names follow the contract (docs/contract.md) exactly; anything added is an extension, never a rename.
A `bbox` is `[x0, top, x1, bottom]` in PDF points from the page's top-left; pages are 1-based.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Literal

from pydantic import Field

# every record is reachable from here, where the Document that holds them is defined
from extractor.schemas.kpi_records import Kpi, KpiObservation, Period, RagSummary
from extractor.schemas.meeting_records import AgendaItem, Meeting, MeetingSource, Minute, MinutesRecord
from extractor.schemas.record import (
    BBox,
    DocumentType,
    Dot,
    FindingKind,
    KpiMeasure,
    Rag,
    Record,
    Severity,
    Unit,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "SCHEMA_VERSION",
    "AgendaItem",
    "BBox",
    "Document",
    "DocumentType",
    "Dot",
    "Evidence",
    "Figure",
    "FinancialRecord",
    "Finding",
    "FindingKind",
    "Kpi",
    "KpiMeasure",
    "KpiObservation",
    "Meeting",
    "MeetingSource",
    "Minute",
    "MinutesRecord",
    "Paragraph",
    "Period",
    "Rag",
    "RagSummary",
    "Record",
    "Severity",
    "Source",
    "Table",
    "Unit",
]

SCHEMA_VERSION = "1"


class Source(Record):
    path: str
    """the path the document was read from (as given)"""
    sha256: str
    """SHA-256 of the PDF's bytes: the document's key"""
    pages: int
    """number of physical pages"""


class Table(Record):
    id: str
    """the table's id within the document (t1, t2...)"""
    pages: list[int]
    """physical pages the table spans"""
    bbox: BBox
    """the table's region on its first page"""
    title: str | None = None
    """the caption or nearest heading above the table"""
    header_rows: list[list[str]] = []
    """header rows, cells as printed"""
    rows: list[list[str]] = []
    """body rows, cells as printed (whitespace-normalised)"""
    units: Unit | None = None
    """the unit of the table's figures, from its caption or header"""
    row_pages: list[int] = Field(default_factory=list, description="physical page of each body row")
    row_bboxes: list[BBox] = Field(default_factory=list, description="bbox of each body row on its page")
    page_bboxes: list[BBox] = Field(
        default_factory=list, description="the table's region on each of its pages, in the order of `pages`"
    )
    cell_bboxes: list[list[BBox | None]] = Field(
        default_factory=list, description="bbox of each body cell (None when empty)"
    )
    agenda_item: str | None = None
    """the agenda item whose papers hold the table"""
    engine: str | None = Field(None, description="how the table was found: ruled or text")

    @property
    def df(self) -> pd.DataFrame:
        """The body with the header as columns; a column of figures holds numbers (in the printed
        unit, `units`), any other column the text as printed (`schemas/frames.py`)."""
        from extractor.schemas.frames import table_frame

        return table_frame(self)

    @property
    def text_df(self) -> pd.DataFrame:
        """The body with the header as columns, every cell as printed."""
        from extractor.schemas.frames import table_text_frame

        return table_text_frame(self)

    def __repr__(self) -> str:
        width = max((len(r) for r in [*self.header_rows, *self.rows]), default=0)
        units = f" in {self.units}" if self.units else ""
        title = f" {self.title!r}" if self.title else ""
        return f"<Table {self.id}{title}: {len(self.rows)} rows x {width} columns{units}, pages {self.pages}>"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        caption = f"<p><b>{html.escape(repr(self))}</b></p>"
        return caption + self.df.to_html(max_rows=20, na_rep="")


class Figure(Record):
    text: str
    """the figure as printed"""
    value: float
    """its value in its unit"""
    unit: Unit | None
    """its unit"""
    page: int
    """physical page of the figure"""
    bbox: BBox
    """the figure on its page"""
    sentence: str
    """the sentence quoting it"""
    value_gbp_m: float | None = None
    """a money figure in £m"""
    kind: Literal["money", "percent", "count"] = "count"
    """money, percent or count"""
    agenda_item: str | None = None
    """the agenda item whose papers hold it"""
    qualifier: Literal["approximate", "at_least", "at_most", "change", "percentage_points"] | None = Field(
        None,
        description="not an exact level: 'c. £600k', 'over 2,000', 'up by 312', '11 percentage points'",
    )


class Paragraph(Record):
    page: int
    """physical page of the paragraph's first line"""
    bbox: BBox
    """the paragraph's region on that page"""
    text: str
    """the paragraph's text"""
    heading_path: list[str] = []
    """the headings above it, outermost first"""


class FinancialRecord(Record):
    directorate: str | None
    """the directorate as printed"""
    directorate_canonical: str | None
    """the directorate's canonical name"""
    line_item: str
    """the row label"""
    measure: str | None = Field(
        description="the column's own header as printed, without its unit; None when unheaded"
    )
    measure_canonical: str | None = Field(
        None,
        description="what the column measures: budget, forecast, variance ... (schemas/vocab/finance.json)",
    )
    value: float
    """the value in the table's units"""
    text: str
    """the cell as printed"""
    unit: Unit | None
    """the unit"""
    value_gbp_m: float | None
    """the value in £m"""
    period: str | None = Field(description="normalised: 'October 2023-24', 'Q3 2023-24' or '2023-24'")
    period_source: str | None = Field(
        None,
        description="where the period was read: column, caption, report or meeting"
        " ('column+report': the year from the column, the month from the report)",
    )
    page: int
    """physical page of the cell"""
    bbox: BBox | None
    """the cell on its page"""
    table_id: str
    """the table it was read from"""


class Evidence(Record):
    page: int
    """physical page"""
    bbox: BBox | None = None
    """the figure or words on the page"""
    text: str
    """the text at that place"""


class Finding(Record):
    kind: FindingKind
    """what kind of check failed"""
    severity: Severity
    """error (beyond any rounding), warning (at the edge of tolerance or on an unclear structure) or info"""
    page: int
    """physical page where the finding is"""
    description: str
    """what disagrees with what, in words"""
    reported: float | str | None = None
    """the figure as reported"""
    expected: float | str | None = None
    """what the other figures imply"""
    difference: float | None = None
    """reported minus expected"""
    table_id: str | None = None
    """the table involved"""
    pages: list[int] = []
    """every page involved"""
    evidence: list[Evidence] = []
    """the printed figures behind the finding"""
    check: str | None = Field(None, description="the audit module that raised it")


class Document(Record):
    schema_version: str = SCHEMA_VERSION
    """version of this JSON's shape"""
    source: Source
    """the file read"""
    document_type: DocumentType = "other"
    """what the document is"""
    title: str | None = None
    """the document's own title from its first page (a 'Subject:' or 'TITLE:' field, else its largest
    heading, never a running header or a letterhead; else its file name); an agenda pack's names its
    meeting"""
    meeting: Meeting | None = None
    """the meeting, for agenda packs and minutes"""
    agenda_items: list[AgendaItem] = []
    """the front sheet's items"""
    tables: list[Table] = []
    """every table"""
    kpis: list[Kpi] = []
    """each KPI as reported, with RAG and direction of travel"""
    kpi_observations: list[KpiObservation] = Field(
        default_factory=list, description="values printed for KPIs: actual, target, floor, previous"
    )
    rag_summary: list[RagSummary] = []
    """a QPR's summary counts per area"""
    figures: list[Figure] = []
    """every figure in the narrative"""
    paragraphs: list[Paragraph] = []
    """the narrative's paragraphs"""
    financial_records: list[FinancialRecord] = []
    """finance figures per directorate from budget monitoring tables"""
    minutes: list[MinutesRecord] = Field(default_factory=list, description="minutes of meetings in the PDF")
    findings: list[Finding] = []
    """the audit's findings"""
    warnings: list[str] = []
    """what could not be read, in words; 'meeting: ...' says why a meeting is unknown"""
    page_openings: list[str] = Field(
        default_factory=list,
        description="the opening words of each page's text, in page order: a store finds a report's pages"
        " inside its agenda pack by them",
    )
    timings: dict[str, float] = Field(default_factory=dict, description="seconds spent in each stage")

    def kpis_df(self) -> pd.DataFrame:
        """One row per KPI (bbox as x0, top, x1, bottom; period as quarter, financial_year, period_label)."""
        from extractor.schemas.frames import records_frame

        return records_frame(self.kpis, Kpi)

    def kpi_observations_df(self) -> pd.DataFrame:
        """One row per value printed for a KPI (actual, target, floor, previous)."""
        from extractor.schemas.frames import records_frame

        return records_frame(self.kpi_observations, KpiObservation)

    def findings_df(self) -> pd.DataFrame:
        """One row per audit finding (its evidence as a list of dicts)."""
        from extractor.schemas.frames import records_frame

        return records_frame(self.findings, Finding)

    def financial_records_df(self) -> pd.DataFrame:
        """One row per finance figure (directorate, line item, measure, value, period...)."""
        from extractor.schemas.frames import records_frame

        return records_frame(self.financial_records, FinancialRecord)

    def _counts(self) -> list[tuple[str, int]]:
        return [
            ("tables", len(self.tables)),
            ("KPIs", len(self.kpis)),
            ("financial records", len(self.financial_records)),
            ("narrative figures", len(self.figures)),
            ("findings", len(self.findings)),
        ]

    def __repr__(self) -> str:
        counts = ", ".join(f"{n} {what}" for what, n in self._counts())
        errors = sum(1 for f in self.findings if f.severity == "error")
        return (
            f"<Document {self.source.path!r}: {self.document_type}, {self.source.pages} pages; "
            f"{counts} ({errors} errors)>"
        )

    __str__ = __repr__

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{what}</td><td>{n}</td></tr>" for what, n in self._counts())
        head = html.escape(f"{self.source.path}: {self.document_type}, {self.source.pages} pages")
        return f"<p><b>{head}</b></p><table>{rows}</table>"
