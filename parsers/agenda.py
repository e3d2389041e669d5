"""Agenda packs: front sheet, agenda items with page ranges, segmentation, document type.

    footers (printed page -> physical page) → front sheet (meeting, items, printed ranges)
    → each item's physical pages → each item classified from its pages → the pack's type

A PDF without an agenda front sheet (a standalone QPR, minutes, a budget report, an appendix) is
classified as a whole. `page_items` / `page_types` tell later stages which item (and which kind of
document) each physical page belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.parsers.classify import classify_pages
from extractor.parsers.footers import PageNumbering, map_printed_pages
from extractor.parsers.frontsheet import is_agenda_marker, parse_front_sheet
from extractor.parsers.layout import TextLine
from extractor.parsers.minutes import parse_minutes
from extractor.parsers.pdf import PageContent
from extractor.schemas.document import AgendaItem, Meeting, MinutesRecord
from extractor.schemas.vocabulary import load_vocab

# a front sheet (with its summons, notes and motions) is never longer than this
_MAX_FRONT_PAGES = 10
# the agenda heading is near the start: on one of the first pages, in its first lines
_MARKER_PAGES = 2
_MARKER_LINES = 25


@dataclass
class AgendaResult:
    document_type: str = "other"
    meeting: Meeting | None = None
    items: list[AgendaItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # physical page -> agenda item number, for pages that belong to an item
    page_items: dict[int, str] = field(default_factory=dict)
    # physical page -> document type of the item (or document) the page belongs to
    page_types: dict[int, str] = field(default_factory=dict)
    # physical pages of the front sheet (empty when the PDF is not an agenda pack)
    front_pages: list[int] = field(default_factory=list)
    # physical page -> printed page number, where a footer gives one
    printed_pages: dict[int, int] = field(default_factory=dict)
    # the minutes in the PDF (a minutes document, or each minutes item of a pack)
    minutes: list[MinutesRecord] = field(default_factory=list)


def _starts_report(page_lines: list[TextLine]) -> bool:
    patterns = load_vocab("meetings")["report_start"]
    return any(
        re.search(p, " ".join(ln.text.split()), re.IGNORECASE) for ln in page_lines[:8] for p in patterns
    )


def front_sheet_pages(
    pages: list[PageContent], lines: dict[int, list[TextLine]], numbering: PageNumbering
) -> list[int]:
    """The front sheet: from the page with the agenda heading up to the first numbered pack page
    (or, without footers, up to the first page where a report or minutes begin)."""
    numbers = [p.number for p in pages]
    start = next(
        (
            n
            for n in numbers[:_MARKER_PAGES]
            if any(is_agenda_marker(ln.text) for ln in lines.get(n, [])[:_MARKER_LINES])
        ),
        None,
    )
    if start is None:
        return []
    front = [start]
    for n in numbers[numbers.index(start) + 1 : numbers.index(start) + _MAX_FRONT_PAGES]:
        if n in numbering.marks or (not numbering.found and _starts_report(lines.get(n, []))):
            break
        front.append(n)
    return front


def _place_items(
    items: list[AgendaItem], numbering: PageNumbering, front: list[int], page_count: int
) -> tuple[int, list[str]]:
    """Fill page_start/page_end from the printed ranges; return the pack offset used and warnings."""
    warnings: list[str] = []
    with_pages = [it for it in items if it.printed_page_start is not None]
    ranges = [
        (it.printed_page_start or 0, it.printed_page_end or it.printed_page_start or 0) for it in with_pages
    ]
    choice = numbering.choose_offset(ranges, front[-1] + 1 if front else 1)
    offset = choice.offset
    if not numbering.found and with_pages:
        warnings.append(
            "agenda: no printed page numbers found in the footers; item pages assumed to follow the front "
            f"sheet (physical page = printed page + {offset})"
        )
    elif not choice.from_footers and with_pages:
        warnings.append(
            "agenda: the footers' page numbers do not fit the front sheet's page ranges; item pages assumed "
            f"to follow the front sheet (physical page = printed page + {offset})"
        )
    elif choice.disagreeing:
        warnings.append(
            f"agenda: {choice.disagreeing} page(s) carry a page number that is not the pack's "
            "(restarted or internal numbering); ignored"
        )
    missing: list[str] = []
    for it, (first, last) in zip(with_pages, ranges, strict=True):
        if first + offset > page_count:
            missing.append(it.number)
            continue
        it.page_start = first + offset
        it.page_end = min(last + offset, page_count)
        if last + offset > page_count:
            warnings.append(f"agenda item {it.number}: printed pages run past the end of the PDF")
    if missing:
        warnings.append(f"agenda items {', '.join(missing)}: their papers are not in this PDF")
    previous_end = 0
    for it, (first, last) in zip(with_pages, ranges, strict=True):
        if first <= previous_end:
            warnings.append(f"agenda item {it.number}: page range overlaps or precedes the item before it")
        previous_end = max(previous_end, last)
    return offset, warnings


def _standalone(pages: list[PageContent], lines: dict[int, list[TextLine]]) -> AgendaResult:
    numbers = [p.number for p in pages]
    kind = classify_pages(numbers, lines).document_type
    result = AgendaResult(document_type=kind, page_types=dict.fromkeys(numbers, kind))
    if kind == "minutes" and numbers:
        # minutes describe one meeting: "MINUTES of a meeting of the Cabinet held ... on Thursday, ..."
        record = parse_minutes(numbers, lines)
        result.minutes.append(record)
        if record.body or record.date:
            result.meeting = Meeting(body=record.body, date=record.date, time=None, venue=None)
    return result


def parse_agenda(
    pages: list[PageContent], lines: dict[int, list[TextLine]], page_count: int | None = None
) -> AgendaResult:
    """The agenda of `pages` (all of the PDF's, or the ones chosen of its `page_count`)."""
    page_count = page_count if page_count is not None else len(pages)
    numbering = map_printed_pages(pages, lines, page_count)
    front = front_sheet_pages(pages, lines, numbering)
    sheet = parse_front_sheet(front, lines) if front else None
    if sheet is None or not sheet.items:
        result = _standalone(pages, lines)
        common = numbering.support().most_common(1)
        result.printed_pages = numbering.printed_of(common[0][0]) if common else {}
        return result
    result = AgendaResult(
        document_type=sheet.body_pack_type or "committee_agenda_pack",
        meeting=sheet.meeting,
        items=sheet.items,
        front_pages=front,
    )
    offset, warnings = _place_items(sheet.items, numbering, front, page_count)
    result.warnings.extend(warnings)
    result.printed_pages = numbering.printed_of(offset)
    for page in front:
        result.page_types[page] = result.document_type
    for it in sheet.items:
        if it.page_start is None or it.page_end is None:
            continue
        span = list(range(it.page_start, it.page_end + 1))
        it.document_type = classify_pages(span, lines).document_type  # type: ignore[assignment]
        if it.document_type == "minutes":
            result.minutes.append(parse_minutes(span, lines, it.number))
        for page in span:
            result.page_items[page] = it.number
            result.page_types[page] = it.document_type or "other"
    return result
