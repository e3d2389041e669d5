"""Narrative: paragraphs with heading paths, and every figure in them (placeholder)."""

from __future__ import annotations

from parsers.layout import TextLine
from schemas.document import Figure, Paragraph


def extract_narrative(lines: dict[int, list[TextLine]]) -> tuple[list[Paragraph], list[Figure]]:
    return [], []
