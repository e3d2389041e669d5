"""Entry point of the table stage (placeholder until the engines land)."""

from __future__ import annotations

from parsers.pdf import PageContent
from schemas.document import Table


def extract_tables(pages: list[PageContent]) -> list[Table]:
    return []
