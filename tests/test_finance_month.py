"""Financial records carry the report's month ("October 2023-24") and canonical directorates,
on the cabinet pack's budget monitoring report and on built tables."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter

from extractor.cli import cli
from extractor.parsers.finance import extract_financial_records
from extractor.pipeline import extract
from extractor.schemas.document import AgendaItem, Document, FinancialRecord, Table
from extractor.schemas.labels import directorate
from extractor.schemas.numbers import parse_number
from extractor.schemas.periods import column_period, mentions
from tests.builtdocs import stored

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
    # 'Last Reported Position (Sep)' columns are September's figures, '2022-23' columns last year's
    # outturn and '24-25' columns of the management actions next year's
    assert {r.period for r in records} == {"October 2023-24", "September 2023-24", "2022-23", "2024-25"}
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
    assert [column_period(h) for h in ("Decrease", "12 months to 30 September 2023", "Marketing")] == [
        None,
        None,
        None,
    ]
    sep = column_period("Last Reported Position (Sep)")
    assert sep is not None and sep.within(2023).label == "September 2023-24"


@pytest.mark.parametrize(
    ("header", "label"),
    [
        ("2024-25 Budget", "2024-25"),
        ("Outturn 2023/24 £m", "2023-24"),
        ("23-24 one-off £k", "2023-24"),
        ("Q3 2024-25 Forecast", "Q3 2024-25"),
        ("Forecast to 31 March 2024", "2023-24"),
        ("Market Value at 30-September-24", "September 2024-25"),
        ("Oct-23", "October 2023-24"),
    ],
)
def test_column_headers_name_a_year_quarter_or_month(header: str, label: str) -> None:
    found = column_period(header)
    assert found is not None and found.label == label


def test_a_range_of_years_is_no_period() -> None:
    assert column_period("Capital programme 2025-26 to 2034-35") is None


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
    other = (12, "as at 31 December 2023-24")  # another report's page
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


# The budget monitoring tables of the report (truth ids) and how each groups its rows by directorate:
# 'own' (a row per directorate), 'heading' (a directorate row heads its items), 'closing' (each
# directorate's total follows its services; a repeated header starts the next section).
BUDGET_TABLES = {
    "t3": "own",
    "t4": "own",
    "t5": "own",
    "t7": "own",
    "t6": "heading",
    "t15": "closing",
    "t17": "closing",
}
TRUTH_MEASURES = {
    "revenue budget": "budget",
    "revenue forecast outturn": "forecast",
    "net revenue forecast variance": "variance",
    "last reported position": "last reported",
    "last reported position (sep)": "last reported",
    "movement": "movement",
    "management action": "management action",
    "updated net revenue variance": "updated variance",
    "outturn": "outturn",
    "forecast": "forecast",
    "variance": "variance",
    "previous year saving delivered in 2023-24": "savings",
    "2023-24 target": "savings target",
    "not achieved in 2023-24": "savings not achieved",
    "alternative saving (ongoing)": "savings",
    "alternative saving (one-off)": "savings",
    "saving no longer required": "savings",
    "saving not deliverable": "savings not achieved",
    "over recovery of saving": "savings",
    "forecast savings 2023-24": "savings",
    "23-24 one-off": "one-off",
    "23-24 recurring": "recurring",
    "total 2023-24": "total",
}
Expected = tuple[str, str | None, str | None, float | None, str | None]


def _unitless(text: str) -> str:
    return re.sub(r"\s*£[mk]\b|\(\+/-\)|\+/-", "", text).strip().lower()


def _truth_directorate(label: str) -> str | None:
    """The directorate a label names, with or without 'Total -', or by its abbreviation in brackets."""
    bracketed = re.search(r"\(([A-Z]{2,6})\)", label)
    found = directorate(re.sub(r"^total\s*-\s*", "", label, flags=re.I)) or (
        directorate(bracketed.group(1)) if bracketed else None
    )
    return found[0] if found else None


def _truth_directorates(rows: list[list[str]], labels: list[str], grouping: str) -> list[str | None]:
    own = [_truth_directorate(label) for label in labels]
    if grouping == "own":
        return own
    out: list[str | None] = []
    if grouping == "heading":
        current = None
        for label, d in zip(labels, own, strict=True):
            current = d or (None if label.lower() == "total" else current)
            out.append(current)
        return out
    current = None
    for row, d in zip(reversed(rows), reversed(own), strict=True):
        if d:
            current = d
        elif "Revenue Budget" in row:
            current = None
        out.append(current)
    return out[::-1]


def _truth_records(truth: dict[str, Any]) -> Counter[Expected]:
    """Every money cell of the budget tables as (line item, measure, period, £m, directorate)."""
    expected: Counter[Expected] = Counter()
    for table in truth["tables"]:
        grouping = BUDGET_TABLES.get(table["id"])
        if grouping is None:
            continue
        width = max(len(r) for r in table["header_rows"])
        leaf = [
            next((h[c] for h in reversed(table["header_rows"]) if _unitless(h[c])), "") for c in range(width)
        ]
        group = ["" for _ in range(width)]
        for c in range(width):  # the year over its three columns
            group[c] = next(
                (table["header_rows"][0][k] for k in range(c, -1, -1) if table["header_rows"][0][k]), ""
            )
        rows = table["rows"]
        labels = [next((c for c in row if c and parse_number(c) is None), "") for row in rows]
        directorates = _truth_directorates(rows, labels, grouping)
        for row, label, found in zip(rows, labels, directorates, strict=True):
            for c, text in enumerate(row):
                number = parse_number(text, table["units"]) if text else None
                if number is None or not label:
                    continue
                header = f"{group[c]} {leaf[c]}"
                period = (
                    "2022-23"
                    if "2022-23" in header
                    else "September 2023-24"
                    if "(Sep)" in header
                    else "October 2023-24"
                )
                measure = TRUTH_MEASURES[_unitless(leaf[c])]
                expected[(label, measure, period, number.value_gbp_m, found)] += 1
    return expected


def test_every_budget_monitoring_record_is_right(budget_report: Document, samples: Path) -> None:
    """Directorate, measure, period and £m of every cell of the report's budget tables, as the truth."""
    expected = _truth_records(json.loads((samples / "cabinet_pack_2024-01-04_A.truth.json").read_text()))
    labels = {e[0] for e in expected}
    found: Counter[Expected] = Counter(
        (r.line_item, r.measure_canonical, r.period, r.value_gbp_m, r.directorate_canonical)
        for r in budget_report.financial_records
        if r.line_item in labels and r.measure_canonical in TRUTH_MEASURES.values()
    )
    assert sum(expected.values()) > 1000
    assert expected - found == Counter()  # every truth record read right
    assert found - expected == Counter()  # nothing else on those lines


def test_a_directorates_variance_is_one_point_per_period(budget_report: Document, tmp_path: Path) -> None:
    """`series --kind finance --directorate "Adult Social Care" --measure variance` on a store holding
    the report twice (as a pack and as its own appendix): every series has one point per period, and
    the directorate's own line carries each of its sources."""
    db = tmp_path / "samples.duckdb"
    appendix = budget_report.model_copy(deep=True)
    appendix.source.sha256, appendix.source.path = "0" * 64, "appendix.pdf"
    stored(db, budget_report, appendix)
    command = ["series", "--db", str(db), "--kind", "finance", "--directorate", "Adult Social Care"]
    result = CliRunner().invoke(cli, [*command, "--measure", "variance"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["rows"]
    assert rows and all(r["directorate"] == "Adult Social Care & Health" for r in rows)
    seen = [(r["line_item"], r["measure"], r["period"]) for r in rows]
    assert len(seen) == len(set(seen)), seen
    own = [r for r in rows if r["line_item"] == "Adult Social Care & Health" and r["measure"] == "variance"]
    points = [(r["period"], r["value_gbp_m"]) for r in own]
    assert points == [("2022-23", 24.4), ("October 2023-24", 31.3)]
    # the summary, the table after management action and the key service summary, in both documents
    assert len(own[1]["sources"]) == 6
