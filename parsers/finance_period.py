"""The month a budget monitoring report is 'as at', read from the report's own text.

Normalised form: `"<Month> <YYYY>-<YY>"`, the full month name and the financial year (April to
March) it falls in: "As at October 2023-24", "as at 31 October 2023-24", "as at the end of
October 2023" and "Budget Monitoring Report – October 2023-24" all give "October 2023-24";
"as at August 2022" gives "August 2022-23". A mention without a year ("General Fund as at end of
October") takes the financial year of the report around it.

Where the period comes from, strongest first: the table's own title or header; otherwise the
mentions in the report the table belongs to (its agenda item's title and the paragraphs on the
item's pages, or the pages before the table when there is no agenda), each vote weighted, the
earliest mention breaking ties. A column whose header names a month ("Last Reported Position
(Sep)") is that month of the table's financial year.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from extractor.schemas.document import AgendaItem, Paragraph, Table

MONTHS = "January February March April May June July August September October November December".split()
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
)
_YEAR = r"(?P<year>(?:19|20)\d{2})(?:\s*[/\-–]\s*(?P<fy2>(?:19|20)?\d{2})\b)?"
_AS_AT = r"\b(?:as\s+at|position\s+at)\s+(?:the\s+)?(?:end\s+(?:of\s+)?)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
# 'as at [the end of] [31st] October [2023[-24]]'
AS_AT = re.compile(_AS_AT + _MONTH + r"(?:\s+" + _YEAR + r")?", re.IGNORECASE)
# 'October 2023-24': a month in a named financial year reads as a reporting period anywhere
MONTH_FY = re.compile(
    r"\b" + _MONTH + r"\s+(?P<year>(?:19|20)\d{2})\s*[/\-–]\s*(?P<fy2>(?:19|20)?\d{2})\b", re.IGNORECASE
)
_MONTH_WORD = re.compile(r"\b" + _MONTH + r"(?:\s+" + _YEAR + r")?", re.IGNORECASE)
_BRACKETED_MONTH = re.compile(r"\(\s*" + _MONTH + r"(?:\s+" + _YEAR + r")?\s*\)", re.IGNORECASE)
_UNITS = re.compile(r"£\s*(?:m|k|000s?)\b|£|\s+", re.IGNORECASE)
LOOKBACK_PAGES = 40
_WEIGHT_TITLE = 3  # an agenda item's title naming its month


@dataclass(frozen=True)
class MonthPeriod:
    month: int  # 1..12
    fy_start: int | None  # the year the financial year starts, when known

    @property
    def label(self) -> str | None:
        if self.fy_start is None:
            return None
        return f"{MONTHS[self.month - 1]} {self.fy_start}-{(self.fy_start + 1) % 100:02d}"

    def within(self, fy_start: int | None) -> MonthPeriod:
        return self if self.fy_start is not None else MonthPeriod(self.month, fy_start)


def _month_number(text: str) -> int:
    return [m[:3].lower() for m in MONTHS].index(text[:3].lower()) + 1


def _period(m: re.Match[str]) -> MonthPeriod:
    month = _month_number(m.group("month"))
    year = m.group("year")
    if year is None:
        return MonthPeriod(month, None)
    start = int(year)
    fy2 = m.group("fy2")
    if fy2 and (start + 1) % 100 == int(fy2[-2:]):
        return MonthPeriod(month, start)  # 'October 2023-24'
    return MonthPeriod(month, start if month >= 4 else start - 1)  # 'March 2024' is in 2023-24


def mentions(text: str) -> list[MonthPeriod]:
    """Periods a piece of text states: 'as at ...' mentions and months of a named financial year."""
    found = {m.start("month"): _period(m) for m in AS_AT.finditer(text)}
    for m in MONTH_FY.finditer(text):
        found.setdefault(m.start("month"), _period(m))
    return [found[k] for k in sorted(found)]


def column_month(header: str, fy_start: int | None) -> MonthPeriod | None:
    """The month a column stands for: a header that is a month ('Sep', 'October 2023 £m') or names
    one in brackets ('Last Reported Position (Sep)'), in the given financial year unless it says."""
    text = _UNITS.sub(" ", header).strip()
    m = _MONTH_WORD.fullmatch(text) or _BRACKETED_MONTH.search(text)
    return _period(m).within(fy_start) if m else None


def _vote(periods: Iterable[tuple[MonthPeriod, int]]) -> MonthPeriod | None:
    votes: Counter[MonthPeriod] = Counter()
    first: dict[MonthPeriod, int] = {}
    for i, (period, weight) in enumerate(periods):
        if period.fy_start is None:
            continue
        votes[period] += weight
        first.setdefault(period, i)
    if not votes:
        return None
    return max(votes, key=lambda p: (votes[p], -first[p]))


class ReportMonths:
    """Answers 'which month is the report holding this table as at?'."""

    def __init__(self, paragraphs: list[Paragraph], agenda_items: list[AgendaItem] | None = None) -> None:
        self.paragraphs = sorted(paragraphs, key=lambda p: p.page)
        self.items = [i for i in agenda_items or [] if i.page_start is not None]

    def _item(self, table: Table) -> AgendaItem | None:
        page = table.pages[0] if table.pages else None
        for item in self.items:
            if table.agenda_item == item.number or (
                page is not None
                and item.page_start is not None
                and item.page_start <= page <= (item.page_end or page)
            ):
                return item
        return None

    def context(self, table: Table) -> MonthPeriod | None:
        page = table.pages[0] if table.pages else 1
        item = self._item(table)
        if item is not None and item.page_start is not None:
            low, high = item.page_start, item.page_end or page
        else:
            low, high = page - LOOKBACK_PAGES, page
        votes = [(p, _WEIGHT_TITLE) for p in mentions(item.title)] if item else []
        votes += [(p, 1) for para in self.paragraphs if low <= para.page <= high for p in mentions(para.text)]
        return _vote(votes)

    def of_table(self, table: Table, header_text: str) -> MonthPeriod | None:
        own = mentions(" ".join([table.title or "", header_text]))
        context = self.context(table)
        fy = context.fy_start if context else None
        with_year = [p for p in own if p.fy_start is not None]
        if with_year:
            return with_year[0]
        if own:  # 'as at end of October': the report's year
            return own[0].within(fy)
        return context
