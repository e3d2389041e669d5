"""Agenda packs: front sheet, agenda items with page ranges, document type (placeholder)."""

from __future__ import annotations

from dataclasses import dataclass, field

from parsers.layout import TextLine
from parsers.pdf import PageContent
from schemas.document import AgendaItem, Meeting


@dataclass
class AgendaResult:
    document_type: str = "other"
    meeting: Meeting | None = None
    items: list[AgendaItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # physical page -> agenda item number, for pages that belong to an item
    page_items: dict[int, str] = field(default_factory=dict)
    # physical page -> document type of the item (or document) the page belongs to
    page_types: dict[int, str] = field(default_factory=dict)


def parse_agenda(pages: list[PageContent], lines: dict[int, list[TextLine]]) -> AgendaResult:
    return AgendaResult()
