"""The audit on tables built here: every kind of planted error is found, honest rounding drift is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.audit import audit
from extractor.audit.tolerance import judge, same_figure
from extractor.schemas.document import Document, Figure, Finding, Kpi, Paragraph, RagSummary, Source, Table
from extractor.schemas.numbers import parse_number
from tests.truthdoc import truth_tables

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"


def table(
    tid: str, header: list[str], rows: list[list[str]], units: str | None = "£m", **kw: object
) -> Table:
    return Table(
        id=tid,
        pages=[3],
        bbox=[0, 0, 500, 500],
        header_rows=[header],
        rows=rows,
        units=units,  # type: ignore[arg-type]
        row_pages=[3] * len(rows),
        row_bboxes=[[0, 10.0 * i, 500, 10.0 * i + 9] for i in range(len(rows))],
        cell_bboxes=[
            [[50.0 * j, 10.0 * i, 50.0 * j + 40, 10.0 * i + 9] for j in range(len(r))]
            for i, r in enumerate(rows)
        ],
        **kw,  # type: ignore[arg-type]
    )


def doc(*tables: Table, **kw: object) -> Document:
    return Document(source=Source(path="t.pdf", sha256="", pages=9), tables=list(tables), **kw)  # type: ignore[arg-type]


def kinds(findings: list[Finding], severity: str = "error") -> list[tuple[str, float | str | None]]:
    return sorted((f.kind, f.reported) for f in findings if f.severity == severity)


BUDGET_HEADER = [
    "Directorate",
    "Revenue Budget £m",
    "Forecast £m",
    "Variance £m",
    "Last reported £m",
    "Movement £m",
]


def budget_rows(**override: list[str]) -> list[list[str]]:
    rows = {
        "Adult Social Care & Health": ["527.5", "558.8", "31.3", "30.4", "0.9"],
        "Children, Young People & Education": ["360.9", "389.9", "28.9", "28.1", "0.8"],
        "Growth, Environment & Transport": ["195.5", "195.6", "0.0", "(0.2)", "0.2"],
        "Non Attributable Costs": ["115.9", "98.8", "(17.1)", "(15.8)", "(1.3)"],
        "General Fund": ["1,199.8", "1,243.1", "43.2", "42.5", "0.7"],
    }
    rows.update(override)
    return [[k, *v] for k, v in rows.items()]


def test_honest_rounding_drift_is_not_flagged() -> None:
    # Printed from unrounded workings: forecast - budget gives 29.0 for a printed 28.9 (CYPE), the
    # variance column adds to 43.1 for a printed 43.2, movements to 0.6 for 0.7: all within n x 0.05.
    assert audit(doc(table("t1", BUDGET_HEADER, budget_rows()))) == []


def test_column_total_error_and_edge_warning() -> None:
    # 527.5 + 360.9 + 195.5 + 115.9 = 1,199.8; printed 1,201.8 is 2.0 out: error.
    rows = budget_rows(**{"General Fund": ["1,201.8", "1,243.1", "43.2", "42.5", "0.7"]})
    found = audit(doc(table("t1", BUDGET_HEADER, rows)))
    assert ("column_total", 1201.8) in kinds(found)
    f = next(f for f in found if f.kind == "column_total")
    assert f.expected == pytest.approx(1199.8) and f.evidence[0].text == "1,201.8" and f.evidence[0].bbox
    # 1,200.1 is 0.3 out with a bound of 0.25: within one unit beyond the bound -> warning only.
    rows = budget_rows(**{"General Fund": ["1,200.1", "1,243.1", "43.2", "42.5", "0.7"]})
    found = audit(doc(table("t1", BUDGET_HEADER, rows)))
    assert kinds(found) == [] and ("column_total", 1200.1) in kinds(found, "warning")


def test_row_arithmetic_from_headers() -> None:
    rows = budget_rows(**{"Non Attributable Costs": ["115.9", "100.2", "(17.1)", "(15.8)", "(1.3)"]})
    found = audit(doc(table("t1", BUDGET_HEADER, rows)))
    arithmetic = [f for f in found if f.kind == "row_arithmetic" and f.severity == "error"]
    assert [(f.reported, f.expected) for f in arithmetic] == [(-17.1, pytest.approx(-15.7))]


def test_nested_subtotals_and_unlabelled_total() -> None:
    header = ["Service", "Budget £m", "Spend £m", "Staff £m"]
    rows = [
        ["Line A", "10.0", "11.0", "3.0"],
        ["Line B", "5.0", "4.0", "2.0"],
        ["Division One", "15.0", "15.0", "5.0"],  # unmarked subtotal of the two lines above
        ["Line C", "7.0", "6.0", "1.0"],
        ["Line D", "3.0", "3.5", "1.5"],
        ["Division Two", "10.0", "9.5", "2.5"],
        ["", "25.0", "24.5", "8.5"],  # unlabelled grand total: staff should be 7.5
    ]
    found = audit(doc(table("t2", header, rows)))
    # a total only by its position: reported, but as a warning
    assert kinds(found, "warning") == [("column_total", 8.5)] and kinds(found) == []
    assert found[0].expected == pytest.approx(7.5)


def test_group_heads_above_their_lines() -> None:
    header = ["Directorate", "Target £m", "Not achieved £m", "Forecast £m"]
    rows = [
        ["Adult Social Care & Health", "(6.0)", "2.0", "(4.0)"],
        ["Efficiency: one", "(4.0)", "2.0", "(2.0)"],
        ["Policy: two", "(2.0)", "", "(2.0)"],
        ["Public Health", "(1.0)", "0.0", "(1.0)"],
        ["Income: three", "(1.0)", "", "(1.0)"],
        ["Total", "(7.0)", "3.0", "(5.0)"],  # not achieved: 2.0 + 0.0 = 2.0, printed 3.0
    ]
    found = audit(doc(table("t3", header, rows)))
    assert ("column_total", 3.0) in kinds(found)
    assert all(f.reported != -7.0 for f in found)  # the target column adds up once nesting is read


def test_row_total_column_needs_the_table_to_confirm_it() -> None:
    header = ["Severity", "Fatal", "Serious", "Slight", "Total"]
    rows = [
        ["Q1", "11", "223", "1,291", "1,531"],
        ["Q2", "22", "224", "1,220", "1,466"],
        ["Q3", "3", "4", "5", "12"],
    ]
    assert kinds(audit(doc(table("t4", header, rows, units="count")))) == [("row_total", 1531.0)]
    # Counted once across overlapping categories: most rows disagree, so the column is not a sum.
    rows = [["A", "1", "2", "3", "4"], ["B", "5", "6", "7", "8"], ["C", "1", "1", "1", "3"]]
    assert audit(doc(table("t5", header, rows, units="count"))) == []


def test_thousands_tables_get_interval_tolerance() -> None:
    header = ["Service", "Calls", "E-mails"]
    rows = [
        ["Adult", "40", "12"],
        ["Children", "33", "9"],
        ["Roads", "30", "8"],
        ["Total (thousands)", "104", "29"],
    ]
    assert [f.severity for f in audit(doc(table("t6", header, rows, units="count")))] == []
    rows[-1] = ["Total", "104", "29"]  # plain integer counts: no tolerance
    assert kinds(audit(doc(table("t6", header, rows, units="count")))) == [("column_total", 104.0)]


def test_cross_table_same_row_and_measure() -> None:
    a = table("ta", BUDGET_HEADER, budget_rows())
    b = table(
        "tb",
        BUDGET_HEADER,
        budget_rows(**{"Adult Social Care & Health": ["527.5", "557.9", "31.3", "30.4", "0.9"]}),
    )
    found = [f for f in audit(doc(a, b)) if f.kind == "cross_table"]
    assert [(f.reported, f.expected, f.severity) for f in found] == [(557.9, 558.8, "error")]
    assert {e.text for e in found[0].evidence} == {"557.9", "558.8"}


def test_counts_vs_kpis_and_narrative_counts() -> None:
    kpis = [
        Kpi(
            area="Roads",
            name=f"k{i}",
            kpi_id=f"k{i}",
            rag_latest=rag,
            dot="stable",
            page=4,
            bbox=[0, 0, 1, 1],
        )
        for i, rag in enumerate(["GREEN", "GREEN", "RED"])
    ]
    summary = [RagSummary(area="Roads", green=2, amber=1, red=0, stable=3, worsening=16, page=2)]
    claims = [
        Paragraph(
            page=1,
            bbox=[0, 0, 1, 1],
            text="Two indicators are rated Green, with seventeen indicators showing a decline.",
        ),
        Paragraph(page=1, bbox=[0, 0, 1, 1], text="Four of the seven indicators met target. 12 months GREEN"),
    ]
    found = audit(doc(kpis=kpis, rag_summary=summary, paragraphs=claims))
    assert kinds(found) == [("count_vs_table", 0), ("count_vs_table", 1), ("narrative_vs_table", 17)]


def test_no_count_finding_from_an_unknown_arrow_or_rating() -> None:
    """An arrow or a colour that could not be read is unknown, not a zero: the area's summary is
    recounted only for the kinds every row gives."""
    marks = [("GREEN", "stable"), ("GREEN", None), (None, "worsening")]
    kpis = [
        Kpi(area="Roads", name=f"k{i}", kpi_id=f"k{i}", rag_latest=rag, dot=dot, page=4, bbox=[0, 0, 1, 1])
        for i, (rag, dot) in enumerate(marks)  # type: ignore[arg-type]
    ]
    summary = [RagSummary(area="Roads", green=2, amber=1, stable=2, worsening=1, page=2)]
    assert [f for f in audit(doc(kpis=kpis, rag_summary=summary)) if f.kind == "count_vs_table"] == []
    # once every row is known the same recount speaks
    known = [k.model_copy(update={"rag_latest": "GREEN", "dot": "stable"}) for k in kpis]
    found = [f for f in audit(doc(kpis=known, rag_summary=summary)) if f.kind == "count_vs_table"]
    assert {f.description.split(": ")[1] for f in found} == {
        "summary says 2 green, the 3 KPI rows give 3",
        "summary says 1 amber, the 3 KPI rows give 0",
        "summary says 2 stable, the 3 KPI rows give 3",
        "summary says 1 worsening, the 3 KPI rows give 0",
    }


def test_narrative_money_vs_directorate_row() -> None:
    fig = Figure(
        text="£33.1m",
        value=33.1,
        unit="£m",
        value_gbp_m=33.1,
        page=2,
        bbox=[0, 0, 1, 1],
        sentence="The largest overspend is +£33.1m in ASCH.",
        kind="money",
    )
    found = audit(doc(table("t1", BUDGET_HEADER, budget_rows()), figures=[fig]))
    assert [(f.kind, f.severity, f.expected) for f in found] == [("narrative_vs_table", "warning", 31.3)]
    fig.text, fig.value, fig.value_gbp_m = "£31.3m", 31.3, 31.3
    assert audit(doc(table("t1", BUDGET_HEADER, budget_rows()), figures=[fig])) == []


def test_tolerance_rule() -> None:
    n = parse_number
    terms = [n(t) for t in ("31.3", "28.9", "(6.0)", "(1.7)", "(17.5)", "0.4")]
    assert judge(n("35.6"), 35.4, terms).severity is None  # type: ignore[arg-type]
    assert judge(n("0.0"), -0.6, terms).severity == "error"  # type: ignore[arg-type]
    assert judge(n("44.4"), 44.6, [n("1,244.4"), n("1,199.8")]).severity == "warning"  # type: ignore[arg-type]
    assert judge(n("1531"), 1525, [], exact=True).severity == "error"  # type: ignore[arg-type]
    assert same_figure(n("6.2"), n("6.4")).severity == "error"  # type: ignore[arg-type]
    assert same_figure(n("11.1", "£m"), n("11,151.8", "£k")).severity == "warning"  # type: ignore[arg-type]
    assert same_figure(n("2.0", "£m"), n("2,050.0", "£k")).severity is None  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def cabinet_findings() -> list[Finding]:
    tables = truth_tables(SAMPLES / "cabinet_pack_2024-01-04_A.truth.json")
    return audit(doc(*tables))


def test_published_disagreements_in_the_cabinet_pack(cabinet_findings: list[Finding]) -> None:
    errors = {(f.table_id, f.kind, f.reported) for f in cabinet_findings if f.severity == "error"}
    expected = {
        ("t4", "column_total", 0.0),  # updated variance adds to -0.6
        ("t6", "column_total", 18.7),  # savings detail Not achieved vs directorate subtotals 22.2
        ("t6", "row_arithmetic", -9.4),  # investment income (2.9) + (7.0)
        ("t4", "cross_table", 557.9),  # forecast outturn differs from table t3
        ("t38", "row_total", 1531.0),  # casualties 11 + 223 + 1,291
    }
    assert expected <= errors
    warnings = {(f.table_id, f.reported) for f in cabinet_findings if f.severity == "warning"}
    assert ("t17", 44.4) in warnings  # 1,244.4 - 1,199.8 = 44.6 at the edge of rounding
    # totals known only by their position (a row of figures with no label): warnings
    assert ("t10", -1629.0) in warnings  # GET 24-25: rows give -1,269.0
    assert ("t12", -850.0) in warnings  # CED one-off: only -250.0 printed
