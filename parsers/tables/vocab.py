"""Small cell classifiers the table stages share: is a cell a number, is it a unit label."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"^[+\-−–]?\(?[+\-−–]?[£$]?\d[\d,]*(\.\d+)?\)?\s*(%|m|k|bn)?$", re.IGNORECASE)
_UNIT = re.compile(r"^\(?\s*(£\s*m|£\s*k|£\s*000'?s?|£|%|£\s*bn|no\.?|number|nos)\s*\)?$", re.IGNORECASE)


def is_numeric_cell(text: str) -> bool:
    return bool(_NUMBER.match(text.strip().replace(" ", "")))


def is_unit_cell(text: str) -> bool:
    return bool(_UNIT.match(text.strip()))


def table_units(header_rows: list[list[str]], title: str | None) -> str | None:
    """The table's unit from its header cells (a units row, or '£m' inside each header) or caption."""
    from collections import Counter

    from extractor.normalise.numbers import detect_unit

    found = Counter(u for row in header_rows for cell in row if cell and (u := detect_unit(cell)))
    if not found and title:
        unit = detect_unit(title)
        return unit
    if not found:
        return None
    money = [u for u, _ in found.most_common() if u.startswith("£")]
    return money[0] if money else found.most_common(1)[0][0]
