"""Read every page a surveyed file holds, whatever the main reader makes of it.

The main reader (`pdf.iter_pages`) gives words with fonts, fills, rules and curves. Each page it
cannot read, every page it never reaches (the file's page tree is damaged, or the reader fails
part-way) and every page where it finds no text but pdfium does is read by pdfium instead (text
only) and named in a warning; a page neither can read is an empty page with a warning. A page
where the reader finds much less text than pdfium is kept, with a warning: the difference is text
hidden on the page (left out on purpose) or damage, and only a person can tell which.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from operator import attrgetter

import pypdfium2 as pdfium

from extractor.parsers import pdfium_text
from extractor.parsers.isolation import PageFailure, failure_reason
from extractor.parsers.pdf import PageContent, PdfError, Survey, iter_pages

SHORT_TEXT = 0.5  # the reader found under this share of pdfium's characters on a page: a warning
MIN_CHARS = 20  # pages where pdfium finds fewer characters than this are not compared
_TEXT = attrgetter("text")


@dataclass
class Reading:
    pages: list[PageContent]
    warnings: list[str] = field(default_factory=list)
    unread: set[int] = field(default_factory=set)  # pages neither reader could read
    read_any: bool = False  # the main reader read at least one page


def read_document(survey: Survey, chosen: Collection[int] | None = None) -> Reading:
    """Every page of the file (or the `chosen` physical pages), each read by one reader or the other."""
    failures: list[PageFailure] = []
    read: dict[int, PageContent] = {}
    stopped: str | None = None
    try:
        for page in iter_pages(survey.read_path, failures, survey.clipped, chosen):
            read.setdefault(page.number, page)
    except PdfError as exc:
        stopped = exc.reason
    except (Exception, RecursionError, MemoryError) as exc:  # the page tree itself is damaged
        stopped = failure_reason(exc)
    reading = Reading(pages=[], warnings=list(survey.notes), read_any=bool(read))
    if stopped and not read:
        reading.warnings.append(
            f"the main reader cannot read the file ({stopped}); its text is read with pdfium"
        )
    extra = sorted(n for n in read if n > survey.pages)
    if extra:
        reading.warnings.append(
            f"the main reader found {max(extra)} pages where pdfium finds {survey.pages}; "
            f"pages after {survey.pages} are left out"
        )
    why = {f.number: f.reason for f in failures}
    doc = pdfium.PdfDocument(str(survey.read_path))
    try:
        for number in range(1, survey.pages + 1):
            if chosen is not None and number not in chosen:
                continue
            reading.pages.append(_page(number, read.get(number), why, stopped, survey, doc, reading))
    finally:
        doc.close()
    return reading


def _page(
    number: int,
    page: PageContent | None,
    why: dict[int, str],
    stopped: str | None,
    survey: Survey,
    doc: pdfium.PdfDocument,
    reading: Reading,
) -> PageContent:
    theirs = survey.chars[number - 1] or 0
    if page is not None:
        if theirs < MIN_CHARS:
            return page
        ours = sum(map(len, map(str.strip, map(_TEXT, page.words))))
        if ours >= SHORT_TEXT * theirs:
            return page
        if ours:
            reading.warnings.append(
                f"page {number}: the reader found {ours} characters of text where pdfium finds {theirs} "
                "(text hidden on the page is left out; the rest may be damaged)"
            )
            return page
        cause = f"the reader found no text where pdfium finds {theirs} characters"
    elif number in why:
        cause = f"could not be read ({why[number]})"
    elif stopped and not reading.read_any:
        cause = ""  # the file-level warning says why
    elif stopped:
        cause = f"not reached: the reader stopped ({stopped})"
    else:
        cause = "not found by the reader"
    fallback = pdfium_text.read_page(doc, number - 1)
    if fallback is not None and fallback.has_text:
        if cause:
            reading.warnings.append(f"page {number}: {cause}; its text is read with pdfium (no graphics)")
        return fallback
    if page is not None:
        return page
    reading.warnings.append(f"page {number}: {cause or 'cannot be read'}; left out")
    reading.unread.add(number)
    if fallback is not None:
        return fallback
    last = reading.pages[-1] if reading.pages else None  # an empty page the size of the one before
    width, height = (last.width, last.height) if last else (595.0, 842.0)
    return PageContent(number=number, width=width, height=height)
