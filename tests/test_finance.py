"""Financial records from budget tables: directorate, measure, value in £m, provenance."""

from __future__ import annotations

from extractor.parsers.finance import extract_financial_records
from extractor.schemas.document import Table


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
    assert first.measure == "23-24 one-off £k" and first.value == -5451.8 and first.value_gbp_m == -5.4518
    assert first.period == "October 2023-24" and first.page == 21 and first.bbox == [300.0, 10.0, 340.0, 20.0]
    assert [r.text for r in records] == ["-5,451.8", "-5,451.8", "0.0"]  # 'Delivered' is not a value
    assert records[1].page == 22 and records[1].directorate == "ASCH"  # the group's total row


def test_count_tables_give_no_financial_records() -> None:
    t = Table(
        id="t1",
        pages=[1],
        bbox=[0, 0, 1, 1],
        header_rows=[["Area", "Calls"]],
        rows=[["A", "12"]],
        units="count",
    )
    assert extract_financial_records([t], []) == []
