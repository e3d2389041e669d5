"""Agenda packs built by the tests (other bodies, item numbers, titles, page ranges, footers) and the
front sheets of the sample packs in all three typesetting styles."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from extractor.parsers.agenda import AgendaResult, front_sheet_pages, parse_agenda
from extractor.parsers.footers import map_printed_pages
from extractor.parsers.frontsheet import parse_front_sheet
from extractor.parsers.layout import TextLine, page_lines
from extractor.parsers.pdf import PageContent, check_pdf, iter_pages
from tests.pdfgen import Line, Pack, PackItem, Page, agenda_pack_pages, write_agenda_pack, write_pdf


def read(path: Path, limit: int | None = None) -> tuple[list[PageContent], dict[int, list[TextLine]]]:
    pages = list(itertools.islice(iter_pages(path), limit))
    return pages, {p.number: page_lines(p) for p in pages}


def parse(path: Path) -> AgendaResult:
    return parse_agenda(*read(path))


def check_pack(result: AgendaResult, pack: Pack, front_pages: int) -> None:
    ranges = pack.ranges()
    assert [it.number for it in result.items] == [str(it.number) for it in pack.items]
    for got, want in zip(result.items, pack.items, strict=True):
        assert got.title == want.title
        if want.number in ranges:
            first, last = ranges[want.number]
            assert (got.printed_page_start, got.printed_page_end) == (first, last)
            assert (got.page_start, got.page_end) == (first + front_pages, last + front_pages)
            assert got.document_type == want.kind
            assert all(
                result.page_items[p] == got.number for p in range(first + front_pages, last + front_pages + 1)
            )
        else:
            assert got.printed_page_start is None and got.page_start is None and got.document_type is None


PACKS = {
    "cabinet": (
        Pack(
            items=[
                PackItem(1, "Apologies"),
                PackItem(2, "Minutes of the Meeting held on 4 February 2020", 3, "minutes"),
                PackItem(3, "Budget Monitoring Report - December 2019-20", 5, "budget_monitoring"),
                PackItem(4, "Leader's Update (Oral)"),
                PackItem(5, "Quarterly Performance Report, Quarter 3, 2019/20", 4, "qpr"),
                PackItem(6, "20/00012 - Community Wardens Service Review", 2, "report"),
            ]
        ),
        "cabinet_agenda_pack",
        "Cabinet",
    ),
    "committee": (
        Pack(
            body_heading="GOVERNANCE AND AUDIT COMMITTEE",
            date_line="Wednesday, 17th June, 2021, at 10.30 am",
            items=[
                PackItem(1, "Membership"),
                PackItem(2, "Declarations of Interest"),
                PackItem(3, "Minutes of the meeting held on 20 April 2021", 2, "minutes"),
                PackItem(
                    4,
                    "Corporate Risk Register including the annual review of risk appetite and tolerance",
                    6,
                    "risk_register",
                    wrap_at=60,
                ),
                PackItem(5, "Internal Audit Progress", 3, "report"),
            ],
            front_padding=30,  # the front sheet runs onto a second page
        ),
        "committee_agenda_pack",
        "Governance and Audit Committee",
    ),
}


@pytest.fixture(scope="module", params=sorted(PACKS))
def built_pack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    pack, doc_type, body = PACKS[request.param]
    path = write_agenda_pack(tmp_path_factory.mktemp("packs") / f"{request.param}.pdf", pack)
    return pack, doc_type, body, path, parse(path)


def test_built_pack_items_ranges_and_types(built_pack) -> None:
    pack, doc_type, body, path, result = built_pack
    front = len(result.front_pages)
    assert front == (2 if pack.front_padding else 1)
    check_pack(result, pack, front)
    assert result.document_type == doc_type
    assert result.meeting is not None and result.meeting.body == body
    assert result.warnings == []
    # every papers page belongs to an item, the front sheet to none
    assert set(result.page_items) == set(range(front + 1, check_pdf(path) + 1))


def test_built_pack_meeting_details(tmp_path: Path) -> None:
    pack, _, _ = PACKS["committee"]
    with_time = Pack(date_line="Friday, 1st October, 2021, at 2.15 pm", venue="Darent Room", items=pack.items)
    path = write_agenda_pack(tmp_path / "m.pdf", with_time)
    meeting = parse(path).meeting
    assert meeting is not None
    assert (meeting.date, meeting.time, meeting.venue) == ("2021-10-01", "14:15", "Darent Room")


def test_pack_without_footers_falls_back_on_front_sheet(tmp_path: Path) -> None:
    pack, _, _ = PACKS["cabinet"]
    bare = Pack(items=pack.items, footer=None)
    result = parse(write_agenda_pack(tmp_path / "bare.pdf", bare))
    check_pack(result, bare, 1)
    assert any("no printed page numbers" in w for w in result.warnings)


@pytest.mark.parametrize("column", [False, True], ids=["inline", "column"])
def test_page_range_wrapped_onto_the_next_line(tmp_path: Path, column: bool) -> None:
    """'(Pages 461 -' at a line's end and '610)' on the next: inline after the title ('(Pages' alone,
    then a line opening with the numbers), or in a column of ranges beside a title that wraps too."""
    items = [
        PackItem(1, "Apologies"),
        PackItem(2, "Minutes of the meeting held on 4 February 2020", 3, "minutes", wrap_at=58),
        PackItem(3, "Budget Monitoring Report - December 2019-20", 5, "budget_monitoring", wrap_at=52),
        PackItem(4, "Capital Programme 2025-28 (Revised) and the Medium Term Plan", 2, "report"),
        PackItem(5, "Internal Audit Progress", 2, "report", wrap_at=32),
    ]
    if column:
        for it in items[1:]:
            it.wrap_at, it.wrap_pages = (38 if it.number == 4 else None), True
    pack = Pack(items=items, pages_column=column)
    check_pack(parse(write_agenda_pack(tmp_path / "wrapped.pdf", pack)), pack, 1)


def test_stale_and_internal_page_numbers_are_ignored(tmp_path: Path) -> None:
    pack, _, _ = PACKS["cabinet"]
    pages = _pages_of(pack)
    # a stale footer pasted into body text, an embedded document's "Page 2 of 5" in the margin,
    # and a word-processor section restarting its numbering at "Page 1"
    pages[3].lines.append(Line("to allow the council Page 31 and its partners to meet local need"))
    pages[4].footer = "Page 2 of 5"
    for k, page in enumerate(pages[8:11]):
        page.footer = f"Page {k + 1}"
    result = parse_agenda(*read(write_pdf(tmp_path / "stale.pdf", pages)))
    check_pack(result, pack, 1)
    assert any("not the pack's" in w for w in result.warnings)


def _pages_of(pack: Pack) -> list[Page]:
    return agenda_pack_pages(pack)


def test_papers_missing_from_a_front_sheet_only_pdf(tmp_path: Path) -> None:
    pack, _, _ = PACKS["cabinet"]
    front_only = _pages_of(Pack(items=pack.items, footer=None))[:1]
    result = parse_agenda(*read(write_pdf(tmp_path / "front.pdf", front_only)))
    assert result.document_type == "cabinet_agenda_pack"
    assert [it.printed_page_start for it in result.items if it.printed_page_start] == [1, 4, 9, 13]
    assert all(it.page_start is None for it in result.items)
    assert any("not in this PDF" in w for w in result.warnings)


@pytest.mark.parametrize("kind", ["minutes", "qpr", "budget_monitoring", "risk_register"])
def test_standalone_report_is_classified_by_content(tmp_path: Path, kind: str) -> None:
    pack = Pack(items=[PackItem(1, "Any title at all", 3, kind)])
    standalone = _pages_of(pack)[1:]  # the papers without the front sheet
    result = parse_agenda(*read(write_pdf(tmp_path / f"{kind}.pdf", standalone)))
    assert result.document_type == kind
    assert result.items == []
    assert set(result.page_types.values()) == {kind}
    if kind == "minutes":
        assert result.meeting is not None
        assert (result.meeting.body, result.meeting.date) == ("Cabinet", "2020-03-03")


# --- the sample packs: front sheet and footers on their first pages (fast) ---------------------

SAMPLE_PACKS = sorted(
    p.name for p in (Path(__file__).resolve().parents[1] / "corpus" / "samples").glob("*pack*.pdf")
)


@pytest.mark.parametrize("name", SAMPLE_PACKS)
def test_sample_front_sheet(samples: Path, name: str) -> None:
    truth = json.loads((samples / name.replace(".pdf", ".truth.json")).read_text())
    offset = truth["pack_page_offset"]
    # a few numbered pages: plain page numbers ("37", style E) count only as a run
    pages, lines = read(samples / name, offset + 4)
    numbering = map_printed_pages(pages, lines)
    front = front_sheet_pages(pages, lines, numbering)  # up to the first numbered page
    assert front == list(range(1, offset + 1))
    sheet = parse_front_sheet(front, lines)
    got = [(it.number, it.title, it.printed_page_start, it.printed_page_end) for it in sheet.items]
    want = [
        (t["number"], t["title"], t["printed_page_start"], t["printed_page_end"])
        for t in truth["agenda_items"]
    ]
    assert got == want
    assert sheet.meeting.body == truth["meeting"]["body"]
    assert (sheet.meeting.date, sheet.meeting.time) == (truth["meeting"]["date"], truth["meeting"]["time"])
    assert sheet.body_pack_type == truth["document_type"]


def test_restarted_section_numbering_does_not_move_the_pack(samples: Path) -> None:
    """A word-processor pack whose sections restart at "Page 1": the offset must still fit the ranges."""
    name = "cabinet_pack_2024-01-04_B.pdf"
    truth = json.loads((samples / name.replace(".pdf", ".truth.json")).read_text())
    pages, lines = read(samples / name, 20)
    numbering = map_printed_pages(pages, lines)
    numbering.page_count = check_pdf(samples / name)
    ranges = [
        (t["printed_page_start"], t["printed_page_end"]) for t in truth["agenda_items"] if t["page_start"]
    ]
    choice = numbering.choose_offset(ranges, first_body_page=2)
    assert choice.offset == truth["pack_page_offset"]
    assert choice.from_footers and choice.disagreeing > 0


def test_standalone_qpr_sample(qpr_pdf: Path) -> None:
    result = parse_agenda(*read(qpr_pdf, 8))  # a cover report, then the QPR itself
    assert result.document_type == "qpr"
    assert result.items == [] and result.meeting is None


def test_minutes_inside_a_built_pack(built_pack) -> None:
    pack, _, body, _, result = built_pack
    minutes_items = [it for it in pack.items if it.kind == "minutes"]
    assert [m.agenda_item for m in result.minutes] == [str(it.number) for it in minutes_items]
    record = result.minutes[0]
    assert record.body == body and record.date == "2020-03-03"
    assert record.present == ["Mr A Example (Chairman)", "Mrs B Sample", "Mr C Test"]
    assert record.in_attendance == ["Ms D Officer (Democratic Services Officer)"]
    assert record.apologies == ["Mr E Absent"]
    # the papers repeat the same two minutes on every page; numbering must rise, so only the first pair counts
    assert [(m.number, m.agenda_item) for m in record.minutes] == [("41", "1"), ("42", "2")]
    assert record.minutes[1].resolutions[0].startswith("RESOLVED that the minutes of the previous meeting")


def test_plain_page_numbers_place_the_items(tmp_path: Path) -> None:
    """Footers that are a bare number ("7") at the foot of each page: the pack's numbering, when a
    run of pages agrees; a time wrapped to a line's start ("4.30pm.") is no agenda item."""
    pack = Pack(
        items=[
            PackItem(1, "Apologies"),
            PackItem(2, "Minutes of the Meeting held on 4 February 2020", 3, "minutes"),
            PackItem(3, "Community Wardens Service Review", 4, "report"),
        ],
        footer="{n}",
        front_padding=40,  # two front-sheet pages
    )
    pages = agenda_pack_pages(pack)
    pages[0].lines.insert(3, Line("4.30pm. The meeting is scheduled to end by then."))
    result = parse(write_pdf(tmp_path / "plain.pdf", pages))
    assert result.front_pages == [1, 2]
    check_pack(result, pack, front_pages=2)
    assert not [w for w in result.warnings if "page numbers" in w]
