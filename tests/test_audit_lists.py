"""Narrative change claims and stated counts of listed items: planted errors found, honest drift not."""

from __future__ import annotations

from extractor.audit import audit
from extractor.audit.changes import column_period
from extractor.schemas.document import Document, Figure, Finding, Paragraph, Source, Table

COMPLAINTS_HEADER = [
    "Service",
    "12 mths to Sep 22",
    "12 mths to Sep 23",
    "Quarter to Jun 23",
    "Quarter to Sep 23",
]
COMPLAINTS_ROWS = [
    ["Highways", "2,637", "2,905", "661", "677"],
    ["Adult Social Services", "2,611", "2,744", "732", "677"],
    ["Total Complaints", "5,248", "5,649", "1,393", "1,354"],
]


def complaints_table(rows: list[list[str]] = COMPLAINTS_ROWS) -> Table:
    return Table(
        id="t1",
        pages=[5],
        bbox=[0, 0, 500, 500],
        header_rows=[COMPLAINTS_HEADER],
        rows=rows,
        units="count",
        row_pages=[5] * len(rows),
        cell_bboxes=[
            [[60.0 * j, 10.0 * i, 60.0 * j + 50, 10.0 * i + 9] for j in range(5)] for i in range(len(rows))
        ],
    )


def figure(text: str, value: float, sentence: str, kind: str = "percent", page: int = 4) -> Figure:
    return Figure(
        text=text,
        value=value,
        unit="%" if kind == "percent" else "count",
        kind=kind,  # type: ignore[arg-type]
        page=page,
        bbox=[0, 0, 10, 10],
        sentence=sentence,
    )


def audit_of(
    *figures: Figure, table: Table | None = None, paragraphs: list[Paragraph] | None = None
) -> list[Finding]:
    doc = Document(
        source=Source(path="t.pdf", sha256="", pages=9),
        tables=[table or complaints_table()],
        figures=list(figures),
        paragraphs=paragraphs or [],
    )
    return [f for f in audit(doc) if f.check in ("changes", "lists")]


def test_column_periods() -> None:
    assert column_period("Quarter to Sep 23") == ("quarter", (2023, 9))
    assert column_period("Apr- Jun 23") == ("quarter", (2023, 6))
    assert column_period("Oct – Dec 22") == ("quarter", (2022, 12))
    assert column_period("12m to Sep 22") == ("12m", (2022, 9))
    assert column_period("Jan - Dec 23") is None  # a year is not a quarter


def test_change_direction_contradicted_is_an_error() -> None:
    s = (
        "Quarter 2 saw the number of complaints received increase from the previous Quarter by 3% "
        "and by 14% on the same Quarter last year."
    )
    found = audit_of(figure("3%", 3, s), figure("14%", 14, s))
    assert [(f.severity, f.reported) for f in found] == [("error", "3%")]  # 14%: no year-ago column
    assert found[0].expected == -2.8 and "direction" in found[0].description


def test_honest_rounded_changes_pass() -> None:
    s1 = (
        "Quarter 2 saw a 3% decrease in the number of complaints received compared with the previous Quarter."
    )
    s2 = (
        "Over the 12 months to September 2023 there has been an 8% increase in complaints received "
        "compared to the 12 months to September 2022."
    )
    s3 = "There were 39 fewer complaints than in the previous quarter."
    assert audit_of(figure("3%", 3, s1), figure("8%", 8, s2), figure("39", 39, s3, kind="count")) == []


def test_change_size_beyond_rounding() -> None:
    # 5,248 -> 5,649 is +7.6%: "8%" passes, "9%" is one unit out (warning), "12%" an error.
    tmpl = (
        "Over the 12 months to September 2023 there has been a {}% increase in complaints "
        "compared to the 12 months to September 2022."
    )
    found = audit_of(figure("9%", 9, tmpl.format(9)), figure("12%", 12, tmpl.format(12)))
    assert sorted((f.severity, f.reported) for f in found) == [("error", "12%"), ("warning", "9%")]


def test_change_without_a_matching_row_or_period_is_left_alone() -> None:
    s1 = "Contact Point received 10% more calls compared to the previous Quarter."  # no row names calls
    s2 = "Complaints rose by 30% on the same Quarter last year."  # no year-ago column
    assert audit_of(figure("10%", 10, s1), figure("30%", 30, s2)) == []


def para(text: str, page: int = 7, heading: str = "") -> Paragraph:
    return Paragraph(page=page, bbox=[0, 0, 1, 1], text=text, heading_path=[heading] if heading else [])


def test_numbered_list_count() -> None:
    paragraphs = [
        para("3.1 Ahead of the formal autumn refresh, three risks had been added to the register:"),
        *(para(f"3.1.{i} CRR00{60 + i}: a risk (High). More text.") for i in range(1, 5)),
        para("3.2 A number of changes have been proposed."),
        para("3.2.1 Three corporate risks are proposed to be delegated:"),
        *(para(f"3.2.1.{i} CRR00{i}: delegated.") for i in range(1, 4)),
        para("3.3 Two further risks were reviewed:"),
        para("3.3.1 One."),
        para("3.3.3 Three."),  # not consecutive: ambiguous, not checked
    ]
    found = audit_of(paragraphs=paragraphs)
    assert [(f.kind, f.reported, f.expected) for f in found] == [("count_vs_table", 3, 4)]


def test_status_list_count() -> None:
    def items(statuses: list[str]) -> list[Paragraph]:
        out = [para("Updates have been provided for 6 actions due by November. These are summarised below.")]
        out.append(para("Due Date Actions Completed/ Closed Actions subject to Regular Review Outstanding"))
        for i, s in enumerate(statuses):
            out.append(para(f"CRR00{i}: A risk title{s}An action title", heading=f"h{i}"))
            out.append(para("The work is complete and Good or Outstanding ratings were kept."))
        return out

    honest = [
        "Complete",
        "Partially Complete",
        "Regular Review",
        "Complete",
        "Action Closed",
        "Regular Review",
    ]
    assert audit_of(paragraphs=items(honest)) == []
    found = audit_of(paragraphs=items([*honest, "Partially Complete"]))
    assert [(f.reported, f.expected) for f in found] == [(6, 7)]


def test_including_scope_and_rise_without_improvers_are_warnings() -> None:
    from extractor.schemas.document import RagSummary

    budget = Table(
        id="t2",
        pages=[4],
        bbox=[0, 0, 500, 500],
        header_rows=[["Directorate", "Revenue Budget £m", "Variance £m"]],
        rows=[["Non Attributable Costs", "115.9", "(17.5)"], ["Corporately Held Budgets", "1.0", "0.4"]],
        units="£m",
        row_pages=[4, 4],
    )
    s = "NAC including Corporately Held Budgets is forecasting an underspend of -£17.5m, CED breaks even."
    fig = Figure(
        text="-£17.5m",
        value=-17.5,
        unit="£m",
        value_gbp_m=-17.5,
        kind="money",
        page=4,
        bbox=[0, 0, 1, 1],
        sentence=s,
    )
    honest = fig.model_copy(
        update={
            "text": "-£17.1m",
            "value": -17.1,
            "value_gbp_m": -17.1,
            "sentence": s.replace("17.5", "17.1"),
        }
    )
    area = RagSummary(area="Adult Social Care", green=3, stable=1, worsening=4, page=2)
    paragraphs = [
        para("Of the 5 indicators measured for Adult Social Care, 1 stayed the same and 4 declined."),
        para("The percentage of contacts resolved at first point of contact increased in the quarter."),
    ]
    doc = Document(
        source=Source(path="t.pdf", sha256="", pages=9),
        tables=[budget],
        figures=[fig, honest],
        paragraphs=paragraphs,
        rag_summary=[area],
    )
    found = [(f.check, f.severity, f.reported) for f in audit(doc) if f.kind == "narrative_vs_table"]
    assert sorted(found, key=str) == [
        ("counts", "warning", "The percentage of contacts resolved at first point of contact increased"),
        ("narrative", "warning", -17.5),
    ]
