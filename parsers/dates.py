"""Meeting dates and times as council documents print them.

"Thursday, 4th January, 2024, at 10.00 am", "15th December, 2022 at 10.00 am", "9 th January 2025",
"Thursday, 13th" / "February, 2025" / "at 9.30 am" (joined by the caller). Month and weekday names
come from `schemas/vocab/meetings.json`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from extractor.schemas.vocabulary import load_vocab


@dataclass(frozen=True)
class DateMention:
    date: str  # ISO YYYY-MM-DD
    time: str | None  # HH:MM, 24-hour, when a time follows the date
    has_weekday: bool
    start: int  # character offsets in the searched text
    end: int


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    vocab = load_vocab("meetings")
    weekdays = "|".join(vocab["weekdays"])
    months = "|".join(vocab["months"])
    return re.compile(
        rf"(?:(?P<weekday>{weekdays}),?\s+)?"
        rf"(?P<day>\d{{1,2}})\s*(?:st|nd|rd|th)?\s+(?P<month>{months}),?\s+(?P<year>\d{{4}})"
        r"(?:,?\s*(?:at|commencing at|from)?\s*"
        r"(?P<hour>\d{1,2})(?:[.:](?P<minute>\d{2}))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?|noon)(?![a-z]))?",
        re.IGNORECASE,
    )


def _clock(hour: str, minute: str | None, ampm: str) -> str | None:
    h, m = int(hour), int(minute or 0)
    if h > 12 or m > 59:
        return None
    marker = ampm.lower().replace(".", "")
    if marker == "pm" and h != 12:
        h += 12
    elif marker == "am" and h == 12:
        h = 0
    return f"{h:02d}:{m:02d}"


def find_dates(text: str) -> list[DateMention]:
    """Every date in `text`, with the time printed right after it (if any)."""
    months = load_vocab("meetings")["months"]
    found: list[DateMention] = []
    for m in _pattern().finditer(text):
        day, year = int(m.group("day")), int(m.group("year"))
        month = months.index(m.group("month").lower()) + 1
        try:
            date(year, month, day)
        except ValueError:  # '31st February': no date
            continue
        time = _clock(m.group("hour"), m.group("minute"), m.group("ampm")) if m.group("hour") else None
        found.append(
            DateMention(
                date=f"{year:04d}-{month:02d}-{day:02d}",
                time=time,
                has_weekday=bool(m.group("weekday")),
                start=m.start(),
                end=m.end(),
            )
        )
    return found


def meeting_date(text: str) -> DateMention | None:
    """The date a notice is about: the first one with a time, else the first with a weekday, else the
    first (publication dates come later and carry no time)."""
    dates = find_dates(text)
    for wanted in (lambda d: d.time is not None, lambda d: d.has_weekday, lambda d: True):
        for d in dates:
            if wanted(d):
                return d
    return None
