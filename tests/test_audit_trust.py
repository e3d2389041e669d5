"""The audit judges only what was read soundly and calls a figure wrong only when nothing explains it:
structure confidence, placeholders, rounding notes, hierarchies of totals, non-additive rows, text
checks on whole words and exact figures."""

from __future__ import annotations

from extractor.audit import audit, grids_of
from extractor.audit.counts import _sentence_claims
from extractor.audit.structure import assess
from extractor.schemas.document import Finding, Paragraph, RagSummary, Table
from tests.test_audit import doc, kinds, table

HEADER = ["Service", "Budget £m", "Forecast £m"]


def _not_checked(found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.check == "structure"]


def test_a_wrong_total_is_an_error_when_the_table_was_read_soundly() -> None:
    rows = [
        ["Line A", "10.0", "11.0"],
        ["Line B", "5.0", "4.0"],
        ["Line C", "2.0", "2.0"],
        ["Total", "19.0", "17.0"],
    ]
    found = audit(doc(table("t1", HEADER, rows)))
    assert kinds(found) == [("column_total", 19.0)] and not _not_checked(found)


def test_labels_run_into_figures_are_not_checked_but_said() -> None:
    # A label read into the figure cells ("Opening balance 1,234.5") and figures glued together:
    # the columns cannot be trusted, so one info finding says so and nothing else is reported.
    rows = [
        ["Opening balance 1,234.5", "10.0", "11.0"],
        ["Line B", "5.0 6.0", "4.0"],
        ["Line C 2,000.0", "2.0", ""],
        ["Total", "19.0", "17.0"],
    ]
    found = audit(doc(table("t1", HEADER, rows)))
    assert [f.severity for f in found] == ["info"]
    (f,) = _not_checked(found)
    assert f.description.startswith("not checked: structure unclear") and "run together" in f.description
    assert f.table_id == "t1" and f.evidence and f.evidence[0].bbox


def test_a_table_cut_by_a_page_break_is_not_checked() -> None:
    first = table("t1", HEADER, [["Line A", "10.0", "11.0"], ["Line B", "5.0", "4.0"]])
    rest = Table(
        id="t2",
        pages=[4],
        bbox=[0, 0, 500, 500],
        rows=[["Line C", "2.0", "2.0"], ["Total", "19.0", "17.0"]],  # totals both pages
        row_pages=[4, 4],
    )
    found = audit(doc(first, rest))
    assert kinds(found) == [] and {f.table_id for f in _not_checked(found)} == {"t1", "t2"}


def test_placeholders_are_unknown_not_zero() -> None:
    # '<5', 'c' and a dash stand for values not printed: the total may hold them, so a gap is a
    # warning at most.
    rows = [["Area A", "12", "<5"], ["Area B", "c", "7"], ["Area C", "-", "3"], ["Total", "25", "12"]]
    found = audit(doc(table("t1", ["Area", "Referrals", "Repeat"], rows, units="count")))
    assert kinds(found) == [] and ("column_total", 25.0) in kinds(found, "warning")


def test_unreadable_figure_is_unknown() -> None:
    # A margin stamp's letter glued to a figure ('209,578.3e'): the value was not read.
    rows = [["Line A", "209,578.3e", "11.0", "209,589.3"], ["Line B", "5.0", "4.0", "9.0"]]
    found = audit(doc(table("t1", ["Service", "Core £m", "External £m", "Total £m"], rows)))
    assert kinds(found) == []


def test_a_rounding_note_caps_at_warning() -> None:
    rows = [["Area A", "120", "10"], ["Area B", "230", "20"], ["Total", "352", "30"]]
    plain = audit(doc(table("t1", ["Area", "Cases", "Staff"], rows, units="count")))
    assert kinds(plain) == [("column_total", 352.0)]
    noted = table(
        "t1", ["Area", "Cases", "Staff"], rows, units="count", title="Figures may not add up due to rounding"
    )
    found = audit(doc(noted))
    assert kinds(found) == [] and kinds(found, "warning") == [("column_total", 352.0)]


def test_subtotals_added_to_their_own_parts_are_explained() -> None:
    # Net Expenditure is a subtotal of the two lines above it; the Total adds Net Expenditure and
    # Income. Reading the subtotal as one more line would call the Total wrong.
    rows = [
        ["Staffing", "10.0", "12.0"],
        ["Premises", "5.0", "6.0"],
        ["Net Expenditure", "15.0", "18.0"],
        ["Other income", "(3.0)", "(4.0)"],
        ["Sub Total", "12.0", "14.0"],
        ["Grants", "1.0", "1.0"],
        ["Total", "13.0", "15.0"],
    ]
    assert kinds(audit(doc(table("t1", HEADER, rows)))) == []


def test_a_total_above_its_parts_is_explained() -> None:
    rows = [
        ["Total", "17.0", "17.0"],
        ["Line A", "10.0", "11.0"],
        ["Line B", "5.0", "4.0"],
        ["Line C", "2.0", "2.0"],
    ]
    assert kinds(audit(doc(table("t1", HEADER, rows)))) == []


def test_of_which_memo_and_rate_rows_are_not_added() -> None:
    rows = [
        ["Line A", "10.0", "11.0"],
        ["of which agency staff", "4.0", "5.0"],
        ["Line B", "5.0", "4.0"],
        ["Average per team", "7.5", "7.5"],
        ["Total", "15.0", "15.0"],
    ]
    assert kinds(audit(doc(table("t1", HEADER, rows)))) == []


def test_totals_in_a_memorandum_section_are_warnings() -> None:
    rows = [
        ["Line A", "10.0", "11.0"],
        ["Line B", "5.0", "4.0"],
        ["MEMORANDUM:", "", ""],
        ["Savings", "3.0", "2.0"],
        ["Income", "1.0", "1.0"],
        ["Total savings", "9.0", "3.0"],
    ]
    found = audit(doc(table("t1", HEADER, rows)))
    assert kinds(found) == [] and ("column_total", 9.0) in kinds(found, "warning")


def test_count_words_are_whole_words_and_approximate_counts_are_not_exact() -> None:
    assert _sentence_claims("Of the indicators, 3 reduced their backlog") == []
    assert _sentence_claims("12 indicators are green") == [("green", 12, "12 indicators are green")]
    assert _sentence_claims("Across 4 greenhouse measures") == []
    assert _sentence_claims("Around 15 indicators are green") == []


def test_approximate_narrative_figure_is_not_compared_as_exact() -> None:
    rag = RagSummary(area="Adults", green=3, amber=1, red=1, improving=2, stable=2, worsening=1, page=2)
    para = Paragraph(page=3, bbox=[0, 0, 1, 1], text="Around 7 indicators are rated green this quarter.")
    found = audit(doc(rag_summary=[rag], paragraphs=[para]))
    assert found == []


def test_readings_assessed_once_give_the_same_findings() -> None:
    # the pipeline assesses each table's structure once (for finance) and hands the readings to
    # the audit, which adds the page-cut penalty itself: the findings are those of a fresh assessment
    glued = table("t1", HEADER, [["Opening balance 1,234.5", "10.0", "11.0"], ["Line B", "5.0 6.0", "4.0"]])
    first = table("t2", HEADER, [["Line A", "10.0", "11.0"], ["Line B", "5.0", "4.0"]])
    rest = Table(
        id="t3",
        pages=[4],
        bbox=[0, 0, 500, 500],
        rows=[["Line C", "to follow", "to follow"], ["Line D", "none", "none"]],  # no figures: not judged
        row_pages=[4, 4],
    )
    document = doc(glued, first, rest)
    grids = grids_of(document)
    readings = {id(g): assess(g) for g in grids}
    found = audit(document, grids, readings)
    assert found == audit(document, grids_of(document))
    assert any("page break" in f.description for f in _not_checked(found))
    assert all(readings[id(g)].reasons == assess(g).reasons for g in grids)  # left uncut
