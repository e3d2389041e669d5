"""Each document's meeting and title: from its front sheet, its first page, its file name, or (in a
store) the agenda pack holding its pages; a stated reason when none is found."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.corpus.store import Store
from extractor.parsers.frontsheet import canonical_body
from extractor.parsers.layout import TextLine, page_lines
from extractor.parsers.meetings import MeetingReading, file_name_meeting, read_meeting
from extractor.parsers.pdf import iter_pages
from tests.pdfgen import Pack, PackItem, Page, Text, agenda_pack_pages, write_pdf, write_placed

SLICES = Path(__file__).parent / "slices"


def lines_of(path: Path) -> dict[int, list[TextLine]]:
    return {p.number: page_lines(p) for p in iter_pages(path)}


def reading(path: Path, name: str | None = None) -> MeetingReading:
    return read_meeting(None, False, lines_of(path), name or str(path))


def placed(tmp_path: Path, rows: list[str], name: str = "page.pdf", size: float = 10.0) -> Path:
    return write_placed(tmp_path / name, [[Text(56, 60 + 16 * i, t, size) for i, t in enumerate(rows)]])


# --- the first page -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "body", "date"),
    [
        (
            ["From: Cabinet Member", "To: County Council \u2013 9th January 2025", "Subject: X"],
            "County Council",
            "2025-01-09",
        ),
        (["Meeting: Cabinet Date: 11 March 2026", "Subject: Resource Requirements"], "Cabinet", "2026-03-11"),
        (
            [
                "Committee Report",
                "COMMITTEE: Transport and Connectivity Committee",
                "DATE: 12 September 2024",
            ],
            "Transport and Connectivity Committee",
            "2024-09-12",
        ),
        (
            [
                "Bristol City Council",
                "Minutes of the Harbour and Parks",
                "Policy Committee",
                "5 June 2024 at 5.00 pm",
            ],
            "Harbour and Parks Policy Committee",
            "2024-06-05",
        ),
        (
            ["Dear Member", "COUNTY COUNCIL - THURSDAY, 13 FEBRUARY 2025", "Date: 27 February 2025"],
            "County Council",
            "2025-02-13",
        ),
        (
            ["CORPORATE PARENTING PANEL\u2013 29 October 2024", "Present: Mr A Person"],
            "Corporate Parenting Panel",
            "2024-10-29",
        ),
        (
            ["Upper Wolding Parish Council", "25th January 2024 at 7.30pm in the Village Hall"],
            "Upper Wolding Parish Council",
            "2024-01-25",
        ),
    ],
)
def test_first_page_meeting(tmp_path: Path, rows: list[str], body: str, date: str) -> None:
    got = reading(placed(tmp_path, rows))
    assert got.meeting is not None
    assert (got.meeting.body, got.meeting.date, got.meeting.source) == (body, date, "first_page")
    assert got.warning is None


@pytest.mark.parametrize(
    "rows",
    [
        ["To: Leaders of all two-tier councils", "16 December 2024", "Dear Leaders"],  # a letter to people
        ["From: Roger Smith, Leader", "The Committee considered the report on 12 March 2024."],  # a sentence
        ["Workplace Parking Levy", "Version January 2024", "This update published 20 January 2026"],
    ],
)
def test_no_body_no_meeting(tmp_path: Path, rows: list[str]) -> None:
    got = reading(placed(tmp_path, rows), "appendix.pdf")
    assert got.meeting is None
    assert got.warning is not None and got.warning.startswith("meeting: none named")


def test_heading_with_date_is_body_and_date() -> None:
    assert canonical_body("CORPORATE PARENTING PANEL\u2013 29 October 2024") == (
        "Corporate Parenting Panel",
        "committee_agenda_pack",
    )


def test_label_broken_over_two_lines(tmp_path: Path) -> None:
    """'REPORT TRANSPORT' over 'TITLE:': the label's first word beside the value on the line above."""
    rows = [
        "REPORT TO: WEST OF ENGLAND COMBINED AUTHORITY COMMITTEE",
        "DATE: 27 MARCH 2026",
        "REPORT TRANSPORT",
        "TITLE:",
    ]
    got = reading(placed(tmp_path, rows))
    assert got.meeting is not None and got.meeting.body == "West of England Combined Authority Committee"
    assert got.title == "TRANSPORT"


def test_title_is_the_largest_heading_not_the_letterhead(tmp_path: Path) -> None:
    page = [
        Text(56, 40, "KENT COUNTY COUNCIL", 14, bold=True),
        Text(56, 80, "Treasury Management Strategy", 14, bold=True),
        Text(56, 120, "1. Treasury management is the management of the Council's cash flows.", 10),
        Text(56, 136, "It covers borrowing and investments and the associated risks.", 10),
    ]
    got = reading(write_placed(tmp_path / "a.pdf", [page]), "Appendix M.pdf")
    assert got.title == "Treasury Management Strategy"


# --- the file name ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "body", "date"),
    [
        ("Agenda frontsheet 13th-Feb-2025 09.30 County Council.pdf", "County Council", "2025-02-13"),
        ("19 December 2024 - County Council minutes.pdf", "County Council", "2024-12-19"),
        (
            "src-0022-printed-minutes-harbour-and-parks-policy-committee-12-september-2024.pdf",
            "Harbour and Parks Policy Committee",
            "2024-09-12",
        ),
        ("committee-report-workplace-parking-levy-2024-09-12.pdf", None, "2024-09-12"),
        ("Public%20reports%20pack%2004th-Mar-2020%2014.00%20Cabinet.pdf", "Cabinet", "2020-03-04"),
    ],
)
def test_file_name_meeting(name: str, body: str | None, date: str) -> None:
    got = file_name_meeting(name)
    assert got is not None and (got.body, got.date) == (body, date)


@pytest.mark.parametrize(
    "name",
    [
        "Appendix H - Reserves Policy.pdf",
        "1 - Annex 1 - Labour Group Budget - covering report 2025.pdf",
        "Budget 2025-26.pdf",
        "committee-report-wpl-october-2025.pdf",
    ],
)
def test_file_name_without_meeting(name: str) -> None:
    assert file_name_meeting(name) is None


def test_file_name_used_when_the_page_names_none(tmp_path: Path) -> None:
    path = placed(tmp_path, ["APPENDIX E - Proposed Budget by Directorate", "Original base budget 1,429.5"])
    got = reading(path, "Item 5 Appendix E 04th-Mar-2020 14.00 Cabinet.pdf")
    assert got.meeting is not None
    assert (got.meeting.body, got.meeting.date, got.meeting.source) == ("Cabinet", "2020-03-04", "file_name")


# --- real first pages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "body", "date", "title"),
    [
        (
            "meeting-committee-report.pdf",
            "Transport and Connectivity Committee",
            "2024-09-12",
            "Workplace Parking Levy",
        ),
        (
            "meeting-labelled-cabinet.pdf",
            "Cabinet",
            "2026-03-11",
            "Resource Requirements for GCC Finance Team",
        ),
        ("meeting-to-county-council.pdf", "County Council", "2025-01-09", "English Devolution White Paper"),
    ],
)
def test_real_first_pages(name: str, body: str, date: str, title: str) -> None:
    got = reading(SLICES / name, "report.pdf")
    assert got.meeting is not None
    assert (got.meeting.body, got.meeting.date, got.meeting.source) == (body, date, "first_page")
    assert got.title == title


# --- the pack a document belongs to (in a store) ------------------------------------------------

PACK = Pack(
    items=[
        PackItem(1, "Apologies"),
        PackItem(2, "Budget Monitoring Report - December 2019-20", 2, "budget_monitoring"),
        PackItem(3, "Community Wardens Service Review", 2, "report"),
    ]
)


def _report_alone(tmp_path: Path, name: str = "Community Wardens.pdf") -> Path:
    """Item 3's papers published as a file of their own (no pack page numbers)."""
    pages = agenda_pack_pages(PACK)
    front = len(pages) - 4
    own = [Page(p.lines, footer=None) for p in pages[front + 2 :]]
    return write_pdf(tmp_path / name, own)


def _store(tmp_path: Path, paths: list[Path], db: Path) -> None:
    from extractor.corpus.records import document_rows
    from extractor.pipeline import extract

    with Store(db, read_only=False) as store:
        for path in paths:
            store.write_document(document_rows(extract(path)), str(path))
        store.link_packs()


def _meetings(db: Path) -> dict[str, tuple[object, ...]]:
    with Store(db) as store:
        rows = store.query(
            "SELECT path, meeting_body, meeting_date, meeting_agenda_item, meeting_source FROM documents"
        )
    return {Path(str(r["path"])).name: tuple(list(r.values())[1:]) for r in rows}


@pytest.mark.parametrize("pack_first", [True, False])
def test_report_takes_the_meeting_and_item_of_its_pack(tmp_path: Path, pack_first: bool) -> None:
    pack = write_pdf(tmp_path / "pack.pdf", agenda_pack_pages(PACK))
    alone = _report_alone(tmp_path)
    db = tmp_path / "s.duckdb"
    first, second = (pack, alone) if pack_first else (alone, pack)
    _store(tmp_path, [first], db)
    _store(tmp_path, [second], db)  # whichever arrives last, the link is made then
    got = _meetings(db)
    assert got["pack.pdf"] == ("Cabinet", "2020-03-03", None, "front_sheet")
    assert got["Community Wardens.pdf"] == ("Cabinet", "2020-03-03", "3", "pack")


def test_a_document_not_in_the_pack_keeps_its_own_meeting(tmp_path: Path) -> None:
    pack = write_pdf(tmp_path / "pack.pdf", agenda_pack_pages(PACK))
    other = placed(
        tmp_path, ["To: Cabinet - 10 March 2020", "Subject: Another Report", "Text of another report."]
    )
    db = tmp_path / "s.duckdb"
    _store(tmp_path, [pack, other], db)
    assert _meetings(db)["page.pdf"] == ("Cabinet", "2020-03-10", None, "first_page")


def test_front_sheet_meeting_and_pack_title(tmp_path: Path) -> None:
    from extractor.pipeline import extract

    doc = extract(write_pdf(tmp_path / "pack.pdf", agenda_pack_pages(PACK)))
    assert doc.meeting is not None and doc.meeting.source == "front_sheet"
    assert doc.title == "Cabinet agenda, 2020-03-03"
    assert len(doc.page_openings) == doc.source.pages
    assert not [w for w in doc.warnings if w.startswith("meeting:")]


# --- the filters on status and export, and --pages on extract -----------------------------------


@pytest.fixture(scope="module")
def two_meetings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of a Cabinet pack (3 March 2020) and a County Council report (10 March 2020)."""
    folder = tmp_path_factory.mktemp("filters")
    pack = write_pdf(folder / "pack.pdf", agenda_pack_pages(PACK))
    other = placed(folder, ["To: County Council - 10 March 2020", "Subject: Another Report", "Some text."])
    db = folder / "s.duckdb"
    _store(folder, [pack, other], db)
    return db


def _cli(*args: str) -> str:
    from click.testing import CliRunner

    from extractor.cli import cli

    run = CliRunner().invoke(cli, list(args))
    assert run.exit_code == 0, run.output
    return run.output


def test_status_filters(two_meetings: Path) -> None:
    import json

    db = str(two_meetings)
    every = json.loads(_cli("status", "--db", db, "-f", "json"))["documents"]
    assert {Path(r["path"]).name for r in every} == {"pack.pdf", "page.pdf"}
    council = json.loads(_cli("status", "--db", db, "-f", "json", "--body", "county council"))["documents"]
    assert [(Path(r["path"]).name, r["meeting_source"]) for r in council] == [("page.pdf", "first_page")]
    early = json.loads(_cli("status", "--db", db, "-f", "json", "--to", "2020-03-05"))["documents"]
    assert [Path(r["path"]).name for r in early] == ["pack.pdf"]
    text = _cli("status", "--db", db)
    assert "meetings: 2 of 2 document(s) have one (1 front_sheet, 1 first_page)" in text


def test_export_filters_and_the_older_to(two_meetings: Path, tmp_path: Path) -> None:
    import csv

    _cli("export", "--db", str(two_meetings), "-o", str(tmp_path / "a"), "--type", "cabinet_agenda_pack")
    rows = list(csv.DictReader((tmp_path / "a" / "documents.csv").open()))
    assert [(Path(r["path"]).name, r["meeting_body"], r["title"]) for r in rows] == [
        ("pack.pdf", "Cabinet", "Cabinet agenda, 2020-03-03")
    ]
    items = list(csv.DictReader((tmp_path / "a" / "agenda_items.csv").open()))
    assert len(items) == len(PACK.items)
    _cli("export", "--db", str(two_meetings), "--to", str(tmp_path / "b"), "--from", "2020-03-04")
    rows = list(csv.DictReader((tmp_path / "b" / "documents.csv").open()))
    assert [Path(r["path"]).name for r in rows] == ["page.pdf"]
    assert list(csv.DictReader((tmp_path / "b" / "agenda_items.csv").open())) == []


def test_extract_pages_reads_only_those(tmp_path: Path) -> None:
    import json

    pdf = write_pdf(tmp_path / "pack.pdf", agenda_pack_pages(PACK))
    doc = json.loads(_cli("extract", str(pdf), "-p", "3-4"))
    assert doc["source"]["pages"] == 5
    assert {p["page"] for p in doc["paragraphs"]} <= {3, 4}  # physical page numbers
    assert doc["page_openings"][0] == "" and doc["page_openings"][2] != ""
    assert doc["warnings"][0].startswith("pages: only 2 of the 5 pages")
    from click.testing import CliRunner

    from extractor.cli import cli

    bad = CliRunner().invoke(cli, ["extract", str(pdf), "-p", "9"])
    assert bad.exit_code == 2 and "not within 1-5" in bad.output


def test_minutes_body_read_strictly(tmp_path: Path) -> None:
    """The minutes' own reading took a wrapped line ('Policy Committee') for the body: the first
    page's reading of the whole name wins."""
    from extractor.schemas.document import Meeting

    rows = [
        "Bristol City Council",
        "Minutes of the Harbour and Parks",
        "Policy Committee",
        "5 June 2024 at 5.00 pm",
    ]
    minutes = Meeting(body="Policy Committee", date="2024-06-05", time=None, venue=None)
    got = read_meeting(minutes, False, lines_of(placed(tmp_path, rows)), "minutes.pdf")
    assert got.meeting is not None
    assert (got.meeting.body, got.meeting.date, got.meeting.source) == (
        "Harbour and Parks Policy Committee",
        "2024-06-05",
        "first_page",
    )
