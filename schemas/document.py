"""The typed records every stage exchanges, and the document JSON of the contract.

Field names follow CONTRACT.md exactly; anything added is an extension, never a rename.
A `bbox` is `[x0, top, x1, bottom]` in PDF points from the page's top-left; pages are 1-based.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    import pandas as pd

SCHEMA_VERSION = "1"

BBox = list[float]
DocumentType = Literal[
    "cabinet_agenda_pack",
    "council_agenda_pack",
    "committee_agenda_pack",
    "qpr",
    "budget_monitoring",
    "risk_register",
    "minutes",
    "annual_report",
    "report",
    "other",
]
Rag = Literal["GREEN", "AMBER", "RED"]
Dot = Literal["improving", "stable", "worsening"]
Unit = Literal["£m", "£k", "£000s", "£", "%", "count"]
FindingKind = Literal[
    "column_total",
    "row_total",
    "row_arithmetic",
    "cross_table",
    "narrative_vs_table",
    "count_vs_table",
    "other",
]
Severity = Literal["error", "warning", "info"]
KpiMeasure = Literal["actual", "target", "floor", "previous"]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(Record):
    path: str
    sha256: str
    pages: int


class Meeting(Record):
    body: str | None = None
    date: str | None = Field(None, description="ISO date of the meeting")
    time: str | None = Field(None, description="HH:MM, 24-hour")
    venue: str | None = None


class AgendaItem(Record):
    number: str
    title: str
    printed_page_start: int | None = None
    printed_page_end: int | None = None
    page_start: int | None = None
    page_end: int | None = None
    document_type: DocumentType | None = None
    decision_number: str | None = Field(None, description="normalised YY/NNNNN")
    section: Literal["unrestricted", "exempt"] | None = None


class Minute(Record):
    """One minute of a meeting: "21. 23/00101 - Kent Communities Programme (Item 9)" and what was resolved."""

    number: str
    title: str
    agenda_item: str | None = Field(None, description="the agenda item the minute records, from '(Item 9)'")
    decision_number: str | None = Field(None, description="normalised YY/NNNNN")
    resolutions: list[str] = Field(default_factory=list, description="each 'RESOLVED that ...' as printed")
    page: int
    bbox: BBox


class MinutesRecord(Record):
    """The minutes of one meeting (a standalone minutes PDF, or a minutes item inside a pack)."""

    body: str | None = None
    date: str | None = None
    agenda_item: str | None = Field(None, description="the pack's agenda item holding these minutes")
    present: list[str] = Field(default_factory=list)
    in_attendance: list[str] = Field(default_factory=list)
    apologies: list[str] = Field(default_factory=list, description="names apologies were received from")
    minutes: list[Minute] = Field(default_factory=list)
    page_start: int
    page_end: int


class Table(Record):
    id: str
    pages: list[int]
    bbox: BBox
    title: str | None = None
    header_rows: list[list[str]] = []
    rows: list[list[str]] = []
    units: Unit | None = None
    row_pages: list[int] = Field(default_factory=list, description="physical page of each body row")
    row_bboxes: list[BBox] = Field(default_factory=list, description="bbox of each body row on its page")
    page_bboxes: list[BBox] = Field(
        default_factory=list, description="the table's region on each of its pages, in the order of `pages`"
    )
    cell_bboxes: list[list[BBox | None]] = Field(
        default_factory=list, description="bbox of each body cell (None when empty)"
    )
    agenda_item: str | None = None
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


class Period(Record):
    quarter: int | None = None
    financial_year: str | None = Field(None, description="YYYY/YY")
    label: str | None = Field(None, description="the period as printed")


class Kpi(Record):
    area: str | None
    name: str
    kpi_id: str
    rag_latest: Rag | None = None
    rag_previous: Rag | None = None
    dot: Dot | None = None
    period: Period | None = None
    page: int
    bbox: BBox
    area_canonical: str | None = None
    rag_previous_text: str | None = Field(
        None, description="the printed previous RAG when not a RAG word (e.g. '*')"
    )
    table_id: str | None = None
    agenda_item: str | None = None
    lower_is_better: bool | None = Field(
        default=None,
        description="the KPI's sense, from its printed floor and target: a floor above the target",
    )


class RagSummary(Record):
    area: str
    green: int = 0
    amber: int = 0
    red: int = 0
    improving: int = 0
    stable: int = 0
    worsening: int = 0
    page: int
    bbox: BBox | None = None
    table_id: str | None = None
    period: Period | None = Field(None, description="the QPR's quarter and financial year")


class KpiObservation(Record):
    """One value a QPR prints for a KPI (Current/Target/Previous/Floor), beside its RAG and DoT."""

    kpi_id: str
    name: str
    area: str | None = None
    area_canonical: str | None = None
    measure: KpiMeasure
    value: float
    text: str = Field(description="the value as printed")
    unit: Unit | None = None
    period: Period | None = None
    page: int
    bbox: BBox
    agenda_item: str | None = None


class Figure(Record):
    text: str
    value: float
    unit: Unit | None
    page: int
    bbox: BBox
    sentence: str
    value_gbp_m: float | None = None
    kind: Literal["money", "percent", "count"] = "count"
    agenda_item: str | None = None
    qualifier: Literal["approximate", "at_least", "at_most", "change", "percentage_points"] | None = Field(
        None,
        description="not an exact level: 'c. £600k', 'over 2,000', 'up by 312', '11 percentage points'",
    )


class Paragraph(Record):
    page: int
    bbox: BBox
    text: str
    heading_path: list[str] = []


class FinancialRecord(Record):
    directorate: str | None
    directorate_canonical: str | None
    line_item: str
    measure: str | None = Field(
        description="the column's own header as printed, without its unit; None when unheaded"
    )
    measure_canonical: str | None = Field(
        None,
        description="what the column measures: budget, forecast, variance ... (schemas/vocab/finance.json)",
    )
    value: float
    text: str
    unit: Unit | None
    value_gbp_m: float | None
    period: str | None = Field(description="normalised: 'October 2023-24', 'Q3 2023-24' or '2023-24'")
    period_source: str | None = Field(
        None,
        description="where the period was read: column, caption, report or meeting"
        " ('column+report': the year from the column, the month from the report)",
    )
    page: int
    bbox: BBox | None
    table_id: str


class Evidence(Record):
    page: int
    bbox: BBox | None = None
    text: str


class Finding(Record):
    kind: FindingKind
    severity: Severity
    page: int
    description: str
    reported: float | str | None = None
    expected: float | str | None = None
    difference: float | None = None
    table_id: str | None = None
    pages: list[int] = []
    evidence: list[Evidence] = []
    check: str | None = Field(None, description="the audit module that raised it")


class Document(Record):
    schema_version: str = SCHEMA_VERSION
    source: Source
    document_type: DocumentType = "other"
    meeting: Meeting | None = None
    agenda_items: list[AgendaItem] = []
    tables: list[Table] = []
    kpis: list[Kpi] = []
    kpi_observations: list[KpiObservation] = Field(
        default_factory=list, description="values printed for KPIs: actual, target, floor, previous"
    )
    rag_summary: list[RagSummary] = []
    figures: list[Figure] = []
    paragraphs: list[Paragraph] = []
    financial_records: list[FinancialRecord] = []
    minutes: list[MinutesRecord] = Field(default_factory=list, description="minutes of meetings in the PDF")
    findings: list[Finding] = []
    warnings: list[str] = []
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
