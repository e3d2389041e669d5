"""Financial records from budget tables: directorate, measure, value in £m, period, provenance; no
record from page furniture, reference columns, unsound or non-money tables."""

from __future__ import annotations

import pytest

from extractor.parsers.finance import extract_financial_records, is_furniture
from extractor.parsers.finance_columns import canonical_measure
from extractor.schemas.document import Meeting, Table


def _table(
    header_rows: list[list[str]], rows: list[list[str]], units: str | None = "£m", title: str | None = None
) -> Table:
    return Table(
        id="t1", pages=[4], bbox=[0, 0, 1, 1], title=title, header_rows=header_rows, rows=rows, units=units
    )


def test_records_carry_directorate_measure_unit_and_provenance() -> None:
    rows = [
        ["ASCH", "Hold vacancies", "-5,451.8", "Delivered"],
        ["", "", "-5,451.8", "0.0"],
    ]
    t = Table(
        id="t9",
        pages=[21],
        bbox=[0, 0, 1, 1],
        title="Management Action as at October 2023-24",
        header_rows=[["Directorate", "Details", "23-24 one-off £k", "23-24 recurring £k"]],
        rows=rows,
        units="£k",
        row_pages=[21, 22],
        cell_bboxes=[
            [None, None, [300.0, 10.0, 340.0, 20.0], None],
            [None, None, [300.0, 30.0, 340.0, 40.0], None],
        ],
    )
    records = extract_financial_records([t], [])
    first = records[0]
    assert (first.directorate, first.directorate_canonical) == ("ASCH", "Adult Social Care & Health")
    assert first.line_item == "Hold vacancies"  # the description, not the directorate column
    assert (first.measure, first.measure_canonical) == ("one-off", "one-off")  # its year is the period
    assert first.value == -5451.8 and first.value_gbp_m == -5.4518
    assert (first.period, first.period_source) == ("October 2023-24", "column+caption")
    assert first.page == 21 and first.bbox == [300.0, 10.0, 340.0, 20.0]
    assert [r.text for r in records] == ["-5,451.8", "-5,451.8", "0.0"]  # 'Delivered' is not a value
    assert records[1].page == 22 and records[1].line_item == "(unlabelled total)"


def test_count_tables_give_no_financial_records() -> None:
    t = _table([["Area", "Calls"]], [["A", "12"]], units="count")
    assert extract_financial_records([t], []) == []


def test_reference_columns_and_page_furniture_give_no_records() -> None:
    rows = [
        ["1", "Adult Social Care & Health", "527.5", "31.3"],
        ["2", "Growth, Environment & Transport", "195.5", "0.0"],
        ["3", "141 P a g e 1", "12.0", "1.0"],
        ["4", "Page 3 of 12", "3.0", "4.0"],
        ["5", "Total", "723.0", "31.3"],
    ]
    t = _table([["Row Ref", "Directorate", "Budget", "Variance"], ["", "", "£000s", "£000s"]], rows, None)
    records = extract_financial_records([t], [])
    assert {r.measure for r in records} == {"Budget", "Variance"}
    assert {r.line_item for r in records} == {
        "Adult Social Care & Health",
        "Growth, Environment & Transport",
        "Total",
    }
    assert {r.value_gbp_m for r in records if r.measure == "Budget"} == {0.5275, 0.1955, 0.723}


def test_bare_row_numbers_without_a_header_are_no_money_column() -> None:
    rows = [[str(i), f"Service {i}", f"{i}.5"] for i in range(1, 6)]
    t = _table([["", "Service", "Budget £m"]], rows)
    records = extract_financial_records([t], [])
    assert {r.measure for r in records} == {"Budget"} and len(records) == 5


@pytest.mark.parametrize(
    "label", ["141 P a g e 1", "25 P a", "Page 3 of 12", "Page 7", "3 of 12", "Agenda Item 5", "OFFICIAL"]
)
def test_page_furniture_is_recognised(label: str) -> None:
    assert is_furniture(label)


@pytest.mark.parametrize("label", ["Pay", "Pages Printed", "Adult Social Care & Health", "Page Street Depot"])
def test_line_items_are_not_furniture(label: str) -> None:
    assert not is_furniture(label)


@pytest.mark.parametrize(
    ("header", "measure"),
    [
        ("Revenue Budget", "budget"),
        ("Revenue Forecast Outturn", "forecast"),
        ("Net Revenue Forecast Variance", "variance"),
        ("Updated Net Revenue Variance", "updated variance"),
        ("Last reported position", "last reported"),
        ("Spend to date", "spend to date"),
        ("2023-24 Target", "savings target"),
        ("Outturn", "outturn"),
        ("Core", None),
    ],
)
def test_measures_come_from_the_columns_own_header(header: str, measure: str | None) -> None:
    assert canonical_measure(header) == measure


def test_a_percentage_or_likelihood_column_in_a_money_table_is_not_money() -> None:
    rows = [["Adult Social Care & Health", "527.5", "5.9%", "4"], ["Public Health", "70.0", "1.0%", "2"]]
    header = [["Directorate", "Budget £m", "Variance %", "Likelihood (1-5)"]]
    records = extract_financial_records([_table(header, rows)], [])
    assert {r.measure for r in records} == {"Budget"}


def test_an_unsound_reading_gives_no_records() -> None:
    # two columns' years run together in one header cell, and figures beyond the last header
    glued = _table([["Item", "2025-26 2026-27", ""]], [["Pay", "1.0", "2.0"], ["Prices", "3.0", "4.0"]])
    beyond = _table([["Item", "Budget"]], [["Pay", "1.0", "2.0", "5.0"], ["Prices", "3.0", "4.0", "6.0"]])
    assert extract_financial_records([glued, beyond], []) == []


def test_one_directorate_named_in_a_table_is_no_section() -> None:
    """A developer contributions table with one row for adult social care: the rows under it are not
    the directorate's."""
    rows = [
        ["Education", "1.0"],
        ["Adult Social Care", "0.5"],
        ["Libraries", "0.1"],
        ["Highways", "2.0"],
    ]
    records = extract_financial_records([_table([["Service", "Contribution £m"]], rows)], [])
    by_line = {r.line_item: r.directorate_canonical for r in records}
    assert by_line == {
        "Education": None,
        "Adult Social Care": "Adult Social Care & Health",
        "Libraries": None,
        "Highways": None,
    }


def test_period_from_column_then_caption_then_report_then_meeting() -> None:
    header = [["Directorate", "2022-23 Outturn", "Budget", "Forecast"]]
    rows = [["Public Health", "1.0", "2.0", "3.0"]]
    meeting = Meeting(body="Cabinet", date="2024-01-04")
    report = [(4, "This report sets out the revenue position as at the end of November 2023-24.")]

    def periods(title: str | None, texts: list[tuple[int, str]]) -> list[tuple[str | None, str | None]]:
        records = extract_financial_records([_table(header, rows, title=title)], texts, None, meeting)
        return [(r.period, r.period_source) for r in records]

    assert periods("Revenue monitoring Quarter 2 2023-24", report) == [
        ("2022-23", "column"),
        ("Q2 2023-24", "caption"),
        ("Q2 2023-24", "caption"),
    ]
    assert periods(None, report)[1:] == [("November 2023-24", "report")] * 2
    assert periods(None, [])[1:] == [("January 2023-24", "meeting")] * 2


def test_a_table_captioned_by_a_directorate_is_its_section() -> None:
    rows = [["Home Support Fund", "250"], ["Good Day Programme", "0"]]
    t = _table([["Project", "2029-30 £000s"]], rows, None, title="Adult Social Care & Health (ASCH)")
    records = extract_financial_records([t], [])
    assert {(r.directorate, r.directorate_canonical) for r in records} == {
        ("Adult Social Care & Health (ASCH)", "Adult Social Care & Health")
    }
