"""One number normaliser for table cells, captions and narrative figures.

A printed number keeps its text, its signed value in the printed unit, the number of decimals
printed (rounding tolerance depends on it) and, for money, its value in £m. Vocabulary (null
cell words, suffixes, header unit patterns, number words) lives in `schemas/vocab/numbers.json`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from extractor.schemas.vocabulary import load_vocab

MONEY_UNITS = ("£m", "£k", "£000s", "£")
# How many £m one printed unit of each money unit is worth.
GBP_M_FACTOR = {"£m": 1.0, "£k": 1e-3, "£000s": 1e-3, "£": 1e-6}
# Extra decimals the conversion to £m adds, so float noise is rounded away.
_GBP_M_SHIFT = {"£m": 0, "£k": 3, "£000s": 3, "£": 6}

# Dashes and minus signs a PDF text layer uses for "minus"; a lone one means "no value".
MINUS_CHARS = "-\u2212\u2013\u2014\u2012\u2011"
_MINUS_CLASS = re.escape(MINUS_CHARS)
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
_FOOTNOTE_TAIL = re.compile(r"[\*\u2020\u2021\u00b9\u00b2\u00b3\u2070-\u2079]+$")


@dataclass(frozen=True, slots=True)
class Number:
    text: str  # the original text
    value: float  # signed value in the printed unit ("(6.0)" -> -6.0, "1,318.3" -> 1318.3)
    unit: str | None  # "£m", "£k", "£000s", "£", "%", "count" or None
    decimals: int  # digits printed after the point (rounding tolerance depends on it)
    value_gbp_m: float | None  # money converted to £m; None if not money
    approximate: bool = False  # printed with "c.", "approx", "~"

    @property
    def is_money(self) -> bool:
        return self.unit in MONEY_UNITS

    @property
    def half_unit(self) -> float:
        """Half of one unit of the last printed digit: the rounding radius of the printed value."""
        return 0.5 * 10 ** (-self.decimals)


def vocab() -> dict[str, Any]:
    return load_vocab("numbers")


@lru_cache(maxsize=1)
def _number_pattern() -> re.Pattern[str]:
    v = vocab()
    words = sorted(set(v["money_suffixes"]) | set(v["count_suffixes"]), key=len, reverse=True)
    percent = sorted(v["percent_suffixes"], key=len, reverse=True)
    suffix = "|".join(re.escape(w) for w in [*percent, *words])
    sign = rf"[+{_MINUS_CLASS}]"
    return re.compile(
        rf"""^
        (?P<approx>(?:c\.?|ca\.?|circa|approx\.?|approximately|~)\s*)?
        (?P<s1>{sign})?\s*
        (?P<open>\()?\s*
        (?P<s2>{sign})?\s*
        (?P<cur>£)?\s*
        (?P<s3>{sign})?\s*
        (?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
        \s*(?P<suffix>{suffix})?
        \s*(?P<close>\))?
        $""",
        re.VERBOSE | re.IGNORECASE,
    )


def _clean(text: str) -> str:
    t = _SPACES.sub(" ", text).strip()
    return _FOOTNOTE_TAIL.sub("", t).strip()


def _gbp_m(value: float, unit: str, decimals: int) -> float:
    return round(value * GBP_M_FACTOR[unit], decimals + _GBP_M_SHIFT[unit] + 2) + 0.0


def is_null_cell(text: str) -> bool:
    """Blank, a lone dash or a null word ('n/a', 'TBC'...): a cell that prints no value."""
    return _prints_nothing(_clean(text))


@lru_cache(maxsize=1)
def _null_words() -> frozenset[str]:
    return frozenset(vocab()["null_cells"])


def _prints_nothing(cleaned: str) -> bool:
    return cleaned.lower() in _null_words() or all(c in MINUS_CHARS for c in cleaned)


def parse_number(text: str, unit: str | None = None) -> Number | None:
    """A table cell or a figure. `unit` is the unit known from the table header/caption; the text's own
    unit (`£2.8 million`, `£550K`, `93%`) wins. Blank, dashes, 'n/a', 'TBC', words -> None."""
    cleaned = _clean(text)
    if _prints_nothing(cleaned):
        return None
    m = _number_pattern().match(cleaned)
    if not m or bool(m["open"]) != bool(m["close"]):
        return None
    signs = [s for s in (m["s1"], m["s2"], m["s3"]) if s]
    if len(signs) > 1:
        return None
    negative = bool(m["open"]) or (bool(signs) and signs[0] != "+")
    digits = m["num"].replace(",", "")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    value = float(digits)
    suffix = (m["suffix"] or "").lower()
    v = vocab()
    out_unit = unit
    if suffix in v["percent_suffixes"]:
        out_unit = "%"
    elif m["cur"] and suffix in v["money_suffixes"]:
        out_unit, factor = v["money_suffixes"][suffix]
        if factor != 1.0:  # £bn is reported in £m: keep the printed precision
            value *= factor
            decimals = max(0, decimals - len(str(int(factor))) + 1)
    elif m["cur"]:
        out_unit = unit if unit in MONEY_UNITS else "£"
    elif suffix and unit in MONEY_UNITS and suffix in v["money_suffixes"]:
        out_unit, factor = v["money_suffixes"][suffix]
        value *= factor
    elif suffix:
        # "11.7 million" with no £ is a count, written out in full
        scale = v["count_suffixes"][suffix]
        value = round(value * scale, max(0, decimals - len(str(int(scale))) + 1))
        decimals = max(0, decimals - len(str(int(scale))) + 1)
        out_unit = "count" if unit not in ("%",) else unit
    value = -value if negative else value
    value = value + 0.0  # no "-0.0": the printed sign stays in `text`
    gbp = _gbp_m(value, out_unit, decimals) if out_unit in MONEY_UNITS else None
    return Number(
        text=text,
        value=value,
        unit=out_unit,
        decimals=decimals,
        value_gbp_m=gbp,
        approximate=bool(m["approx"]),
    )


@lru_cache(maxsize=1)
def _header_units() -> list[tuple[re.Pattern[str], str, float]]:
    return [(re.compile(h["pattern"], re.IGNORECASE), h["unit"], h["scale"]) for h in vocab()["header_units"]]


@lru_cache(maxsize=1 << 12)  # every header cell of every table asks, and most are the same few texts
def detect_unit_and_scale(text: str) -> tuple[str | None, float]:
    """The unit named by a header, units row or caption, and the factor from printed to plain value."""
    t = _SPACES.sub(" ", text)
    for pattern, unit, scale in _header_units():
        if pattern.search(t):
            return unit, scale
    return None, 1.0


def detect_unit(text: str) -> str | None:
    """A unit from a header, units row or caption: '£m', '(£ 000s)', '£000', '£k', '%', '£', 'thousands' ...

    Counts in thousands give "count"; `detect_scale` says by how much they are scaled."""
    return detect_unit_and_scale(text)[0]


def detect_scale(text: str) -> float:
    """1000 for "(thousands)" or "£000s", 1e6 for "£m" ...: printed value times this is the plain quantity."""
    return detect_unit_and_scale(text)[1]


def parse_count_word(text: str) -> int | None:
    """A count in digits or words: "seventeen" -> 17, "Four" -> 4, "twenty-one" -> 21, "38" -> 38."""
    t = _SPACES.sub(" ", text).strip().lower()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", t):
        return int(t.replace(",", ""))
    v = vocab()
    words, multipliers = v["number_words"], v["number_multipliers"]
    parts = [p for p in re.split(r"[\s-]+", t) if p and p != "and"]
    if not parts:
        return None
    total, current = 0, 0
    for p in parts:
        if p in words:
            current += int(words[p])
        elif p in multipliers and current:
            current *= int(multipliers[p])
            if multipliers[p] >= 1000:
                total, current = total + current, 0
        else:
            return None
    return total + current
