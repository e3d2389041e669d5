"""The reporting period of a QPR, read from the report's own text.

Forms: 'Quarter 2, 2023/24', 'Quarter 1 of 2018/19', 'Q2 2023-24', 'Q1, 2018/19' (quarter and
financial year), and 'as at September 2023' / 'As at October 2023-24' (a date label only).
A pack holds several reports, so the period of a KPI is the one stated most strongly on the
pages before its table: mentions next to 'Performance Report' (the title and cover) count most.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from extractor.parsers.layout import page_lines
from extractor.parsers.pdf import PageContent
from extractor.schemas.document import Period
from extractor.schemas.periods import MONTH_NAMES, QUARTER, financial_year, holds_financial_year

AS_AT = re.compile(
    r"\bas\s+at\s+(?:the\s+end\s+of\s+)?(?P<label>(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
    + MONTH_NAMES
    + r"\s+\d{4}(?:\s*[/\-–]\s*\d{2,4})?)",
    re.IGNORECASE,
)
_TITLE_WORDS = re.compile(r"performance\s+report|\bQPR\b", re.IGNORECASE)
LOOKBACK_PAGES = 40  # a QPR is rarely longer; a mention further back belongs to another report


@dataclass(frozen=True)
class PeriodMention:
    page: int
    quarter: int | None
    financial_year: str | None
    label: str
    weight: int


def _page_text(page: PageContent) -> list[str]:
    return [line.text for line in page_lines(page)]


def find_mentions(pages: Iterable[PageContent]) -> list[PeriodMention]:
    out: list[PeriodMention] = []
    for page in pages:
        lines = _page_text(page)
        text = " \n ".join(lines)
        for m in QUARTER.finditer(text) if holds_financial_year(text) else ():
            fy = financial_year(m.group("fy1"), m.group("fy2"))
            if fy is None:
                continue
            context = text[max(0, m.start() - 60) : m.end() + 10]
            weight = 5 if _TITLE_WORDS.search(context) else 1
            label = re.sub(r"\s+", " ", m.group(0)).strip()
            out.append(PeriodMention(page.number, int(m.group("q")), fy, label, weight))
        for m in AS_AT.finditer(text):
            out.append(PeriodMention(page.number, None, None, re.sub(r"\s+", " ", m.group(0)), 0))
    return out


class ReportPeriods:
    """Answers 'what period does the report containing page N cover?'."""

    def __init__(self, pages: Iterable[PageContent]) -> None:
        self.mentions = find_mentions(pages)

    def at(self, page: int) -> Period | None:
        window = [m for m in self.mentions if page - LOOKBACK_PAGES <= m.page <= page and m.quarter]
        if not window:
            window = [m for m in self.mentions if m.quarter]
        if not window:
            as_at = [m for m in self.mentions if m.page <= page]
            return Period(quarter=None, financial_year=None, label=as_at[-1].label) if as_at else None
        votes: Counter[tuple[int | None, str | None]] = Counter()
        labels: dict[tuple[int | None, str | None], PeriodMention] = {}
        for m in window:
            k = (m.quarter, m.financial_year)
            votes[k] += m.weight
            if k not in labels or m.weight > labels[k].weight:
                labels[k] = m  # the label as printed in the strongest (title) mention
        (quarter, fy), _ = votes.most_common(1)[0]
        return Period(quarter=quarter, financial_year=fy, label=labels[(quarter, fy)].label)
