"""Scale labels that disagree with their numbers, and periods compared with themselves: found when
planted, silent on the honest forms that look like them."""

from __future__ import annotations

from extractor.audit import scales, self_comparison, shares
from extractor.schemas.document import Document, Paragraph, Source, Table

BOX = [50.0, 100.0, 500.0, 140.0]


def _doc(paragraphs: list[str], cells: list[list[str]] | None = None) -> Document:
    tables = []
    if cells:
        tables.append(
            Table(
                id="t1",
                pages=[4],
                bbox=[0, 0, 500, 500],
                rows=cells,
                row_pages=[4] * len(cells),
                cell_bboxes=[
                    [[10.0 * j, 10.0 * i, 10.0 * j + 9, 10.0 * i + 9] for j in range(len(r))]
                    for i, r in enumerate(cells)
                ],
            )
        )
    return Document(
        source=Source(path="t.pdf", sha256="", pages=9),
        tables=tables,
        paragraphs=[Paragraph(page=2 + i, bbox=BOX, text=t) for i, t in enumerate(paragraphs)],
    )


SCALE = [
    ["Unlikely (2)", "Moderate (2)"],
    ["Possible (3)", "Significant (3)"],
    ["Likely (4)", "Serious (4)"],
    ["Possible (3)", "Major (5)"],
    ["Likely (4)", "Serious (4)"],
    ["Possible (3)", "Significant (3)"],
    ["Likely (4)", "Major (5)"],
    ["Possible (3)", "Serious (4)"],
    ["Likely (4)", "Major (5)"],
]


def test_a_label_with_another_levels_number_is_reported() -> None:
    cells = SCALE + [["Target Residual Likelihood Possible (4)", "Target Residual Impact Serious (4)"]]
    found = scales.check(_doc([], cells), [])
    assert [(f.page, f.reported, f.expected, f.severity) for f in found] == [(4, "4", "3", "warning")]
    assert "Likely" in found[0].description
    assert found[0].evidence[0].bbox is not None


def test_consistent_scales_and_numbered_lists_are_silent() -> None:
    assert scales.check(_doc([], SCALE), []) == []
    # items numbered in brackets are not a scale: no label keeps one number
    items = [["Option (1)", "Option (2)"], ["Option (3)", "Stage (1)"], ["Stage (2)", "Stage (3)"]]
    assert scales.check(_doc(["Option (1) was preferred to Option (2)."], items), []) == []


def test_a_period_compared_with_itself_is_reported() -> None:
    text = (
        "Contact Point received 10% more calls compared to the previous Quarter. The 12 months to "
        "September 2023 saw a 7% decrease in calls compared to the 12 months to September 2023."
    )
    found = self_comparison.check(_doc([text]), [])
    assert [(f.page, f.reported, f.kind) for f in found] == [(2, "12 months to September 2023", "other")]


def test_honest_comparisons_are_silent() -> None:
    honest = [
        "The 12 months to September 2023 saw a 7% decrease compared to the 12 months to September 2022.",
        "Spending in 2023/24 was £5.1m compared with the 2023/24 budget of £4.2m.",
        "In August 2023, 91% of schools in Kent were Good, compared to the national figure of 89%.",
        "Quarter 2 2023/24 was higher than Quarter 1 2023/24, and higher than 2022/23.",
    ]
    assert self_comparison.check(_doc(honest), []) == []


def test_shares_of_one_answer_over_the_whole_are_reported() -> None:
    text = (
        "The online survey feedback reveals that 86.3% of families reported to have had a very "
        "positive experience with the activities, and 15.8% had a positive experience."
    )
    found = shares.check(_doc([text]), [])
    assert [(f.page, f.reported, f.expected) for f in found] == [(2, "86.3% + 15.8%", "100%")]


def test_shares_that_may_add_up_or_are_not_one_answer_are_silent() -> None:
    honest = [
        "72% were very satisfied with the service, and 20% were satisfied with the service.",
        "93% of schools were good, and 80% of pupils attended a good school.",
        "Attendance rose from 45% to 60%, and 98% of places were taken.",
        "50.2% were very positive, and 49.9% were positive.",  # 100.1: within rounding
        "91% of schools in Kent were Good or Outstanding, compared to 89% nationally.",
    ]
    assert shares.check(_doc(honest), []) == []


def test_a_cumulative_share_is_not_a_part_of_the_whole() -> None:
    text = "94% of callers rated the advisor excellent or very good, and 100% including good."
    assert shares.check(_doc([text]), []) == []
    parts = "94% of callers rated the advisor excellent or very good, and 8% good."
    assert len(shares.check(_doc([parts]), [])) == 1


def test_a_vocabulary_matches_where_any_one_of_its_patterns_does() -> None:
    """Each audit vocabulary is searched as one alternation: the same answer as pattern by pattern."""
    import re

    from extractor.schemas.labels import load, matches_any

    texts = [
        "Figures may not add up due to rounding",
        "Total General Fund",
        "n/a",
        "<5",
        "Net Revenue Budget 2024-25",
        "Memorandum items",
        "",
    ]
    keys = [k for k, v in load("audit").items() if isinstance(v, list) and v and isinstance(v[0], str)]
    keys = [k for k in keys if k != "approximate_words"]  # words, joined by their own expression
    hits = 0
    for key in keys:
        for text in texts:
            flat = re.sub(r"\s+", " ", text).strip()
            expected = any(re.search(p, flat, re.IGNORECASE) for p in load("audit")[key])
            assert matches_any(key, text) == expected, (key, text)
            hits += expected
    assert hits >= 3
