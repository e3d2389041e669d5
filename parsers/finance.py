"""Budget monitoring tables into financial records (placeholder)."""

from __future__ import annotations

from schemas.document import FinancialRecord, Paragraph, Table


def extract_financial_records(tables: list[Table], paragraphs: list[Paragraph]) -> list[FinancialRecord]:
    return []
