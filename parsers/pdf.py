"""Open a PDF, refuse bad input with a reason, and read each page into plain records.

Every later stage works on `PageContent`: words (with font, size and colour), filled rects,
ruling lines and curves, all with pdfplumber's top-left bbox convention and 1-based page numbers.
Pages are read one at a time and their parsed objects released, so memory stays flat.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
from playa.page import Page

from extractor.parsers.hidden import ClippedChar, clipped_chars, is_clipped, painted_over
from extractor.parsers.page import Color, Curve, PageContent, Rect, Segment, Word
from extractor.parsers.pdfobjects import open_document, read_objects
from extractor.parsers.words import build_words

logging.getLogger("playa").setLevel(logging.ERROR)

__all__ = ["Color", "Curve", "PageContent", "PdfError", "Rect", "Segment", "Word", "check_pdf", "iter_pages"]


class PdfError(Exception):
    """The input cannot be read as a PDF; `reason` says why in words a user understands."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def sha256_of(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_pdf(path: str | Path) -> int:
    """Raise PdfError if the file is not a readable PDF with text; return its page count."""
    p = Path(path)
    if not p.exists():
        raise PdfError(path, "file not found")
    if p.is_dir():
        raise PdfError(path, "is a folder, not a file")
    size = p.stat().st_size
    if size == 0:
        raise PdfError(path, "empty file (0 bytes)")
    with open(p, "rb") as fh:
        head = fh.read(1024)
        fh.seek(max(0, size - 2048))
        tail = fh.read()
    if b"%PDF-" not in head:
        start = head[:40].decode("latin-1", "replace").strip().replace("\n", " ")
        raise PdfError(path, f"not a PDF (the file starts with {start!r})")
    try:
        doc = pdfium.PdfDocument(str(p))
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise PdfError(path, "encrypted (a password is needed to open it)") from None
        if b"%%EOF" not in tail:
            raise PdfError(path, "truncated (the file ends before the PDF's end-of-file marker)") from None
        raise PdfError(path, f"corrupt (PDFium cannot parse it: {exc})") from None
    try:
        if b"%%EOF" not in tail:
            raise PdfError(path, "truncated (the file ends before the PDF's end-of-file marker)")
        pages = len(doc)
        if pages == 0:
            raise PdfError(path, "corrupt (the document has no pages)")
        if not any(_pdfium_has_text(doc, i) for i in range(pages)):
            raise PdfError(path, "no text layer on any page (a scanned or image-only PDF; OCR it first)")
        return pages
    finally:
        doc.close()


def _pdfium_has_text(doc: pdfium.PdfDocument, index: int) -> bool:
    page = doc[index]
    try:
        textpage = page.get_textpage()
        try:
            return bool(textpage.get_text_range().strip())
        finally:
            textpage.close()
    finally:
        page.close()


RULE_THICKNESS = 2.5  # a filled rect thinner than this is a ruling line (spreadsheets draw 2pt double rules)


def read_page(page: Page, number: int, clipped: list[ClippedChar] | None = None) -> PageContent:
    """One page's content (`number` 1-based; `clipped`: the characters its clip paths hide,
    found with pdfium)."""
    objects = read_objects(page)
    content = PageContent(
        number=number, width=objects.width, height=objects.height, rotation=objects.rotation
    )
    glyphs = objects.glyphs
    painted = painted_over(glyphs, objects.fills)
    by_text: dict[str, list[ClippedChar]] = {}
    for glyph in clipped or ():
        by_text.setdefault(glyph[0], []).append(glyph)
    if painted or by_text:
        glyphs = [g for g in glyphs if id(g) not in painted and not is_clipped(g, by_text)]
    content.words = build_words(glyphs)
    for p in objects.paths:
        if p.kind == "rect":
            rect = Rect(
                x0=p.x0,
                top=p.top,
                x1=p.x1,
                bottom=p.bottom,
                fill=p.fill_color,
                stroke=p.stroke_color,
                filled=p.fill,
                stroked=p.stroke,
                linewidth=p.linewidth,
            )
            content.rects.append(rect)
            if rect.stroked and not rect.filled:
                # an outlined box contributes its four sides as ruling
                content.segments.extend(
                    [
                        Segment(rect.x0, rect.top, rect.x1, rect.top),
                        Segment(rect.x0, rect.bottom, rect.x1, rect.bottom),
                        Segment(rect.x0, rect.top, rect.x0, rect.bottom),
                        Segment(rect.x1, rect.top, rect.x1, rect.bottom),
                    ]
                )
            elif rect.filled and (min(rect.height, rect.width) < RULE_THICKNESS):
                content.segments.append(Segment(rect.x0, rect.top, rect.x1, rect.bottom))
    # ruling lines after the rects' segments, the order the stages were tuned on
    content.segments.extend(Segment(p.x0, p.top, p.x1, p.bottom) for p in objects.paths if p.kind == "line")
    content.curves = [
        Curve(x0=p.x0, top=p.top, x1=p.x1, bottom=p.bottom, points=p.points, fill=p.fill_color, filled=p.fill)
        for p in objects.paths
        if p.kind == "curve"
    ]
    content.images = objects.images
    return content


def iter_pages(path: str | Path) -> Iterator[PageContent]:
    """Yield each page's content in order; a page's parsed objects are released once read."""
    try:
        pdf = open_document(str(path))
    except Exception as exc:  # the parser raises many types for damaged files
        raise PdfError(path, f"corrupt (cannot parse: {type(exc).__name__})") from None
    try:
        doc: pdfium.PdfDocument | None = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        doc = None  # playa could open it: read it without the clipping check
    try:
        for index, page in enumerate(pdf.pages):
            yield read_page(page, index + 1, _clipped(doc, index))
    finally:
        pdf.close()
        if doc is not None:
            doc.close()


def _clipped(doc: pdfium.PdfDocument | None, index: int) -> list[ClippedChar]:
    if doc is None or index >= len(doc):
        return []
    page = doc[index]
    try:
        return clipped_chars(page)
    except pdfium.PdfiumError:
        return []
    finally:
        page.close()
