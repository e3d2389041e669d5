"""The period a QPR reports on, read from its own text."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.parsers.pdf import PageContent, Word, iter_pages
from extractor.parsers.qpr_period import QUARTER, ReportPeriods, financial_year

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"


def _page(number: int, lines: list[str]) -> PageContent:
    words = []
    for i, line in enumerate(lines):
        x = 50.0
        for token in line.split():
            words.append(Word(token, x, 100 + 20 * i, x + 6 * len(token), 110 + 20 * i))
            x += 6 * len(token) + 4
    return PageContent(number=number, width=600, height=800, words=words)


@pytest.mark.parametrize(
    ("text", "quarter", "fy"),
    [
        ("Quarterly Performance Report, Quarter 2, 2023/24", 2, "2023/24"),
        ("Q1 2018/19", 1, "2018/19"),
        ("Quarter 1 of 2018/19", 1, "2018/19"),
        ("Q2, 2023-2024", 2, "2023/24"),
        ("quarter 4 2022/23", 4, "2022/23"),
    ],
)
def test_quarter_forms(text: str, quarter: int, fy: str) -> None:
    m = QUARTER.search(text)
    assert m is not None
    assert (int(m.group("q")), financial_year(m.group("fy1"), m.group("fy2"))) == (quarter, fy)


def test_not_a_financial_year() -> None:
    assert financial_year("2015", "17") is None  # a multi-year span such as 2015-17


def test_title_mention_outweighs_narrative_and_a_later_report_has_its_own_period() -> None:
    pages = [
        _page(1, ["Quarterly Performance Report, Quarter 2, 2023/24"]),
        _page(2, ["compared with Quarter 1 2023/24 and Quarter 1, 2023/24"]),
        _page(3, ["KPI table page"]),
        _page(60, ["Quarterly Performance Report", "Quarter 3", "2023/24"]),  # title over three lines
    ]
    periods = ReportPeriods(pages)
    assert (periods.at(3).quarter, periods.at(3).financial_year) == (2, "2023/24")  # type: ignore[union-attr]
    assert periods.at(61).quarter == 3  # type: ignore[union-attr]


def test_as_at_label_when_no_quarter() -> None:
    period = ReportPeriods([_page(1, ["Finance Monitoring Report", "As at October 2023-24"])]).at(1)
    assert period is not None and period.quarter is None and period.label == "As at October 2023-24"


@pytest.fixture(scope="session")
def qpr_pages() -> list[PageContent]:
    return list(iter_pages(SAMPLES / "qpr_2018-19_q1_D.pdf"))


def test_real_report_period(qpr_pages: list[PageContent]) -> None:
    period = ReportPeriods(qpr_pages).at(9)
    assert period is not None
    assert (period.quarter, period.financial_year, period.label) == (1, "2018/19", "Quarter 1, 2018/19")


def test_kpi_detail_boxes_give_kpis_with_ids_shared_with_later_years(qpr_pages: list[PageContent]) -> None:
    from extractor.parsers.qpr import extract_kpis

    result = extract_kpis([], qpr_pages, [])
    by_id = {k.kpi_id: k for k in result.kpis}
    # the 2018/19 wording resolves to the id the 2023/24 table uses
    waste = by_id["environment-transport/municipal-waste-not-landfilled"]
    assert (waste.rag_latest, waste.dot, waste.period and waste.period.quarter) == ("GREEN", "stable", 1)
    ghg = result.observations["environment-transport/estate-greenhouse-gas-emissions"]
    expected = [("actual", 38132.0), ("target", 39100.0), ("previous", 38795.0)]
    assert [(o.measure, o.value) for o in ghg] == expected
    assert all(k.page >= 1 and len(k.bbox) == 4 for k in result.kpis)
