"""Quarterly Performance Reports: KPI records and RAG summary counts (placeholder)."""

from __future__ import annotations

from dataclasses import dataclass, field

from parsers.pdf import PageContent
from schemas.document import Kpi, Paragraph, RagSummary, Table


@dataclass
class QprResult:
    kpis: list[Kpi] = field(default_factory=list)
    rag_summary: list[RagSummary] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def extract_kpis(tables: list[Table], pages: list[PageContent], paragraphs: list[Paragraph]) -> QprResult:
    return QprResult()
