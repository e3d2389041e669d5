"""Order reporting periods as printed ('October 2023-24', 'Q2 2023/24', '2023-24', 'September 2023').

UK councils' financial year runs April to March, so a period's place in time is (the year the
financial year starts, the month's position in it: April = 1 ... March = 12).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = "january february march april may june july august september october november december".split()
_MONTH = re.compile(r"\b(" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?\s+(?P<year>(?:19|20)\d{2})", re.I)
FY_PATTERN = r"(?P<fy1>(?:19|20)\d{2})\s*[/\-–]\s*(?P<fy2>(?:19|20)?\d{2})"
_FY = re.compile(rf"\b{FY_PATTERN}\b")
QUARTER = re.compile(
    rf"\b(?:Quarter|Qtr|Q)\s*(?P<q>[1-4])\s*(?:,|of|\s)\s*(?:the\s+)?(?:financial\s+year\s+)?{FY_PATTERN}\b",
    re.IGNORECASE,
)
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-\d{2}\b")
FY_START_MONTH = 4


def financial_year(first: str, second: str) -> str | None:
    """'2023', '24' -> '2023/24'; '2023', '2024' -> '2023/24'; None if not consecutive years."""
    start = int(first)
    end = int(second[-2:])
    if (start + 1) % 100 != end:
        return None
    return f"{start}/{end:02d}"


@dataclass(frozen=True, order=True)
class PeriodKey:
    fy_start: int
    position: int  # 1..12 months into the financial year; 12 for a whole year

    @property
    def financial_year(self) -> str:
        return f"{self.fy_start}/{(self.fy_start + 1) % 100:02d}"


def _from_month(month: int, year: int) -> PeriodKey:
    fy_start = year if month >= FY_START_MONTH else year - 1
    return PeriodKey(fy_start, (month - FY_START_MONTH) % 12 + 1)


def fy_start(text: str) -> int | None:
    m = _FY.search(text)
    if m and financial_year(m.group("fy1"), m.group("fy2")):
        return int(m.group("fy1"))
    return None


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
    month = _MONTH.search(text)
    if month:
        number = [m[:3] for m in MONTHS].index(month.group(1)[:3].lower()) + 1
        year = int(month.group("year"))
        start = fy_start(text[month.start() :])
        if start is not None:  # 'October 2023-24': the month within that financial year
            year = start if number >= FY_START_MONTH else start + 1
        return _from_month(number, year)
    iso = _ISO.search(text)
    if iso:
        return _from_month(int(iso.group("m")), int(iso.group("y")))
    start = fy_start(text)
    return PeriodKey(start, 12) if start is not None else None
