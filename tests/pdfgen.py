"""Build small council-like PDFs for tests: pages of text lines with optional "Page N" footers, and
whole agenda packs (front sheet listing items with "(Pages a - b)", then each item's papers).

Everything about the built document (body, date, item numbers, titles, page counts, footers) is a
parameter, so tests can vary it and nothing in the code under test can rely on the samples.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

TOP = 60.0
LEFT = 56.0


@dataclass
class Line:
    text: str
    size: float = 10.0
    bold: bool = False
    indent: float = 0.0
    space_before: float = 0.0  # extra gap above the line, in points
    aside: str | None = None  # text in a second column on the same baseline (a front sheet's page ranges)
    aside_x: float = 400.0  # where that column starts, from the left margin


@dataclass
class Page:
    lines: list[Line] = field(default_factory=list)
    footer: str | None = None  # e.g. "Page 7", printed centred in the bottom margin
    landscape: bool = False


def write_pdf(path: Path, pages: Sequence[Page]) -> Path:
    canvas = Canvas(str(path), pagesize=A4)
    for page in pages:
        width, height = landscape(A4) if page.landscape else A4
        canvas.setPageSize((width, height))
        y = TOP
        for line in page.lines:
            y += line.space_before
            canvas.setFont("Helvetica-Bold" if line.bold else "Helvetica", line.size)
            canvas.drawString(LEFT + line.indent, height - y - line.size, line.text)
            if line.aside:
                canvas.drawString(LEFT + line.aside_x, height - y - line.size, line.aside)
            y += line.size * 1.45
        if page.footer:
            canvas.setFont("Helvetica", 9)
            canvas.drawCentredString(width / 2, 30, page.footer)
        canvas.showPage()
    canvas.save()
    return path


# what the papers of each kind of item say: enough of each kind's own vocabulary to be recognisable
PAPERS: dict[str, tuple[list[str], list[str]]] = {
    "minutes": (
        [
            "MINUTES of a meeting of the {body} held in the Council Chamber on Tuesday, 3 March 2020.",
            "PRESENT: Mr A Example (Chairman), Mrs B Sample and Mr C Test",
            "IN ATTENDANCE: Ms D Officer (Democratic Services Officer)",
        ],
        [
            "41. Apologies",
            "(Item 1)",
            "Apologies were received from Mr E Absent.",
            "42. Minutes of the previous meeting",
            "(Item 2)",
            "RESOLVED that the minutes of the previous meeting be approved as a correct record.",
            "Mr Example moved and Mrs Sample seconded the recommendations; motion carried.",
        ],
    ),
    "qpr": (
        [
            "From: Cabinet Member for Performance",
            "To: {body} - 3 March 2020",
            "Subject: Quarterly Performance Report, Quarter 3, 2019/20",
            "Classification: Unrestricted",
        ],
        [
            "Key Performance Indicators are assessed against Target and floor standard using RAG ratings.",
            "KPI Summary GREEN AMBER RED",
            "Direction of Travel shows whether performance improved in the quarter.",
            "GREEN Target has been achieved",
            "Activity indicators are compared with expected thresholds.",
        ],
    ),
    "budget_monitoring": (
        [
            "From: Cabinet Member for Finance",
            "To: {body} - 3 March 2020",
            "Subject: Revenue and Capital Budget Monitoring Report - December 2019-20",
            "Classification: Unrestricted",
        ],
        [
            "The forecast outturn is an overspend of £4.2m against the revenue budget.",
            "Variance by directorate, with management action to reduce the overspend.",
            "Savings of £12.1m are on track; an underspend is forecast on capital.",
            "Reserves will not be needed if the management action is delivered.",
        ],
    ),
    "risk_register": (
        [
            "From: Corporate Director",
            "To: {body} - 3 March 2020",
            "Subject: Corporate Risk Register",
            "Classification: Unrestricted",
        ],
        [
            "CRR0042 Data protection  Risk Owner: Director of Governance",
            "Current risk rating: Likelihood 4 x Impact 5 = High (20)",
            "Target risk rating: Likelihood 2 x Impact 4 = Medium (8)",
            "Mitigating actions and controls are reviewed quarterly.",
        ],
    ),
    "report": (
        [
            "From: Cabinet Member for Communities",
            "To: {body} - 3 March 2020",
            "Subject: Community Wardens Service Review",
            "Classification: Unrestricted",
        ],
        [
            "1.1 This paper describes the review of the wardens service and the options considered.",
            "1.2 Members are asked to note the findings and the consultation responses.",
        ],
    ),
}


@dataclass
class PackItem:
    number: int
    title: str
    pages: int = 0  # pages of papers; 0 for an item without papers (apologies, oral updates)
    kind: str = "report"  # which PAPERS to print
    wrap_at: int | None = None  # print the title over two lines, breaking at the last space before this
    wrap_pages: bool = False  # in a page-range column, "(Pages a -" on one line and "b)" on the next


@dataclass
class Pack:
    body_heading: str = "CABINET"
    date_line: str = "Tuesday, 3rd March, 2020, at 2.00 pm"
    venue: str = "Council Chamber"
    items: list[PackItem] = field(default_factory=list)
    footer: str | None = "Page {n}"  # None: no footers at all
    front_padding: int = 0  # extra lines of notes, to push the front sheet onto more pages
    blank_between: bool = False  # "This page is intentionally left blank" closes each item's papers
    pages_column: bool = False  # page ranges in a column of their own to the right of the titles

    def ranges(self) -> dict[int, tuple[int, int]]:
        """item number -> printed (first, last) page of its papers."""
        out: dict[int, tuple[int, int]] = {}
        printed = 1
        for it in self.items:
            if it.pages:
                out[it.number] = (printed, printed + it.pages - 1)
                printed += it.pages
        return out


def _front_sheet(pack: Pack) -> list[Page]:
    ranges = pack.ranges()
    lines = [
        Line("AGENDA", 12, True),
        Line(pack.body_heading, 12, True),
        Line(f"{pack.date_line} {pack.venue}"),
        Line("Ask for: A Clerk  Telephone: 01234 567890"),
        Line("UNRESTRICTED ITEMS", 10, True, space_before=6),
        Line("(During these items the meeting is likely to be open to the public)"),
    ]
    lines += [
        Line(f"Note {i + 1}: this paragraph explains the procedure for the meeting.")
        for i in range(pack.front_padding)
    ]
    for it in pack.items:
        pages = f"(Pages {ranges[it.number][0]} - {ranges[it.number][1]})" if it.number in ranges else ""
        text = f"{it.number}. {it.title}" + (f" {pages}" if pages and not pack.pages_column else "")
        if it.wrap_at and it.wrap_at < len(text):
            cut = text.rfind(" ", 0, it.wrap_at)  # break between words, as a word processor does
            item = [Line(text[:cut], 12, True, space_before=10), Line(text[cut + 1 :], 12, True)]
        else:
            item = [Line(text, 12, True, space_before=10)]
        if pages and pack.pages_column:
            asides = [pages[: pages.rfind(" ")], pages[pages.rfind(" ") + 1 :]] if it.wrap_pages else [pages]
            if len(asides) > len(item):
                item.append(Line("", 12, True))
            for line, aside in zip(item, asides, strict=False):
                line.aside = aside
        lines += item
    lines += [
        Line("EXEMPT ITEMS", 10, True, space_before=10),
        Line("(At the time of preparing the agenda there were no exempt items.)"),
        Line("A Lawyer General Counsel 01234 567891", space_before=10),
        Line("Monday, 24 February 2020"),
    ]
    per_page = 34
    return [Page(lines[i : i + per_page]) for i in range(0, len(lines), per_page)]


def agenda_pack_pages(pack: Pack) -> list[Page]:
    """The pages of a pack: unnumbered front sheet, then each item's papers numbered from 1."""
    pages = _front_sheet(pack)
    printed = 1
    small = {"and", "of", "the", "for", "in", "on"}
    body = " ".join(w if w in small else w.capitalize() for w in pack.body_heading.lower().split())
    for it in pack.items:
        if not it.pages:
            continue
        opening, text = PAPERS[it.kind]
        for k in range(it.pages):
            content = [f"{line.format(body=body)}" for line in opening] if k == 0 else []
            content += text
            if pack.blank_between and k == it.pages - 1:
                content = ["This page is intentionally left blank"]
            footer = pack.footer.format(n=printed) if pack.footer else None
            pages.append(Page([Line(t) for t in content], footer=footer))
            printed += 1
    return pages


def write_agenda_pack(path: Path, pack: Pack) -> Path:
    return write_pdf(path, agenda_pack_pages(pack))


@dataclass
class Text:
    """A piece of text placed on the page: `x` is its left edge, or its right edge when `right`."""

    x: float
    y: float  # from the top of the page to the text's top, in points
    text: str
    size: float = 8.0
    bold: bool = False
    right: bool = False


def write_placed(path: Path, pages: Sequence[Sequence[Text]]) -> Path:
    """A PDF of text placed piece by piece (tables set by alignment alone: no rules, no fills)."""
    canvas = Canvas(str(path), pagesize=A4)
    _, height = A4
    for page in pages:
        for t in page:
            canvas.setFont("Helvetica-Bold" if t.bold else "Helvetica", t.size)
            draw = canvas.drawRightString if t.right else canvas.drawString
            draw(t.x, height - t.y - t.size, t.text)
        canvas.showPage()
    canvas.save()
    return path
