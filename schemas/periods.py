"""Reporting periods, the one place they are read and normalised: financial year, quarter, month.

UK councils' financial year runs April to March. A period is normalised to one of three labels:
"October 2023-24" (a month of a financial year), "Q3 2023-24" (a quarter of it) or "2023-24" (the
whole year). Printed forms read: "2023-24", "2023/24", "23-24", "FY 2023/24"; "Quarter 3, 2023/24",
"Q3 2023-24", "Qtr 3"; "October 2023-24", "as at 31 October 2023", "as at the end of October",
"(Sep)", "Oct-23"; ISO dates. A period's place in time is `PeriodKey` (the year its financial year
starts, months into that year), which orders labels of every form ('2022-23' < 'April 2023' <
'Q2 2023/24' < 'October 2023-24' < 'March 2024').
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = "january february march april may june july august september october november december".split()
# any month's full name, as a regular expression (match it ignoring case)
MONTH_NAMES = "(?:" + "|".join(MONTHS) + ")"
FY_START_MONTH = 4
_YEAR4 = r"(?:19|20)\d{2}"
_FY_SEP = r"\s*[/\-–]\s*"
_FY2 = r"(?:19|20)?\d{2}"  # a financial year's second year: "25", "2025"
FY_PATTERN = rf"(?P<fy1>{_YEAR4}){_FY_SEP}(?P<fy2>{_FY2})"
_FY = re.compile(rf"\b{FY_PATTERN}\b")
# a financial year wherever it stands (no boundary before it): every month of a named year, quarter
# of a named year and year statement holds one, so a text without one is spared those expressions
_ANY_FY = re.compile(rf"{_YEAR4}{_FY_SEP}{_FY2}\b")
# '23-24' / '23/24' (two two-digit years) and 'FY24/25' read as financial years in headers only
_SHORT_FY = re.compile(
    r"(?<![\d.,£])(?:FY\s*)?(?P<a>\d{2})\s*[/\-–]\s*(?P<b>\d{2})(?![\d.,%])", re.IGNORECASE
)
QUARTER = re.compile(
    rf"\b(?:Quarter|Qtr|Q)\s*(?P<q>[1-4])\s*(?:,|of|\s)\s*(?:the\s+)?(?:financial\s+year\s+)?{FY_PATTERN}\b",
    re.IGNORECASE,
)
_QUARTER_WORD = re.compile(r"\b(?:Quarter|Qtr|Q)\s*(?P<q>[1-4])\b", re.IGNORECASE)
_MONTH_NAME = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
)
_MONTH_YEAR = re.compile(
    r"\b(" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?\s+(?P<year>(?:19|20)\d{2})", re.IGNORECASE
)
_YEAR_AFTER_MONTH = rf"(?P<year>{_YEAR4})(?:\s*[/\-–]\s*(?P<fy2>(?:19|20)?\d{{2}})\b)?"
_AS_AT = r"\b(?:as\s+at|position\s+at)\s+(?:the\s+)?(?:end\s+(?:of\s+)?)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
# 'as at [the end of] [31st] October [2023[-24]]'
AS_AT = re.compile(_AS_AT + _MONTH_NAME + r"(?:\s+" + _YEAR_AFTER_MONTH + r")?", re.IGNORECASE)
# 'October 2023-24': a month in a named financial year reads as a reporting period anywhere
MONTH_FY = re.compile(
    r"\b" + _MONTH_NAME + rf"\s+(?P<year>{_YEAR4})\s*[/\-–]\s*(?P<fy2>(?:19|20)?\d{{2}})\b", re.IGNORECASE
)
# a quarter stated as the report's own period: 'Quarter 3 2024-25', 'as at Quarter 3', 'Q3 monitoring'
_AS_AT_QUARTER = re.compile(
    r"\b(?:as\s+at|at\s+the\s+end\s+of|for)\s+(?:the\s+)?(?:Quarter|Qtr|Q)\s*(?P<q>[1-4])\b"
    r"|\b(?:Quarter|Qtr|Q)\s*(?P<q2>[1-4])\s+(?:budget\s+|revenue\s+|financial\s+|capital\s+)*"
    r"(?:monitoring|position|forecast|outturn)\b",
    re.IGNORECASE,
)
_MONTH_WORD = re.compile(
    r"\b" + _MONTH_NAME + r"(?:\s*[-']?\s*" + r"(?P<year>(?:19|20)?\d{2})\b)?", re.IGNORECASE
)
_BRACKETED_MONTH = re.compile(
    r"\(\s*" + _MONTH_NAME + r"(?:\s+" + _YEAR_AFTER_MONTH + r")?\s*\)", re.IGNORECASE
)
# a date in a header ('Market Value at 30-September-24', 'Balance 31 March 2025'): that month
_DATE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?[\s\-/]+" + _MONTH_NAME + r"[\s\-/,]+(?P<year>(?:19|20)?\d{2})\b",
    re.IGNORECASE,
)
_REPORT_WORDS = (
    r"(?:revenue\s+|capital\s+|final\s+|draft\s+|proposed\s+|approved\s+)*"
    r"(?:budgets?|plan|programme|strategy|report|monitoring|outturn|accounts|estimates|forecast|statement)"
)
_YEAR_STATEMENT = re.compile(
    rf"\b{_REPORT_WORDS}\s+(?:for\s+)?(?:the\s+)?(?:financial\s+year\s+)?{FY_PATTERN}\b"
    rf"|\bfinancial\s+year\s+{FY_PATTERN.replace('fy1', 'fy1b').replace('fy2', 'fy2b')}\b"
    rf"|\b{FY_PATTERN.replace('fy1', 'fy1c').replace('fy2', 'fy2c')}\s+{_REPORT_WORDS}\b",
    re.IGNORECASE,
)
_YEAR_GROUPS = (("fy1", "fy2"), ("fy1b", "fy2b"), ("fy1c", "fy2c"))
_RANGE_END = re.compile(r"\s*(?:to|-|–)\s*(?:19|20)\d{2}")  # '2025-26 to 2034-35' is a range
# a header's 'as per Oct 25', 'as at March 2024', 'as of 31 Dec 23': that month
_AS_PER = re.compile(
    r"\bas\s+(?:at|per|of)\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
    + _MONTH_NAME
    + r"\s*'?(?P<year>(?:19|20)?\d{2})\b",
    re.IGNORECASE,
)
# a span up to a date ('Forecast to 31 March 2024', '12 months ending September 2023')
_UP_TO = re.compile(
    r"\b(?:to|ending|until)\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+)?" + _MONTH_NAME + rf"\s+(?P<year>{_YEAR4})\b",
    re.IGNORECASE,
)
# a date in figures, day first ('31.3.24', '31/03/2025'): a balance at that date
_NUMERIC_DATE = re.compile(r"\b(?P<day>\d{1,2})[./](?P<m>\d{1,2})[./](?P<year>(?:19|20)?\d{2})\b")
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-\d{2}\b")
_UNIT_WORDS = re.compile(r"£\s*(?:m|k|bn|000'?s?)\b|£|\s+", re.IGNORECASE)


def consecutive_years(first: int, second: int) -> bool:
    """The two years of one financial year, written in full or by their last two digits: 2023 and
    24, 23 and 24, 2023 and 2024."""
    return (first + 1) % 100 == second % 100


def full_year(year: int) -> int:
    """A year printed with two digits ('Oct 23', '31.3.24') is in this century."""
    return year + 2000 if year < 100 else year


def financial_year(first: str, second: str) -> str | None:
    """'2023', '24' -> '2023/24'; '2023', '2024' -> '2023/24'; None if not consecutive years."""
    start = int(first)
    if not consecutive_years(start, int(second)):
        return None
    return f"{start}/{int(second) % 100:02d}"


def month_number(name: str) -> int:
    """'Oct', 'October', 'sept' -> 10."""
    return [m[:3] for m in MONTHS].index(name[:3].lower()) + 1


def fy_of_month(month: int, year: int) -> int:
    """The year the financial year holding `month` of calendar `year` starts: March 2024 -> 2023."""
    return year if month >= FY_START_MONTH else year - 1


@dataclass(frozen=True, order=True)
class PeriodKey:
    fy_start: int
    position: int  # 1..12 months into the financial year; 12 for a whole year

    @property
    def financial_year(self) -> str:
        return f"{self.fy_start}/{(self.fy_start + 1) % 100:02d}"

    @property
    def month_name(self) -> str:
        """The month `position` names, abbreviated: 1 -> 'Apr', 10 -> 'Jan', 12 -> 'Mar'."""
        return MONTHS[(FY_START_MONTH - 2 + self.position) % 12][:3].capitalize()

    def previous_quarter(self) -> PeriodKey:
        """The quarter before this one (before Q1: the last quarter of the year before)."""
        if self.position > 3:
            return PeriodKey(self.fy_start, self.position - 3)
        return PeriodKey(self.fy_start - 1, 12)


@dataclass(frozen=True)
class ReportingPeriod:
    """A financial year, or a quarter or a month of one; `fy_start` None until the year is known."""

    fy_start: int | None
    month: int | None = None  # 1..12, calendar month
    quarter: int | None = None  # 1..4 of the financial year

    @property
    def label(self) -> str | None:
        if self.fy_start is None:
            return None
        year = f"{self.fy_start}-{(self.fy_start + 1) % 100:02d}"
        if self.month is not None:
            return f"{MONTHS[self.month - 1].capitalize()} {year}"
        if self.quarter is not None:
            return f"Q{self.quarter} {year}"
        return year

    @property
    def is_year(self) -> bool:
        return self.month is None and self.quarter is None

    def within(self, fy_start: int | None) -> ReportingPeriod:
        """This period in the given financial year, unless it names its own."""
        return self if self.fy_start is not None else ReportingPeriod(fy_start, self.month, self.quarter)

    @property
    def key(self) -> PeriodKey | None:
        if self.fy_start is None:
            return None
        if self.month is not None:
            return PeriodKey(self.fy_start, (self.month - FY_START_MONTH) % 12 + 1)
        return PeriodKey(self.fy_start, self.quarter * 3 if self.quarter else 12)


def _of_month(month: int, year: int) -> PeriodKey:
    return PeriodKey(fy_of_month(month, year), (month - FY_START_MONTH) % 12 + 1)


def fy_start(text: str) -> int | None:
    m = _FY.search(text)
    if m and financial_year(m.group("fy1"), m.group("fy2")):
        return int(m.group("fy1"))
    return None


def header_fy_start(text: str) -> int | None:
    """The one financial year a column header or caption names, long ('2023-24') or short ('23-24')."""
    years = {
        int(m.group("fy1")) for m in _FY.finditer(text) if financial_year(m.group("fy1"), m.group("fy2"))
    }
    if not years:
        years = {
            2000 + int(m.group("a"))
            for m in _SHORT_FY.finditer(text)
            if (int(m.group("a")) + 1) % 100 == int(m.group("b"))
        }
    return years.pop() if len(years) == 1 else None  # a range of years ('2025-26 to 2034-35') is no one year


def period_key(text: str | None, quarter: int | None = None, fy: str | None = None) -> PeriodKey | None:
    """Where a period falls in time, from structured fields when given, else from its label."""
    if fy and fy_start(fy) is not None:
        start = fy_start(fy)
        assert start is not None
        return PeriodKey(start, quarter * 3 if quarter else 12)
    if not text:
        return None
    q = QUARTER.search(text)
    if q and financial_year(q.group("fy1"), q.group("fy2")):
        return PeriodKey(int(q.group("fy1")), int(q.group("q")) * 3)
    month = _MONTH_YEAR.search(text)
    if month:
        number = month_number(month.group(1))
        year = int(month.group("year"))
        start = fy_start(text[month.start() :])
        if start is not None:  # 'October 2023-24': the month within that financial year
            year = start if number >= FY_START_MONTH else start + 1
        return _of_month(number, year)
    iso = _ISO.search(text)
    if iso:
        return _of_month(int(iso.group("m")), int(iso.group("y")))
    start = fy_start(text)
    return PeriodKey(start, 12) if start is not None else None


def _month_period(month_text: str, year: str | None, fy2: str | None) -> ReportingPeriod:
    month = month_number(month_text)
    if year is None:
        return ReportingPeriod(None, month=month)
    start = full_year(int(year))
    if fy2 and consecutive_years(start, int(fy2)):
        return ReportingPeriod(start, month=month)  # 'October 2023-24'
    return ReportingPeriod(fy_of_month(month, start), month=month)  # 'March 2024' is in 2023-24


def _from_match(m: re.Match[str]) -> ReportingPeriod:
    groups = m.groupdict()
    return _month_period(m.group("month"), groups.get("year"), groups.get("fy2"))


def holds_financial_year(text: str) -> bool:
    """A financial year ('2023-24') stands somewhere in `text`: every month or quarter of a named
    year and every year statement holds one, so a text without one need not be searched for them."""
    return _ANY_FY.search(text) is not None


def mentions(text: str) -> list[ReportingPeriod]:
    """Periods a piece of text states as its own: 'as at ...' months, months of a named financial
    year ('October 2023-24'), quarters of a named year ('Quarter 3, 2024/25') and quarters stated as
    the period ('as at Quarter 3', 'Q3 monitoring'), in the order printed."""
    found = {m.start("month"): _from_match(m) for m in AS_AT.finditer(text)}
    if holds_financial_year(text):
        for m in MONTH_FY.finditer(text):
            found.setdefault(m.start("month"), _from_match(m))
        for m in QUARTER.finditer(text):
            if financial_year(m.group("fy1"), m.group("fy2")):
                found.setdefault(m.start(), ReportingPeriod(int(m.group("fy1")), quarter=int(m.group("q"))))
    for m in _AS_AT_QUARTER.finditer(text):
        q = int(m.group("q") or m.group("q2"))
        if not any(k <= m.start() < k + 30 for k in found):
            found[m.start()] = ReportingPeriod(None, quarter=q)
    return [found[k] for k in sorted(found)]


def year_mentions(text: str) -> list[ReportingPeriod]:
    """Financial years a text states as what it is about ('Revenue Budget 2025-26', '2024-25
    monitoring', 'the financial year 2023/24'), in the order printed: a report's period when it
    names no month or quarter."""
    out: list[ReportingPeriod] = []
    if not holds_financial_year(text):
        return out
    for m in _YEAR_STATEMENT.finditer(text):
        first, second = next((m.group(a), m.group(b)) for a, b in _YEAR_GROUPS if m.group(a))
        if financial_year(first, second) and not _RANGE_END.match(text, m.end()):
            out.append(ReportingPeriod(int(first)))
    return out


def column_period(header: str) -> ReportingPeriod | None:
    """The period a column header names: a financial year ('2024-25 Budget', 'Outturn 2023/24',
    '23-24 one-off'), a quarter ('Q3 Forecast', 'Quarter 2 2023-24'), a month ('Sep', 'October 2023
    £m', 'Oct-23'), a month in brackets ('Last Reported Position (Sep)') or a date ('31.3.24', 'at
    30-September-24'); the year may be missing."""
    text = _UNIT_WORDS.sub(" ", header).strip()
    if not text:
        return None
    fy = header_fy_start(text)
    upto = _UP_TO.search(text)
    if upto:  # 'Forecast to 31 March 2024': the year ending then; a span ending in another month is none
        if month_number(upto.group("month")) != FY_START_MONTH - 1:
            return None
        return ReportingPeriod(fy_of_month(FY_START_MONTH - 1, int(upto.group("year"))))
    month = (
        _MONTH_WORD.fullmatch(text)
        or _BRACKETED_MONTH.search(text)
        or AS_AT.search(text)
        or _DATE.search(text)
        or _AS_PER.search(text)
    )
    if month:
        found = _from_match(month)
        return found if found.fy_start is not None else found.within(fy)
    numeric = _NUMERIC_DATE.search(text)
    if numeric and 1 <= int(numeric.group("m")) <= 12 and 1 <= int(numeric.group("day")) <= 31:
        year = full_year(int(numeric.group("year")))
        number = int(numeric.group("m"))
        return ReportingPeriod(fy_of_month(number, year), month=number)
    quarter = _QUARTER_WORD.search(text)
    if quarter:
        return ReportingPeriod(fy, quarter=int(quarter.group("q")))
    return ReportingPeriod(fy) if fy is not None else None


def meeting_period(iso_date: str | None) -> ReportingPeriod | None:
    """The month of a meeting held on an ISO date, in its financial year."""
    m = _ISO.search(iso_date or "")
    if not m:
        return None
    month, year = int(m.group("m")), int(m.group("y"))
    return ReportingPeriod(fy_of_month(month, year), month=month) if 1 <= month <= 12 else None


_PERIOD_TEXT = (_DATE, _NUMERIC_DATE, _FY, _SHORT_FY, QUARTER, _QUARTER_WORD, MONTH_FY)


def strip_periods(text: str) -> str:
    """The text without the years, quarters, months and dates it names ('2025-26 Plans' -> ' Plans')."""
    for pattern in _PERIOD_TEXT:
        text = pattern.sub(" ", text)
    return _MONTH_WORD.sub(" ", text) if _MONTH_WORD.fullmatch(text.strip()) else text


@dataclass(frozen=True)
class PeriodSpan:
    """The months a period a person names covers ('Q1 2018-19' and 'Q1 2018/19': April to June
    2018; 'October 2023-24': one month; '2023-24': the year), both ends included."""

    label: str  # normalised: 'Q1 2018-19', 'October 2023-24', '2023-24'
    first: PeriodKey
    last: PeriodKey

    @property
    def whole_year(self) -> bool:
        return self.first.position == 1 and self.last.position == 12

    def contains(self, other: PeriodSpan) -> bool:
        """Whether `other` lies within this span (a month in its quarter, a quarter in its year;
        a whole year in no quarter)."""
        return self.first <= other.first and other.last <= self.last


def period_span(text: str) -> PeriodSpan | None:
    """The span a period label names; None when it names no financial year."""
    q = QUARTER.search(text)
    if q and financial_year(q.group("fy1"), q.group("fy2")):
        period = ReportingPeriod(int(q.group("fy1")), quarter=int(q.group("q")))
        end = period.key
        assert end is not None and period.label is not None
        return PeriodSpan(period.label, PeriodKey(end.fy_start, end.position - 2), end)
    month = MONTH_FY.search(text) or _MONTH_YEAR.search(text)
    key = period_key(text)
    if key is None:
        return None
    if month:
        period = ReportingPeriod(key.fy_start, month=(key.position + FY_START_MONTH - 2) % 12 + 1)
        return PeriodSpan(period.label or text, key, key)
    return PeriodSpan(ReportingPeriod(key.fy_start).label or text, PeriodKey(key.fy_start, 1), key)
