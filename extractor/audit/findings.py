"""Building findings: figures formatted as printed, evidence from cells, one-line descriptions."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from extractor.schemas.document import Document, Evidence, Finding, FindingKind, Paragraph, Severity
from extractor.schemas.table_figures import Cell, TableFigures

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
MAX_EVIDENCE = 16  # the reported figure and its first terms; enough for a person to check


def fmt(value: float, decimals: int) -> str:
    """A value the way a council table prints it: thousands separators, brackets for negatives."""
    text = f"{abs(value):,.{decimals}f}"
    return f"({text})" if value < 0 and round(abs(value), decimals) != 0 else text


def short(header: str, limit: int = 60) -> str:
    return header if len(header) <= limit else header[: limit - 1] + "…"


def table_finding(
    grid: TableFigures,
    kind: FindingKind,
    severity: Severity,
    reported: Cell,
    expected: float,
    description: str,
    terms: Sequence[Cell],
    check: str,
) -> Finding:
    evidence = [reported.evidence()] + [c.evidence() for c in terms[: MAX_EVIDENCE - 1]]
    return Finding(
        kind=kind,
        severity=severity,
        page=reported.page,
        pages=sorted({e.page for e in evidence}),
        table_id=grid.table.id,
        description=description,
        reported=reported.number.value,
        expected=round(expected, max(reported.number.decimals, 0) + 3),
        difference=round(reported.number.value - expected, reported.number.decimals + 3),
        evidence=evidence,
        check=check,
    )


def text_finding(
    page: int,
    bbox: list[float] | None,
    text: str,
    description: str,
    reported: str,
    expected: str | None,
    check: str,
) -> Finding:
    """A warning of kind 'other' about words on a page (a label, a sentence), with that text as
    its evidence."""
    return Finding(
        kind="other",
        severity="warning",
        page=page,
        pages=[page],
        description=description,
        reported=reported,
        expected=expected,
        evidence=[Evidence(page=page, bbox=bbox, text=text[:300])],
        check=check,
    )


def sentences(doc: Document) -> Iterator[tuple[Paragraph, str]]:
    """Every sentence of the narrative, with the paragraph it stands in."""
    for p in doc.paragraphs:
        for sentence in _split(p.text):
            yield p, sentence


@lru_cache(maxsize=1 << 14)  # more than one check reads the sentences of every paragraph
def _split(text: str) -> tuple[str, ...]:
    return tuple(_SENTENCE.split(text))
