"""Small cell classifiers the table stages share: is a cell a number, is it a unit label."""

from __future__ import annotations

import re
from functools import lru_cache

_NUMBER = re.compile(r"^[+\-−–]?\(?[+\-−–]?[£$]?\d[\d,]*(\.\d+)?\)?\s*(%|m|k|bn)?$", re.IGNORECASE)
# "£000s" is also spelt "£'000s" and "£000's" (straight or curly)
_UNIT = re.compile(
    r"^\(?\s*(£\s*m|£\s*k|£\s*['’]?000['’]?s?|£|%|£\s*bn|no\.?|number|nos)\s*\)?$", re.IGNORECASE
)


@lru_cache(maxsize=1 << 14)  # the table stages ask again and again about the same few texts
def is_numeric_cell(text: str) -> bool:
    return bool(_NUMBER.match(text.strip().replace(" ", "")))


def is_unit_cell(text: str) -> bool:
    return bool(_UNIT.match(text.strip()))


def table_units(
    header_rows: list[list[str]], title: str | None, rows: list[list[str]] | None = None
) -> str | None:
    """The table's unit from its header cells (a units row, or '£m' inside each header) or caption;
    failing those, a body of whole numbers is a table of counts and a body of percentages is '%'."""
    from collections import Counter

    from extractor.schemas.numbers import detect_unit

    found = Counter(u for row in header_rows for cell in row if cell and (u := detect_unit(cell)))
    caption = detect_unit(title) if title else None
    if not found and caption and caption.startswith("£"):
        return caption  # a money caption: "(£ 000s)", "Total Value (£m)"
    if found:
        money = [u for u, _ in found.most_common() if u.startswith("£")]
        return money[0] if money else found.most_common(1)[0][0]
    values = [c.strip() for r in rows or [] for c in r[1:] if c.strip() and is_numeric_cell(c)]
    if not values:
        return caption
    from extractor.schemas.numbers import parse_number

    # figures that carry their own unit ("£585.9m", "+£0.3m")
    own = Counter(
        n.unit for v in values if (n := parse_number(v)) is not None and n.unit and n.unit.startswith("£")
    )
    if own and own.most_common(1)[0][1] >= 0.6 * len(values):
        return own.most_common(1)[0][0]
    if all(v.endswith("%") for v in values):
        return "%"
    if all(_WHOLE.match(v) for v in values):
        return "count"
    return None


_WHOLE = re.compile(r"^\(?-?\d{1,3}(,\d{3})*\)?$|^\(?-?\d+\)?$")
