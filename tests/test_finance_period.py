"""Financial records carry the report's month ("October 2023-24") and canonical directorates,
on the cabinet pack's budget monitoring report and on built tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from extractor.parsers.finance import extract_financial_records
from extractor.parsers.finance_period import column_month, mentions
from extractor.pipeline import extract
from extractor.schemas.document import AgendaItem, Document, FinancialRecord, Paragraph, Table

BUDGET_REPORT_PAGES = range(7, 35)  # physical pages 8-35 of the pack: item 5, the budget report


@pytest.fixture(scope="module")
def budget_report(samples: Path, tmp_path_factory: pytest.TempPathFactory) -> Document:
    """The pack's budget monitoring report on its own (the whole pack takes ~30 s to read)."""
    reader = PdfReader(samples / "cabinet_pack_2024-01-04_A.pdf")
    writer = PdfWriter()
    for i in BUDGET_REPORT_PAGES:
        writer.add_page(reader.pages[i])
    path = tmp_path_factory.mktemp("finance") / "budget_report.pdf"
    with path.open("wb") as f:
        writer.write(f)
    return extract(path)


def _general_fund(doc: Document) -> list[FinancialRecord]:
    """Records of the first 'General Fund as at end of October' table (the summary)."""
    table = next(
        t for t in doc.tables if "general fund as at end of" in " ".join(sum(t.header_rows, [])).lower()
    )
    return [r for r in doc.financial_records if r.table_id == table.id]


def test_general_fund_records_carry_the_reports_month(budget_report: Document) -> None:
    records = _general_fund(budget_report)
    assert len(records) >= 40
    assert {r.period for r in records} == {"October 2023-24"}
    by_line = {r.line_item: r.directorate_canonical for r in records}
    assert by_line["Adult Social Care & Health"] == "Adult Social Care & Health"
    assert by_line["Deputy Chief Executive Department"] == "Deputy Chief Executive's Department"
    assert by_line["General Fund"] is None  # the total is no directorate's


def test_every_budget_record_has_a_period(budget_report: Document) -> None:
    records = budget_report.financial_records
    assert records and all(r.period for r in records)
    # 'Last Reported Position (Sep)' columns are September's figures
    assert {r.period for r in records} == {"October 2023-24", "September 2023-24"}
    with_directorate = [r for r in records if r.directorate_canonical]
    assert len(with_directorate) > 0.8 * len(records)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("As at October 2023-24", "October 2023-24"),
        ("the overall forecast position as at 31 October 2023-24, which is", "October 2023-24"),
        ("financial position as at the end October 2023.", "October 2023-24"),
        ("Budget Monitoring Report – October 2023-24", "October 2023-24"),
        ("spend by theme as at August 2022.", "August 2022-23"),
        ("forecast as at 31st March 2024", "March 2023-24"),
    ],
)
def test_mentions_are_normalised_to_month_and_financial_year(text: str, label: str) -> None:
    assert [m.label for m in mentions(text)] == [label]


def test_months_that_are_not_periods_are_not_read() -> None:
    assert mentions("The 12 months to September 2023 saw a 7% decrease") == []
    assert [column_month(h, 2023) for h in ("Decrease", "Forecast to 31 March 2024", "Marketing")] == [
        None,
        None,
        None,
    ]
    sep = column_month("Last Reported Position (Sep)", 2023)
    assert sep is not None and sep.label == "September 2023-24"


def _table(rows: list[list[str]], title: str | None = None, page: int = 5) -> Table:
    return Table(
        id="t1",
        pages=[page],
        bbox=[0, 0, 1, 1],
        title=title,
        header_rows=[["Service", "Budget £m", "Variance £m"]],
        rows=rows,
        units="£m",
    )


def test_the_agenda_items_title_gives_the_period_and_a_header_month_takes_its_year() -> None:
    item = AgendaItem(number="5", title="Budget Monitoring Report - June 2024-25", page_start=3, page_end=9)
    other = Paragraph(page=12, bbox=[0, 0, 1, 1], text="as at 31 December 2023-24")
    plain = _table([["Adult Social Care & Health", "1.0", "0.1"]])
    records = extract_financial_records([plain], [other], [item])
    assert {r.period for r in records} == {"June 2024-25"}
    headed = _table([["Adult Social Care & Health", "1.0", "0.1"]], title="Position as at end of May")
    assert {r.period for r in extract_financial_records([headed], [], [item])} == {"May 2024-25"}
    assert {r.period for r in extract_financial_records([plain], [], [])} == {None}


def test_directorate_totals_after_their_services_close_the_group() -> None:
    rows = [
        ["Demographic Growth", "1.2", "0.3"],
        ["Strategic Management (ASCH)", "5.4", "-1.7"],
        ["Housing Related Support", "1.5", "-0.1"],
        ["Adult Social Care & Health", "8.1", "-1.5"],
        ["Highways", "3.0", "0.2"],
        ["Waste", "2.0", "0.1"],
        ["Total - Chief Executive Department", "5.0", "0.3"],
        ["Total", "13.1", "-1.2"],
    ]
    records = extract_financial_records([_table(rows)], [])
    by_line = {r.line_item: r.directorate_canonical for r in records}
    asch, ced = "Adult Social Care & Health", "Chief Executive's Department"
    assert by_line == {
        "Demographic Growth": asch,
        "Strategic Management (ASCH)": asch,
        "Housing Related Support": asch,
        "Adult Social Care & Health": asch,
        "Highways": ced,
        "Waste": ced,
        "Total - Chief Executive Department": ced,
        "Total": None,
    }


def test_a_directorate_heading_carries_down_to_its_services() -> None:
    rows = [
        ["Growth, Environment & Transport", "", ""],
        ["Highways", "3.0", "0.2"],
        ["Waste", "2.0", "0.1"],
        ["Public Health", "", ""],
        ["Sexual Health", "1.0", "0.0"],
    ]
    records = extract_financial_records([_table(rows)], [])
    by_line = {r.line_item: r.directorate_canonical for r in records}
    assert by_line == {
        "Highways": "Growth, Environment & Transport",
        "Waste": "Growth, Environment & Transport",
        "Sexual Health": "Public Health",
    }
