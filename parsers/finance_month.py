"""The period of a finance table, and where it was read (`schemas.periods` normalises the forms).

Strongest first: the table's caption or the text of its header rows ("General Fund as at end of
October", "Revenue Budget 2025-26"); otherwise the report the table belongs to, in its own words
("as at the end of November 2024-25", "Quarter 3 monitoring", else the year: "Revenue Budget
2025-26"): its agenda item's title and the text of the item's pages, or the pages before the
table when there is no agenda, each mention a vote, the earliest breaking ties; otherwise the
month of the meeting (a report with no front sheet: the date on its first page, "DATE: 27 MARCH
2026"). A statement without
a year ("as at end of October") takes the year of the report around it, or of the meeting.

A column's own header comes before all of these (`parsers.finance_columns`); a column naming only
the report's own financial year ("2023-24 Forecast" in an October 2023-24 report) is the report's
month of that year.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from extractor.parsers.dates import find_dates
from extractor.schemas.document import AgendaItem, Meeting, Table
from extractor.schemas.periods import ReportingPeriod, column_period, meeting_period, mentions, year_mentions

LOOKBACK_PAGES = 40  # a report is rarely longer; a mention further back belongs to another report
_WEIGHT_TITLE = 3  # an agenda item's title naming its period

# 'Date:', 'Meeting date:', 'Date of meeting:' before the date a report is for
_REPORT_DATE = re.compile(r"\b(?:meeting\s+)?date(?:\s+of\s+(?:the\s+)?meeting)?\s*:\s*", re.IGNORECASE)
_DATE_REACH = 40  # characters after the label the date must start
# where a record's period was read, strongest first
COLUMN, CAPTION, REPORT, MEETING = "column", "caption", "report", "meeting"


@dataclass(frozen=True)
class SourcedPeriod:
    period: ReportingPeriod
    source: str  # COLUMN, CAPTION, REPORT or MEETING; 'column+report' when the report gave the month


def _vote(periods: Iterable[tuple[ReportingPeriod, int]]) -> ReportingPeriod | None:
    votes: Counter[ReportingPeriod] = Counter()
    first: dict[ReportingPeriod, int] = {}
    for i, (period, weight) in enumerate(periods):
        if period.fy_start is None:
            continue
        votes[period] += weight
        first.setdefault(period, i)
    if not votes:
        return None
    return max(votes, key=lambda p: (votes[p], not p.is_year, -first[p]))


class ReportPeriods:
    """Answers 'which period is the report holding this table about?'."""

    def __init__(
        self,
        texts: Sequence[tuple[int, str]],
        agenda_items: list[AgendaItem] | None = None,
        meeting: Meeting | None = None,
    ) -> None:
        self.texts = sorted(texts, key=lambda t: t[0])  # (page, text): each page's lines or paragraphs
        self._pages = [page for page, _ in self.texts]
        self.items = [i for i in agenda_items or [] if i.page_start is not None]
        self.meeting = meeting_period(meeting.date if meeting else None) or self._dated_report()
        # each page's statements, read once: every table of a report votes over the same pages
        self._mentions: dict[int, tuple[list[ReportingPeriod], list[ReportingPeriod]]] = {}
        # and each span of pages (an agenda item's, or the lookback before a page) votes once
        self._reports: dict[tuple[int, int, int | None], ReportingPeriod | None] = {}

    def _page_mentions(self, index: int) -> tuple[list[ReportingPeriod], list[ReportingPeriod]]:
        """The periods and the financial years the `index`th text states."""
        if index not in self._mentions:
            text = self.texts[index][1]
            self._mentions[index] = (mentions(text), year_mentions(text))
        return self._mentions[index]

    def _dated_report(self) -> ReportingPeriod | None:
        """A report with no front sheet dates itself on its first page ('DATE: 27 MARCH 2026')."""
        for _page, text in self.texts[:1]:
            for m in _REPORT_DATE.finditer(text):
                dates = find_dates(text[m.end() : m.end() + _DATE_REACH])
                if dates and dates[0].start == 0:
                    return meeting_period(dates[0].date)
        return None

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

    def _span(self, table: Table) -> tuple[AgendaItem | None, int, int]:
        """The table's agenda item, and the pages its report's statements are read from."""
        page = table.pages[0] if table.pages else 1
        item = self._item(table)
        if item is not None and item.page_start is not None:
            return item, item.page_start, item.page_end or page
        return item, page - LOOKBACK_PAGES, page

    def _statements(self, item: AgendaItem | None, low: int, high: int) -> list[ReportingPeriod]:
        first, last = bisect.bisect_left(self._pages, low), bisect.bisect_right(self._pages, high)
        stated = [self._page_mentions(i) for i in range(first, last)]
        votes = [(p, _WEIGHT_TITLE) for p in mentions(item.title)] if item else []
        votes += [(p, 1) for periods, _ in stated for p in periods]
        report = _vote(votes)
        if report is None:  # no month or quarter stated: the year the report is about
            years = [(p, _WEIGHT_TITLE) for p in year_mentions(item.title)] if item else []
            report = _vote(years + [(p, 1) for _, fys in stated for p in fys])
        out = [report] if report else []
        fy = report.fy_start if report else (self.meeting.fy_start if self.meeting else None)
        # a statement with no year ('as at Quarter 3'): the year of the report or meeting
        out += [p.within(fy) for p, _ in votes if p.fy_start is None and fy is not None]
        return out

    def report(self, table: Table) -> ReportingPeriod | None:
        item, low, high = self._span(table)
        key = (low, high, None if item is None else id(item))
        if key not in self._reports:
            statements = self._statements(item, low, high)
            self._reports[key] = statements[0] if statements else None
        return self._reports[key]

    def of_table(self, table: Table, header_text: str) -> SourcedPeriod | None:
        """The table's period: its caption's, else the report's, else the meeting's."""
        report = self.report(table)
        fy = report.fy_start if report else (self.meeting.fy_start if self.meeting else None)
        caption = " ".join([table.title or "", header_text])
        own = [p.within(fy) for p in mentions(caption)]
        own = [p for p in own if p.fy_start is not None]
        if own:
            return SourcedPeriod(own[0], CAPTION)
        year = column_period(table.title or "")
        if year is not None and year.fy_start is not None:
            return SourcedPeriod(refine(year, report), CAPTION)
        if report is not None:
            return SourcedPeriod(report, REPORT)
        if self.meeting is not None:
            return SourcedPeriod(self.meeting, MEETING)
        return None


def refine(period: ReportingPeriod, report: ReportingPeriod | None) -> ReportingPeriod:
    """A whole financial year that is the report's own year reads as the report's month or quarter."""
    if period.is_year and report is not None and report.fy_start == period.fy_start and not report.is_year:
        return report
    return period


def _headers_period(headers: Sequence[str]) -> ReportingPeriod | None:
    """The period a column's headers name, its own header first: a month or quarter without a year
    takes the year of a header above it ('Sep' under '2023-24')."""
    found: ReportingPeriod | None = None
    for text in headers:
        period = column_period(text)
        if period is None:
            continue
        if found is None:
            found = period
        elif found.fy_start is None and period.fy_start is not None and period.is_year:
            found = found.within(period.fy_start)
        if found.fy_start is not None:
            break
    return found


def column_or_table(headers: Sequence[str], table_period: SourcedPeriod | None) -> SourcedPeriod | None:
    """A column's period: its headers' (the year from the table's if they name none), else the table's."""
    own = _headers_period(headers)
    if own is None:
        return table_period
    fy = table_period.period.fy_start if table_period else None
    dated = own.within(fy)
    if dated.fy_start is None:
        return table_period
    context = table_period.period if table_period else None
    refined = refine(dated, context)
    if refined is not dated or own.fy_start is None:
        return SourcedPeriod(refined, f"{COLUMN}+{table_period.source}" if table_period else COLUMN)
    return SourcedPeriod(dated, COLUMN)
