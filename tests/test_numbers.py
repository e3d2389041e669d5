"""The number normaliser: the printed formats of council reports, and round trips of generated ones."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.schemas.numbers import detect_scale, detect_unit, parse_count_word, parse_number


@pytest.mark.parametrize(
    ("text", "unit", "value", "out_unit", "decimals", "gbp_m"),
    [
        ("£35.6m", None, 35.6, "£m", 1, 35.6),
        ("(6.0)", "£m", -6.0, "£m", 1, -6.0),
        ("1,318.3", "£m", 1318.3, "£m", 1, 1318.3),
        ("-5,451.8", "£k", -5451.8, "£k", 1, -5.4518),
        ("5,357", "£000s", 5357.0, "£000s", 0, 5.357),
        ("£2.8 million", "£k", 2.8, "£m", 1, 2.8),
        ("£550K", None, 550.0, "£k", 0, 0.55),
        ("£13.12m", None, 13.12, "£m", 2, 13.12),
        ("93%", None, 93.0, "%", 0, None),
        ("17%", "count", 17.0, "%", 0, None),
        ("+0.0", "£m", 0.0, "£m", 1, 0.0),
        ("-0.0", "£m", 0.0, "£m", 1, 0.0),
        ("+44.4", "£m", 44.4, "£m", 1, 44.4),
        ("c.£600k", None, 600.0, "£k", 0, 0.6),
        ("£50million", None, 50.0, "£m", 0, 50.0),
        ("£1230", None, 1230.0, "£", 0, 0.00123),
        ("£1,000,000", None, 1_000_000.0, "£", 0, 1.0),
        ("-£17.5m", None, -17.5, "£m", 1, -17.5),
        ("+£35.6m", None, 35.6, "£m", 1, 35.6),
        ("(£6.0m)", None, -6.0, "£m", 1, -6.0),
        ("\u22129.0", "£m", -9.0, "£m", 1, -9.0),
        ("11.7 million", None, 11_700_000.0, "count", 0, None),
        ("-21,600", "£k", -21600.0, "£k", 0, -21.6),
        ("8,130,356", "£", 8_130_356.0, "£", 0, 8.130356),
        ("112", "count", 112.0, "count", 0, None),
    ],
)
def test_printed_formats(
    text: str, unit: str | None, value: float, out_unit: str, decimals: int, gbp_m: float | None
) -> None:
    n = parse_number(text, unit)
    assert n is not None
    assert n.text == text
    assert n.value == pytest.approx(value)
    assert n.unit == out_unit
    assert n.decimals == decimals
    if gbp_m is None:
        assert n.value_gbp_m is None
    else:
        assert n.value_gbp_m == pytest.approx(gbp_m, abs=1e-12)


@pytest.mark.parametrize(
    "text",
    ["", " ", "-", "\u2013", "\u2014", "n/a", "N/A", "TBC", "nil", "*", "Green", "1,31", "23/00091", "(6.0"],
)
def test_no_value(text: str) -> None:
    assert parse_number(text, "£m") is None


@pytest.mark.parametrize(
    ("header", "unit", "scale"),
    [
        ("£m", "£m", 1e6),
        ("(£ 000s)", "£000s", 1e3),
        ("Section 106 developer contributions secured (£ 000s)", "£000s", 1e3),
        ("£000", "£000s", 1e3),
        ("£k", "£k", 1e3),
        ("23-24 one-off £k", "£k", 1e3),
        ("2023-24 Target £m", "£m", 1e6),
        ("Total Value (£m)", "£m", 1e6),
        ("Total Spend (£)", "£", 1.0),
        ("%", "%", 1.0),
        ("Total Calls (thousands)", "count", 1e3),
        ("Directorate", None, 1.0),
        ("General Fund projected +£35.6m overspend", None, 1.0),
    ],
)
def test_detect_unit(header: str, unit: str | None, scale: float) -> None:
    assert detect_unit(header) == unit
    assert detect_scale(header) == scale


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("seventeen", 17),
        ("Four", 4),
        ("one", 1),
        ("38", 38),
        ("twenty-one", 21),
        ("1,314", 1314),
        ("ninety nine", 99),
    ],
)
def test_count_words(text: str, count: int) -> None:
    assert parse_count_word(text) == count


@pytest.mark.parametrize("text", ["", "risks", "three risks", "first", "1.5"])
def test_not_count_words(text: str) -> None:
    assert parse_count_word(text) is None


# --- round trips: format a value the ways reports print it, parse it back -------------------------------

MAGNITUDES = st.integers(min_value=0, max_value=10**9)
DECIMALS = st.integers(min_value=0, max_value=3)


def _digits(units: int, decimals: int, separators: bool) -> str:
    """`units` in the last printed place, e.g. (54518, 1) -> '5,451.8'."""
    whole, frac = divmod(units, 10**decimals)
    head = f"{whole:,}" if separators else str(whole)
    return f"{head}.{frac:0{decimals}d}" if decimals else head


@given(
    units=MAGNITUDES,
    decimals=DECIMALS,
    separators=st.booleans(),
    negative=st.booleans(),
    style=st.sampled_from(["minus", "brackets", "unicode", "plus"]),
    unit=st.sampled_from(["£m", "£k", "£000s", "£", "%", "count", None]),
)
def test_round_trip_signed_cells(
    units: int, decimals: int, separators: bool, negative: bool, style: str, unit: str | None
) -> None:
    body = _digits(units, decimals, separators)
    if not negative:
        text = "+" + body if style == "plus" else body
    else:
        text = {"minus": "-" + body, "brackets": f"({body})", "unicode": "\u2212" + body, "plus": "-" + body}[
            style
        ]
    n = parse_number(text, unit)
    assert n is not None
    expected = units / 10**decimals * (-1 if negative else 1)
    assert math.isclose(n.value, expected, rel_tol=1e-12, abs_tol=1e-12)
    assert n.decimals == decimals
    assert n.unit == unit
    factor = {"£m": 1.0, "£k": 1e-3, "£000s": 1e-3, "£": 1e-6}.get(unit or "")
    if factor is None:
        assert n.value_gbp_m is None
    else:
        assert n.value_gbp_m is not None
        assert math.isclose(n.value_gbp_m, expected * factor, rel_tol=1e-12, abs_tol=1e-15)


@given(
    units=st.integers(min_value=0, max_value=10**7),
    decimals=DECIMALS,
    separators=st.booleans(),
    negative=st.booleans(),
    suffix=st.sampled_from(
        [("m", 1.0), ("M", 1.0), (" million", 1.0), ("million", 1.0), ("k", 1e-3), ("K", 1e-3)]
    ),
    sign_first=st.booleans(),
    header_unit=st.sampled_from(["£m", "£k", "£", None]),
)
def test_round_trip_money_in_text(
    units: int,
    decimals: int,
    separators: bool,
    negative: bool,
    suffix: tuple[str, float],
    sign_first: bool,
    header_unit: str | None,
) -> None:
    body = _digits(units, decimals, separators)
    sign = "-" if negative else ""
    text = f"{sign}£{body}{suffix[0]}" if sign_first else f"£{sign}{body}{suffix[0]}"
    n = parse_number(text, header_unit)  # the text's own unit wins over the header's
    assert n is not None
    expected = units / 10**decimals * (-1 if negative else 1)
    assert n.unit == ("£k" if suffix[1] < 1 else "£m")
    assert math.isclose(n.value, expected, rel_tol=1e-12, abs_tol=1e-12)
    assert n.value_gbp_m is not None
    assert math.isclose(n.value_gbp_m, expected * suffix[1], rel_tol=1e-12, abs_tol=1e-15)


@given(units=MAGNITUDES, decimals=DECIMALS, negative=st.booleans())
def test_round_trip_percent(units: int, decimals: int, negative: bool) -> None:
    body = _digits(units, decimals, False)
    n = parse_number(("-" if negative else "") + body + "%", "£m")
    assert n is not None and n.unit == "%" and n.value_gbp_m is None
    assert math.isclose(n.value, units / 10**decimals * (-1 if negative else 1), abs_tol=1e-12)


@given(st.text(alphabet=st.sampled_from("abcdefghij -–—/*"), max_size=12))
def test_words_and_dashes_are_not_numbers(text: str) -> None:
    assert parse_number(text, "£m") is None


@given(st.integers(min_value=0, max_value=999))
def test_count_words_round_trip(n: int) -> None:
    ones = (
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen"
    ).split()
    tens = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()

    def words(k: int) -> str:
        if k < 20:
            return ones[k]
        if k < 100:
            return tens[k // 10] + ("" if k % 10 == 0 else "-" + ones[k % 10])
        rest = k % 100
        return ones[k // 100] + " hundred" + ("" if rest == 0 else " and " + words(rest))

    assert parse_count_word(words(n)) == n
    assert parse_count_word(words(n).capitalize()) == n
