"""Documents built in tests: every record type filled, so the store, series and export can be
tested without waiting for (or depending on) what the extraction stages find in the samples."""

from __future__ import annotations

import hashlib
from pathlib import Path

from extractor.corpus.records import document_rows
from extractor.corpus.store import Store
from extractor.schemas.document import (
    AgendaItem,
    Document,
    Evidence,
    Figure,
    FinancialRecord,
    Finding,
    Kpi,
    KpiObservation,
    Meeting,
    Paragraph,
    Period,
    RagSummary,
    Source,
    Table,
)

BOX = [10.0, 20.0, 110.0, 32.5]


def fake_sha(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def build_document(
    name: str,
    quarter: int = 1,
    financial_year: str = "2018/19",
    rag: str = "GREEN",
    month: str = "June 2018-19",
    variance: float = 1.5,
) -> Document:
    """A QPR-plus-budget document for one period with two KPIs, one finance table and a finding."""
    period = Period(
        quarter=quarter, financial_year=financial_year, label=f"Quarter {quarter}, {financial_year}"
    )
    table = Table(
        id="t1",
        pages=[3, 4],
        bbox=BOX,
        title="General Fund",
        header_rows=[["Directorate", "Budget", "Variance"], ["", "£m", "£m"]],
        rows=[["Adult Social Care", "527.5", str(variance)], ["Total", "527.5", str(variance)]],
        units="£m",
        row_pages=[3, 4],
        row_bboxes=[BOX, BOX],
        cell_bboxes=[[BOX, BOX, BOX], [BOX, None, BOX]],
    )
    return Document(
        source=Source(path=f"{name}.pdf", sha256=fake_sha(name), pages=12),
        document_type="cabinet_agenda_pack",
        meeting=Meeting(body="Cabinet", date="2023-01-04", time="10:00", venue="Council Chamber"),
        agenda_items=[
            AgendaItem(number="1", title="Apologies"),
            AgendaItem(
                number="5", title="Performance Report", page_start=2, page_end=12, printed_page_start=1
            ),
        ],
        tables=[table],
        kpis=[
            Kpi(
                area="Customer Services",
                name="% of phone calls to Contact Point which were answered",
                kpi_id="customer-services/calls-answered",
                rag_latest=rag,  # type: ignore[arg-type]
                rag_previous="AMBER",
                dot="improving",
                period=period,
                page=5,
                bbox=BOX,
            ),
            Kpi(
                area="Highways",
                name="Potholes repaired in 28 days",
                kpi_id="highways/potholes",
                rag_latest="RED",
                dot="worsening",
                period=period,
                page=6,
                bbox=BOX,
            ),
        ],
        kpi_observations=[
            KpiObservation(
                kpi_id="customer-services/calls-answered",
                name="% of phone calls to Contact Point which were answered",
                area="Customer Services",
                measure=measure,
                value=value,
                text=f"{value:g}%",
                unit="%",
                period=period,
                page=5,
                bbox=BOX,
            )
            for measure, value in (("actual", 90.0 + quarter), ("target", 85.0))
        ],
        rag_summary=[RagSummary(area="Customer Services", green=1, amber=1, page=2, bbox=BOX, period=period)],
        figures=[
            Figure(
                text="£35.6m",
                value=35.6,
                unit="£m",
                page=3,
                bbox=BOX,
                sentence="An overspend of £35.6m.",
                kind="money",
                value_gbp_m=35.6,
            )
        ],
        paragraphs=[Paragraph(page=3, bbox=BOX, text="An overspend of £35.6m.", heading_path=["Revenue"])],
        financial_records=[
            FinancialRecord(
                directorate="Adult Social Care",
                directorate_canonical="Adult Social Care & Health",
                line_item="Adult Social Care",
                measure="forecast variance",
                value=variance,
                text=str(variance),
                unit="£m",
                value_gbp_m=variance,
                period=month,
                page=3,
                bbox=BOX,
                table_id="t1",
            )
        ],
        findings=[
            Finding(
                kind="column_total",
                severity="error",
                page=4,
                description="Column 'Variance': rows sum to 1.4, Total row says 1.5",
                reported=1.5,
                expected="1.4",
                difference=0.1,
                table_id="t1",
                pages=[3, 4],
                evidence=[Evidence(page=4, bbox=BOX, text="1.5"), Evidence(page=3, bbox=None, text="1.4")],
                check="column_totals",
            )
        ],
        warnings=["page 7: no text layer (scanned or blank page)"],
        timings={"read": 0.5},
    )


def record_counts(doc: Document) -> dict[str, int]:
    """How many rows each store table should hold for `doc`."""
    return {
        "documents": 1,
        "agenda_items": len(doc.agenda_items),
        "tables": len(doc.tables),
        "table_cells": sum(len(r) for t in doc.tables for r in t.header_rows + t.rows),
        "kpis": len(doc.kpis),
        "kpi_observations": len(doc.kpi_observations),
        "rag_summaries": len(doc.rag_summary),
        "figures": len(doc.figures),
        "paragraphs": len(doc.paragraphs),
        "financial_records": len(doc.financial_records),
        "findings": len(doc.findings),
        "finding_evidence": sum(len(f.evidence) for f in doc.findings),
        "warnings": len(doc.warnings),
        "page_openings": len(doc.page_openings),
        "other_records": 0,
    }


def stored(db: Path, *docs: Document) -> Path:
    """The store at `db` (made if new) holding `docs`."""
    with Store(db, read_only=False) as store:
        for doc in docs:
            store.write_document(document_rows(doc))
    return db
