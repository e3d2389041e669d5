"""Narrative paragraphs and figures on the budget report pages of the sample pack in all three styles."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.parsers.figures import Passage, find_figures
from extractor.parsers.layout import TextLine, page_lines
from extractor.parsers.narrative import extract_narrative
from extractor.parsers.page_furniture import running_furniture
from extractor.parsers.pdf import PageContent, Word, iter_pages
from extractor.schemas.document import Figure, Paragraph

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
# The pages of the pack's budget report introduction in each style (the styles paginate differently).
INTRO_PAGES = {"A": (2, 8, 9), "B": (11, 12), "D": (8, 9)}
SENTENCE = "The overall Revenue forecast before management action is +£35.6m overspend."


@functools.cache
def _read(style: str) -> tuple[dict[int, PageContent], list[Paragraph], list[Figure]]:
    wanted = INTRO_PAGES[style]
    pages: dict[int, PageContent] = {}
    for page in iter_pages(SAMPLES / f"cabinet_pack_2024-01-04_{style}.pdf"):
        if page.number in wanted:
            pages[page.number] = page
        if page.number >= max(wanted):
            break
    paragraphs, figures = extract_narrative({n: page_lines(p) for n, p in pages.items()})
    return pages, paragraphs, figures


@pytest.fixture(scope="session", params=sorted(INTRO_PAGES))
def narrative(request: pytest.FixtureRequest) -> tuple[dict[int, PageContent], list[Paragraph], list[Figure]]:
    return _read(request.param)


def _contains(outer: list[float], inner: Word) -> bool:
    return (
        outer[0] <= inner.x0 + 0.01
        and outer[1] <= inner.top + 0.01
        and outer[2] >= inner.x1 - 0.01
        and outer[3] >= inner.bottom - 0.01
    )


def test_overspend_figure_with_sentence_page_and_bbox(narrative) -> None:  # type: ignore[no-untyped-def]
    pages, _, figures = narrative
    hits = [f for f in figures if f.sentence == SENTENCE]
    assert len(hits) == 1
    fig = hits[0]
    assert (fig.text, fig.value, fig.unit, fig.value_gbp_m, fig.kind) == (
        "+£35.6m",
        35.6,
        "£m",
        35.6,
        "money",
    )
    words = [w for w in pages[fig.page].words if "35.6m" in w.text and _contains(fig.bbox, w)]
    assert len(words) == 1, "the bbox holds exactly the word printed with the figure"
    assert fig.bbox[3] - fig.bbox[1] < 2 * words[0].size, "one line high"
    assert fig.bbox[2] - fig.bbox[0] <= words[0].x1 - words[0].x0 + 0.01


def test_signs_and_brackets_in_narrative(narrative) -> None:  # type: ignore[no-untyped-def]
    _, _, figures = narrative
    by_text = {f.text: f for f in figures}
    assert by_text["-£17.5m"].value == -17.5 and by_text["-£17.5m"].value_gbp_m == -17.5
    share = by_text["5.9%"]  # printed "(5.9%)": a share in brackets, not a negative
    assert (share.value, share.unit, share.kind) == (5.9, "%", "percent")
    assert "+£31.3m (5.9%) in ASCH" in share.sentence


def test_figure_across_a_line_break_keeps_its_sentence(narrative) -> None:  # type: ignore[no-untyped-def]
    _, _, figures = narrative
    hits = [f for f in figures if f.text == "£0.4m"]
    assert hits and all(
        "a small reduction of £0.4m since the last reported position" in f.sentence for f in hits
    )


def test_dates_years_and_paragraph_numbers_are_not_figures(narrative) -> None:  # type: ignore[no-untyped-def]
    _, _, figures = narrative
    texts = {f.text for f in figures}
    assert not texts & {"2023", "2024", "24", "31", "1.1", "1.2", "2.1", "2", "8", "9"}
    assert all(f.kind in ("money", "percent", "count") for f in figures)


def test_paragraphs_join_lines_under_their_heading(narrative) -> None:  # type: ignore[no-untyped-def]
    _, paragraphs, _ = narrative
    para = next(p for p in paragraphs if p.text.startswith("1.1 The overall Revenue forecast"))
    assert para.text.endswith("a net overspend of +£35.6m.")
    assert para.heading_path and para.heading_path[-1].endswith("Introduction")
    assert not any(p.text.startswith("Page ") for p in paragraphs), "running footers are dropped"


def test_minutes_counts_and_money_in_full_pounds() -> None:
    _, _, figures = _read("A")
    by_text = {f.text: f for f in figures if f.page == 2}
    jabs = by_text["11.7 million"]
    assert (jabs.kind, jabs.value, jabs.unit, jabs.value_gbp_m) == ("count", 11_700_000.0, "count", None)
    pounds = by_text["£1230"]
    assert (pounds.unit, pounds.value_gbp_m) == ("£", pytest.approx(0.00123))


# --- figures in built text -------------------------------------------------------------------------------


def _passage(text: str, page: int = 1) -> Passage:
    passage = Passage(page=page)
    x = 0.0
    for token in text.split(" "):
        passage.add(Word(token, x, 100.0, x + 5.0 * len(token), 110.0, size=10.0))
        x += 5.0 * len(token) + 3.0
    return passage


def _found(text: str) -> list[tuple[str, str, float, str | None]]:
    return [(f.kind, f.text, f.value, f.unit) for f in find_figures([_passage(text)])]


@pytest.mark.parametrize(
    "text",
    [
        "The 2023-24 budget, the 2018/19 report, the 22/23 Audit Plan and the 2024-2027 plan.",
        "Decisions 23/00091 and 23-00091 were taken on 4 January 2024 and 17/10/22.",
        "Call 03000 416814 or write to ME14 1XQ before 10.00 am or 14:30.",
        "See Item 5, section 3, paragraph 2.4, Appendix 2, Pages 7 - 34 and Quarter 2.",
        "Risks CRR0001 and COVID-19 on the A2 and M20 for Sep 23 and 12m to Sep 23.",
        "The rate per 10,000 children is reported as a risk rated High (25).",
        "No one attended and it was a one-off, one of the best.",
        "The consultation closes on 12 th February; see Page 10 of 43 and the 2nd edition.",
        "Services for 18-25 year olds; risk bands Low = 1-6 and High =16-25.",
    ],
)
def test_not_figures(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("savings of c.£600k were made", [("money", "c.£600k", 600.0, "£k")]),
        ("£50million of funding", [("money", "£50million", 50.0, "£m")]),
        ("an underspend of -£17.5m was", [("money", "-£17.5m", -17.5, "£m")]),
        ("£2.8 million was secured", [("money", "£2.8 million", 2.8, "£m")]),
        ("Eight indicators were improving, with seventeen showing", [
            ("count", "Eight", 8.0, "count"), ("count", "seventeen", 17.0, "count")]),
        ("One KPI met target", [("count", "One", 1.0, "count")]),
        ("one percentage point below the target", [("percent", "one percentage point", 1.0, "%")]),
        ("11 percentage points above the target of 50%", [
            ("percent", "11 percentage points", 11.0, "%"), ("percent", "50%", 50.0, "%")]),
        ("emissions of 12,637 tCO₂e", [("count", "12,637", 12637.0, "count")]),
        ("23% were issued (386 out of 1,687)", [
            ("percent", "23%", 23.0, "%"), ("count", "386", 386.0, "count"),
            ("count", "1,687", 1687.0, "count")]),
        ("worse than men (23% vs 19-22%) and girls (c50%)", [
            ("percent", "23%", 23.0, "%"), ("percent", "19", 19.0, "%"), ("percent", "22%", 22.0, "%"),
            ("percent", "c50%", 50.0, "%")]),
        ("between 10-15 people in 2023-24 and 22/23", [
            ("count", "10", 10.0, "count"), ("count", "15", 15.0, "count")]),
        ("approximately 650-700 young people", [
            ("count", "650", 650.0, "count"), ("count", "700", 700.0, "count")]),
    ],
)  # fmt: skip
def test_figures(text: str, expected: list[tuple[str, str, float, str | None]]) -> None:
    assert _found(text) == expected


def test_bbox_is_the_union_of_the_figures_words() -> None:
    passage = _passage("a total of £2.8 million was secured")
    (fig,) = find_figures([passage])
    pound, million = passage.words[3], passage.words[4]
    assert fig.bbox == [pound.x0, pound.top, million.x1, million.bottom]
    assert fig.sentence == "a total of £2.8 million was secured"


def test_running_banner_repeated_at_one_place_is_furniture() -> None:
    def line(page: int, text: str, top: float) -> TextLine:
        return TextLine(page=page, words=[Word(text, 50.0, top, 200.0, top + 10.0, size=10.0)])

    lines = {
        p: [
            line(p, "Quarterly Performance Report", 30.0),
            line(p, ["Summary", "Risks", "Actions"][p - 1], 300.0),
        ]
        for p in (1, 2, 3)
    }
    lines[1].append(line(1, "Page 1", 800.0))
    furniture = running_furniture(lines)
    assert {id(ln) for p in lines for ln in lines[p] if ln.top == 30.0} <= furniture
    assert id(lines[1][2]) in furniture
    assert not any(id(lines[p][1]) in furniture for p in lines)


@pytest.mark.parametrize(
    ("text", "figure", "qualifier"),
    [
        ("savings of c.£600k were made", "c.£600k", "approximate"),
        ("just under £300k was spent", "£300k", "at_most"),
        ("Over 20,000 people attended", "20,000", "at_least"),
        ("in care increased by 312 to 803", "312", "change"),
        ("in care increased by 312 to 803", "803", None),
        ("a small reduction of £0.4m since", "£0.4m", "change"),
        ("11 percentage points above target", "11 percentage points", "percentage_points"),
        ("an overspend of £35.6m", "£35.6m", None),
    ],
)
def test_qualifiers(text: str, figure: str, qualifier: str | None) -> None:
    (fig,) = [f for f in find_figures([_passage(text)]) if f.text == figure]
    assert fig.qualifier == qualifier


def test_numbered_paragraphs_in_a_mixed_font_are_not_headings() -> None:
    """Style D sets each numbered paragraph's first line in a larger font than its continuation."""
    first = next(iter(iter_pages(SAMPLES / "qpr_2018-19_q1_D.pdf")))
    paragraphs, figures = extract_narrative({first.number: page_lines(first)})
    para = next(p for p in paragraphs if p.text.startswith("1.3. The QPR includes thirty-four (34)"))
    assert para.text.endswith("at the start of the year.")
    assert para.heading_path == ["1. Introduction"]
    bullets = [p.text for p in paragraphs if p.text.endswith("achieved") and " are rated " in p.text]
    assert bullets == [
        "21 are rated Green - target achieved",
        "10 are rated Amber - floor standard achieved, target not achieved",
        "3 are rated Red – floor standard not achieved",
    ]
    counts = {(f.text, f.value) for f in figures if f.sentence.startswith("The QPR includes")}
    assert counts == {("thirty-four", 34.0), ("34", 34.0)}


def _line(page: int, text: str, top: float, size: float = 10.0, bold: bool = False) -> TextLine:
    words, x = [], 50.0
    for token in text.split():
        words.append(
            Word(token, x, top, x + 5.0 * len(token), top + size, "Arial-Bold" if bold else "Arial", size)
        )
        x += 5.0 * len(token) + 3.0
    return TextLine(page=page, words=words)


def test_banners_head_nothing_and_a_new_report_starts_afresh() -> None:
    body = "The position is reported to the committee each quarter."
    lines = {
        1: [
            _line(1, "£59.1m savings to be delivered", 50.0, size=16.0, bold=True),
            _line(1, "Introduction", 90.0, size=12.0, bold=True),
            _line(1, body, 110.0),
        ],
        2: [_line(2, "From: Corporate Director of Finance", 50.0), _line(2, body, 80.0)],
    }
    paragraphs, figures = extract_narrative(lines)
    by_page = {p.page: p for p in paragraphs if p.text == body}
    assert by_page[1].heading_path == ["Introduction"]
    assert by_page[2].heading_path == []
    assert [(f.text, f.page) for f in figures] == [("£59.1m", 1)]


FILLER = st.lists(
    st.sampled_from(["the", "forecast", "overspend", "in", "ASCH", "is", "reported", "as"]), max_size=6
)


@given(
    before=FILLER,
    after=FILLER,
    units=st.integers(min_value=0, max_value=99_999),
    decimals=st.integers(min_value=0, max_value=2),
    sign=st.sampled_from(["", "+", "-"]),
    suffix=st.sampled_from([("m", 1.0), ("k", 1e-3), (" million", 1.0), ("", 1e-6)]),
)
def test_any_money_figure_in_prose_is_found_with_its_words(
    before: list[str], after: list[str], units: int, decimals: int, sign: str, suffix: tuple[str, float]
) -> None:
    whole, frac = divmod(units, 10**decimals)
    number = f"{whole:,}" + (f".{frac:0{decimals}d}" if decimals else "")
    printed = f"{sign}£{number}{suffix[0]}"
    passage = _passage(" ".join([*before, printed, *after]) + ".")
    (fig,) = find_figures([passage])
    expected = units / 10**decimals * (-1 if sign == "-" else 1)
    assert fig.kind == "money" and fig.text == printed
    assert fig.value == pytest.approx(expected)
    assert fig.value_gbp_m == pytest.approx(expected * suffix[1])
    first = len(before)
    boxed = passage.words[first : first + len(printed.split())]
    assert fig.bbox == [boxed[0].x0, boxed[0].top, boxed[-1].x1, boxed[-1].bottom]


def test_a_paragraph_set_in_bold_is_not_a_heading() -> None:
    sentence = "The council agreed the budget and asked officers to report back on progress every"
    lines = {1: [_line(1, "Budget", 50.0, size=14.0, bold=True)]}
    lines[1] += [_line(1, sentence, 80.0 + 14.0 * i, bold=True) for i in range(4)]
    paragraphs, _ = extract_narrative(lines)
    assert len(paragraphs) == 1
    assert paragraphs[0].heading_path == ["Budget"]
    assert paragraphs[0].text == " ".join([sentence] * 4)


def test_a_passage_without_a_digit_or_a_number_word_is_not_searched_but_figures_in_words_are_found() -> None:
    from extractor.parsers.figures import _may_hold_figure

    assert not _may_hold_figure("The Council will continue to review its plans.", 0)
    assert _may_hold_figure("In 2024 the Council", 0) and _may_hold_figure("Twelve homes", 0)
    assert not _may_hold_figure("In 2024 the Council", 7)
    assert _found("Seventeen per cent of homes, up by twelve") == [
        ("percent", "Seventeen per cent", 17.0, "%"),
        ("count", "twelve", 12.0, "count"),
    ]
    assert _found("Costs rose by £4m") == [("money", "£4m", 4.0, "£m")]


@pytest.mark.parametrize("reach", [0, 5, 200])
def test_sentences_read_part_way_are_those_of_the_whole_passage(
    reach: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # spaCy reads a passage only a little past its last figure; the sentence of every figure must
    # be the one spaCy gives reading the whole passage (abbreviations, decimals and brackets
    # around the cut included)
    from extractor.parsers import figures

    text = (
        "Costs rose by 12 per cent, e.g. fuel and energy at £1.5m. (See No. 4 below.) The rest "
        "of the year is forecast to be on budget. Staff numbers fell to 312 in Q2... Agency spend "
        "is £0.4m lower than planned (i.e. within target). Savings of 40 posts were agreed! "
        "The remaining text runs on for a while and holds no figure at all, so it need not be read."
    )
    nlp = figures._sentencizer()
    whole = [(s.start_char, s.end_char) for s in nlp(text).sents]
    monkeypatch.setattr(figures, "SENTENCE_REACH", reach)
    found = find_figures([_passage(text)])
    assert len(found) >= 5
    for f in found:
        start = text.index(f.text)
        span = next(span for span in reversed(whole) if span[0] <= start)
        assert f.sentence == " ".join(text[span[0] : span[1]].split())


def _qualifier_by_every_phrase(before_figure: str) -> str | None:
    """The qualifier as first read: every phrase tried in turn, longest first."""
    from extractor.parsers.figures import _SPACES, _qualifier_phrases

    before = _SPACES.sub(" ", before_figure[-40:]).lower().rstrip()
    for phrase, qualifier in _qualifier_phrases():
        if before.endswith(phrase) and (len(before) == len(phrase) or not before[-len(phrase) - 1].isalnum()):
            return qualifier
    return None


@given(
    st.lists(
        st.sampled_from(
            [
                "over",
                "just",
                "under",
                "around",
                "c.",
                "increased",
                "by",
                "a",
                "reduction",
                "of",
                "more",
                "than",
            ]
            + ["up", "to", "x", "the", "  ", "\n", "(", "about", "Approximately", "rover", "1"]
        ),
        max_size=7,
    )
)
def test_a_figures_qualifier_is_the_longest_phrase_ending_just_before_it(words: list[str]) -> None:
    from extractor.parsers.figures import _qualifier

    text = " ".join(words) + " "
    assert _qualifier("count", "12", text + "12", len(text)) == _qualifier_by_every_phrase(text)


@given(st.text(alphabet="aB1 9\t\n\u00a0\u2003\x1cPage-İ", max_size=20))
def test_a_banners_key_ignores_case_spacing_and_digits(text: str) -> None:
    """The key as first written: stripped, lower case, every run of spaces one space, digits '#'."""
    import re

    from extractor.parsers.page_furniture import PAGE_NUMBER, _key

    expected = (
        None
        if PAGE_NUMBER.match(text.strip())
        else re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))
    )
    assert _key.__wrapped__(text) == expected
