"""Views for the common questions, over a store or over the documents a filter selects.

They are TEMPORARY views, made on each connection (read-only ones included), so a store never
carries them and an older store gets them too. `selected_documents` is the documents a filter
keeps (all of them without one); every other view reads through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb


@dataclass(frozen=True)
class DocumentFilter:
    """Which documents a command looks at: meeting body, meeting dates, document type, path."""

    body: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    document_type: str | None = None
    doc: str | None = None

    def describe(self) -> str | None:
        """The filter in words ('body Cabinet, meetings from 2024-01-01'), None when it keeps all."""
        parts = [
            f"{what} {value}"
            for what, value in (
                ("body", self.body),
                ("meetings from", self.date_from),
                ("meetings to", self.date_to),
                ("type", self.document_type),
                ("document", self.doc),
            )
            if value
        ]
        return ", ".join(parts) or None

    def where(self) -> tuple[str, list[object]]:
        """A SQL condition on `documents` (alias d) and its parameters."""
        terms: list[str] = []
        params: list[object] = []
        if self.body:
            terms.append("d.meeting_body ILIKE ?")
            params.append(f"%{self.body}%")
        if self.date_from:
            terms.append("d.meeting_date >= ?")
            params.append(self.date_from)
        if self.date_to:
            terms.append("d.meeting_date <= ?")
            params.append(self.date_to)
        if self.document_type:
            terms.append("d.document_type = ?")
            params.append(self.document_type)
        if self.doc:
            # a path fragment or the start of a SHA-256, as `status` prints them
            terms.append("(d.path ILIKE ? OR d.sha256 LIKE ?)")
            params += [f"%{self.doc}%", f"{self.doc.lower()}%"]
        return (" AND ".join(terms) or "TRUE"), params


# name -> (what it answers, SELECT over selected_documents and the store's tables)
VIEWS: dict[str, tuple[str, str]] = {
    "kpi_series": (
        "every KPI reading with its document and meeting, oldest period first",
        """SELECT k.kpi_id, k.name, k.area_canonical AS area, k.financial_year, k.quarter, k.period_label,
                  k.rag_latest, k.rag_previous, k.dot, d.meeting_body, d.meeting_date,
                  d.path AS document, k.page
           FROM kpis k JOIN selected_documents d USING (sha256)
           ORDER BY k.kpi_id, k.financial_year, k.quarter, d.meeting_date""",
    ),
    "kpi_values": (
        "every printed KPI value (actual, target, floor, previous) with its document",
        """SELECT o.kpi_id, o.name, o.area_canonical AS area, o.measure, o.value, o.unit, o.text,
                  o.financial_year, o.quarter, o.period_label, d.meeting_body, d.meeting_date,
                  d.path AS document, o.page
           FROM kpi_observations o JOIN selected_documents d USING (sha256)
           ORDER BY o.kpi_id, o.financial_year, o.quarter, o.measure""",
    ),
    "findings_by_document": (
        "every audit finding with its document, meeting and page, errors first",
        """SELECT f.severity, f.kind, f.description, f.reported, f.expected, f.difference, f.page,
                  f.audit_check, d.document_type, d.meeting_body, d.meeting_date, d.path AS document,
                  f.sha256, f.seq
           FROM findings f JOIN selected_documents d USING (sha256)
           ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,
                    d.meeting_date DESC NULLS LAST, d.path, f.page""",
    ),
    "table_rows": (
        "every table row as a list of its cells (header and body), with the table's title and units",
        """SELECT t.sha256, d.path AS document, c.table_seq, t.title, t.units, c.part, c.row,
                  list(c.text ORDER BY c.col) AS cells
           FROM table_cells c
           JOIN tables t ON t.sha256 = c.sha256 AND t.seq = c.table_seq
           JOIN selected_documents d ON d.sha256 = c.sha256
           GROUP BY ALL
           ORDER BY document, c.table_seq, c.part DESC, c.row""",
    ),
}


def create_views(con: duckdb.DuckDBPyConnection, documents: DocumentFilter | None = None) -> None:
    """Make `selected_documents` and the views of `VIEWS` on this connection."""
    condition, params = (documents or DocumentFilter()).where()
    # a temporary view cannot take parameters: keep the selection in a temporary table instead
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE selected_documents AS SELECT * FROM documents d WHERE {condition}",
        params,
    )
    for name, (_, sql) in VIEWS.items():
        con.execute(f'CREATE OR REPLACE TEMP VIEW "{name}" AS {sql}')
