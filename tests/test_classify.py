"""Content-based classification, meeting dates and front-sheet vocabulary, on text the tests write."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.parsers.classify import _cue_hits, _vocab, classify_pages
from extractor.parsers.dates import find_dates, meeting_date
from extractor.parsers.frontsheet import canonical_body, decision_number, find_body, parse_items, section_of
from extractor.parsers.layout import TextLine
from extractor.parsers.pdf import Word


def text_pages(*pages: list[str], size: float = 10.0) -> dict[int, list[TextLine]]:
    """Physical page -> lines, one line per string, laid out top to bottom."""
    out: dict[int, list[TextLine]] = {}
    for number, texts in enumerate(pages, start=1):
        lines = []
        for row, text in enumerate(texts):
            x, top = 50.0, 60.0 + row * size * 1.5
            words = []
            for token in text.split():
                words.append(Word(token, x, top, x + 5.0 * len(token), top + size, size=size))
                x += 5.0 * len(token) + 3.0
            lines.append(TextLine(page=number, words=words))
        out[number] = lines
    return out


def kind_of(*pages: list[str]) -> str:
    lines = text_pages(*pages)
    return classify_pages(sorted(lines), lines).document_type


COVER = ["From: Cabinet Member", "To: Cabinet - 9 May 2019", "Classification: Unrestricted"]


def test_the_report_naming_its_kind_wins_over_vocabulary_it_mentions() -> None:
    qpr_with_risk_section = [
        [*COVER, "Subject: Quarterly Performance Report, Quarter 4, 2018/19"],
        ["Corporate Risk Register overview", "Likelihood and impact of each risk", "Risk owner"],
        ["KPI Summary GREEN AMBER RED", "floor standard not met"],
    ]
    assert kind_of(*qpr_with_risk_section) == "qpr"
    register = [[*COVER, "Subject: Directorate Risk Register"], ["Risk owner: Director", "Likelihood 3"]]
    assert kind_of(*register) == "risk_register"


def test_a_budget_setting_report_is_not_a_monitoring_report() -> None:
    overspend_talk = ["The forecast outturn is an overspend against the revenue budget."] * 5
    assert (
        kind_of(["Draft Revenue Budget 2030-31 and Medium Term Financial Plan"], overspend_talk) == "report"
    )
    assert kind_of([*COVER, "Subject: Revenue Budget Monitoring - Quarter 1"], overspend_talk) == (
        "budget_monitoring"
    )


def test_minutes_are_recognised_by_their_heading() -> None:
    minutes = [
        ["MINUTES of a meeting of the Scrutiny Committee held on Monday, 2 March 2026.", "PRESENT: Mr A"],
        ["7. Budget", "(Item 5)", "RESOLVED that the overspend be noted."],
    ]
    assert kind_of(*minutes) == "minutes"


def test_vocabulary_alone_must_be_overwhelming() -> None:
    one_mention = [["Some paper", "The plan has a target for each year."], ["More text about a target."]]
    assert kind_of(*one_mention) == "other"
    assert kind_of([*COVER, "Subject: Library Opening Hours"], ["Options considered."]) == "report"
    # a register printed as bare tables, with no title: its vocabulary on every page decides
    register_rows = [
        "CRR0107 Risk owner: Director",
        "Likelihood 4 Impact 3 Risk rating 12",
        "Current risk High",
    ]
    untitled = [["Appendix 3", *register_rows], [*register_rows, "Mitigating actions and controls"]] * 2
    assert kind_of(*untitled) == "risk_register"


@pytest.mark.parametrize(
    ("text", "date", "time"),
    [
        ("Thursday, 13th February, 2031, at 9.30 am", "2031-02-13", "09:30"),
        ("on Monday, 2nd June, 2025 at 2.00 pm to deal with the following business", "2025-06-02", "14:00"),
        ("To: County Council - 9 th January 2027", "2027-01-09", None),
        ("Friday 30 September 2022 at 12 noon", "2022-09-30", "12:00"),
        ("Tuesday, 1 April 2025 at 12.15 am", "2025-04-01", "00:15"),
    ],
)
def test_dates_and_times(text: str, date: str, time: str | None) -> None:
    found = find_dates(text)
    assert [(d.date, d.time) for d in found] == [(date, time)]


def test_meeting_date_prefers_the_one_with_a_time() -> None:
    notice = "Published Wednesday, 5 March 2031. Meeting on Thursday, 13th March, 2031 at 10.00 am"
    when = meeting_date(notice)
    assert when is not None and (when.date, when.time) == ("2031-03-13", "10:00")
    assert meeting_date("no date here") is None


def test_decision_numbers_and_sections() -> None:
    assert decision_number("9. 31-00417 - Highways Term Contract") == "31/00417"
    assert decision_number("Review of Decision 28/01234 (if required)") == "28/01234"
    assert decision_number("Budget 2025/26 and 2025-28") is None
    assert section_of("EXEMPT ITEMS") == "exempt"
    assert section_of("UNRESTRICTED ITEMS") == "unrestricted"
    assert section_of("Exempt from the public") is None


def test_bodies() -> None:
    assert canonical_body("CABINET") == ("Cabinet", "cabinet_agenda_pack")
    assert canonical_body("the County Council") == ("County Council", "council_agenda_pack")
    assert canonical_body("REGULATION COMMITTEE") == ("Regulation Committee", "committee_agenda_pack")
    assert canonical_body("Thursday, 4th January") is None


def test_items_must_rise_by_one_and_titles_join_wrapped_lines() -> None:
    lines = text_pages(
        [
            "AGENDA",
            "7. Apologies",
            "8. A long title that the typesetter wrapped onto",
            "a second line (Pages 3 - 9)",
            "3. A numbered paragraph in motion text (Pages 1 - 2)",
            "9. Last Item (Pages 10 -",
            "12)",
        ]
    )[1]
    items, _ = parse_items(lines)
    got = [(it.number, it.title, it.printed_page_start, it.printed_page_end) for it in items]
    assert got == [
        ("7", "Apologies", None, None),
        ("8", "A long title that the typesetter wrapped onto a second line", 3, 9),
        ("9", "Last Item", 10, 12),
    ]


def test_body_under_the_agenda_heading_beats_the_letterhead() -> None:
    lines = text_pages(
        ["KENT COUNTY COUNCIL", "AGENDA", "HEALTH REFORM AND PUBLIC HEALTH CABINET COMMITTEE"]
    )[1]
    assert find_body(lines) == ("Health Reform and Public Health Cabinet Committee", "committee_agenda_pack")
    notice = text_pages(["AGENDA", "A meeting of the Planning Applications Committee will be held on"])[1]
    assert find_body(notice) == ("Planning Applications Committee", "committee_agenda_pack")


CUE_LINES = [
    "The forecast outturn shows an overspend of £3.2m against the revenue budget",
    "RESOLVED that the report be noted",
    "Direction of Travel: KPIs rated GREEN",
    "Risk owner: likelihood and impact (CRR0012)",
    "An ordinary sentence about parks and libraries",
    "Ｒｉｓｋ OWNER – İmpact ſavings",  # noqa: RUF001  (letters outside ASCII, folded by case)
    "",
    "(Item 4)",
    "PRESENT: Mr A Smith",
    "In virtual attendance: Mrs B Jones",
    "Residual risk score after mitigation, risk rating",
    "Key Performance Indicator kpi summary: Floor standard, target",
    "AMBER - capital programme reserves",
    "green",
]


def test_the_text_a_cue_needs_is_its_longest_run_of_fixed_characters() -> None:
    from extractor.parsers.classify import needed_text

    assert needed_text(r"\bkpis?\b") == "kpi"
    assert needed_text(r"^\(item \d+\)$") == "(item "
    assert needed_text(r"\bresolved (?:that|to)\b") == "resolved "
    assert needed_text(r"\bmitigati(?:ng|on)\b") == "mitigati"
    assert needed_text(r"^(?:green|amber|red)\b") == ""
    assert needed_text(r"overspend|underspend") == ""  # alternatives at the top level
    assert needed_text(r"a+b") == "a"
    assert needed_text(r"\u00a3m\b") == ""
    assert needed_text("ÄRGER") == ""  # case folding may leave ASCII: needs nothing
    assert needed_text(r"^in (?:virtual )?attendance\b") == "attendance"  # the longest run
    assert needed_text(r"\b(?:current|target) risk\b") == " risk"  # a run after a group
    assert needed_text(r"\b[a-z]{2,4}\d{4}\b") == ""  # classes and quantifiers hold no text
    assert needed_text(r"ab{2}cd") == "cd"  # an optional or repeated letter is left out
    assert needed_text(r"x[a)]yzw(?:q)+") == "yzw"  # a bracket inside a class opens no group
    assert needed_text(r"(?x)a b") == ""  # verbose: spaces are not text


def test_each_lines_cues_are_those_each_pattern_finds_on_its_own() -> None:
    """One alternation (ASCII or not) decides which lines to test pattern by pattern: it must
    never hide a cue."""
    _, cues, _ = _vocab()
    for line in CUE_LINES:
        for name, c in cues.items():
            expected = tuple(i for i, p in enumerate(c.body) if p.search(line))
            assert _cue_hits(line).get(name, ()) == expected, (line, name)
    assert _cue_hits(CUE_LINES[0])["budget_monitoring"]  # the test exercises hits, not only misses


@pytest.mark.parametrize(
    "line",
    [
        "The forecast overspend is £3.2m – see the risk owner’s note",
        "• KPI summary: RAG “Green”",
        "CRR0012 – residual risk: £m",
        "Résumé of the variance",  # a letter outside ASCII: read with Unicode rules
        "Likelihood × Impact ² ",
    ],
)
def test_cues_in_lines_with_symbols_outside_ascii(line: str) -> None:
    unicode_hits = {
        name: hits
        for name, cues in _vocab()[1].items()
        if (hits := tuple(i for i, p in enumerate(cues.body) if p.search(line)))
    }
    assert unicode_hits  # every line holds a cue
    assert {name: hits for name, hits in _cue_hits(line).items() if hits} == unicode_hits


_CUE_WORDS = [
    "in attendance",
    "In virtual attendance",
    "attendance",
    "current risk",
    "Residual  risk",
    "risk",
    "risks register",
    "CRR0012",
    "£m",
    "GREEN",
    "kpis",
    "(Item 3)",
    "resolved to",
    "capital",
    "monitoring",
    "of",
    "ſavings",  # noqa: RUF001  (a letter outside ASCII folded by case)
    "–",  # noqa: RUF001
    "the",
    ",",
]


@given(st.lists(st.sampled_from(_CUE_WORDS), max_size=8), st.sampled_from([" ", "", "  "]))
@settings(max_examples=300, deadline=None)
def test_a_lines_cues_are_those_each_pattern_finds_whatever_the_words(words: list[str], sep: str) -> None:
    """The text each cue needs (its longest fixed run) only spares searches that would fail."""
    line = sep.join(words)
    _, cues, _ = _vocab()
    expected = {
        name: hits
        for name, c in cues.items()
        if (hits := tuple(i for i, p in enumerate(c.body) if p.search(line)))
    }
    assert {name: hits for name, hits in _cue_hits(line).items() if hits} == expected
