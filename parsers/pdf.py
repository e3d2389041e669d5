"""Open a PDF, refuse bad input with a reason, and read each page into plain records.

Every later stage works on `PageContent`: words (with font, size and colour), filled rects,
ruling lines and curves, all with pdfplumber's top-left bbox convention and 1-based page numbers.
Pages are read one at a time and their pdfplumber caches released, so memory stays flat.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
from pdfplumber.utils.text import WordExtractor

from extractor.parsers.hidden import ClippedChar, clipped_chars, is_hidden, painted_over
from extractor.parsers.pdfobjects import flat_objects, page_objects

logging.getLogger("pdfminer").setLevel(logging.ERROR)

Color = tuple[float, ...] | None


class PdfError(Exception):
    """The input cannot be read as a PDF; `reason` says why in words a user understands."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    fontname: str = ""
    size: float = 0.0
    color: Color = None
    upright: bool = True

    @property
    def bold(self) -> bool:
        return "bold" in self.fontname.lower()

    @property
    def xmid(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def ymid(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Rect:
    x0: float
    top: float
    x1: float
    bottom: float
    fill: Color = None
    stroke: Color = None
    filled: bool = False
    stroked: bool = False
    linewidth: float = 0.0

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True)
class Segment:
    """A ruling line (or a thin rect acting as one)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.bottom - self.top) <= (self.x1 - self.x0)


@dataclass(slots=True)
class Curve:
    x0: float
    top: float
    x1: float
    bottom: float
    points: list[tuple[float, float]] = field(default_factory=list)
    fill: Color = None
    filled: bool = False


@dataclass(slots=True)
class PageContent:
    number: int
    width: float
    height: float
    rotation: int = 0
    words: list[Word] = field(default_factory=list)
    rects: list[Rect] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    curves: list[Curve] = field(default_factory=list)
    images: list[tuple[float, float, float, float]] = field(default_factory=list)
    # the page's text lines, built once by parsers.layout.page_lines for every stage that reads them
    lines_cache: list[Any] | None = field(default=None, repr=False, compare=False)

    @property
    def has_text(self) -> bool:
        return any(w.text.strip() for w in self.words)


def _color(value: object) -> Color:
    if value is None:
        return None
    if isinstance(value, int | float):
        return (float(value),)
    if isinstance(value, list | tuple):
        try:
            return tuple(float(v) for v in value)
        except (TypeError, ValueError):
            return None
    return None


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


# pdfplumber's own word grouping, on characters built without its per-object cost (pdfobjects.py)
WORDS = WordExtractor(
    keep_blank_chars=False,
    use_text_flow=False,
    extra_attrs=["fontname", "size", "non_stroking_color", "upright"],
    x_tolerance=1.5,
)
RULE_THICKNESS = 2.5  # a filled rect thinner than this is a ruling line (spreadsheets draw 2pt double rules)

# Codes WinAnsiEncoding leaves unused; the PDF specification has them show a bullet, which pdfminer
# cannot map and writes as "(cid:N)". Only unembedded simple fonts (no "ABCDEF+" subset prefix) use
# the standard encodings; in an embedded or CID font the same number means something else.
_UNUSED_WINANSI = re.compile(r"\(cid:(?:127|129|141|143|144|157)\)")
_SYMBOLIC_FONTS = ("Symbol", "ZapfDingbats", "Wingdings")


def _decode_unmapped(text: str, fontname: str) -> str:
    if "(cid:" not in text or "+" in fontname or fontname.startswith(_SYMBOLIC_FONTS):
        return text
    return _UNUSED_WINANSI.sub("\u2022", text)


def _page_content(page: pdfplumber.page.Page, clipped: list[ClippedChar] | None = None) -> PageContent:
    """`clipped`: the page's characters its clip paths hide (found with pdfium)."""
    clipped = clipped or []
    content = PageContent(
        number=page.page_number,
        width=float(page.width),
        height=float(page.height),
        rotation=int(page.rotation or 0),
    )
    objects = list(flat_objects(page.layout))
    records = page_objects(page, objects)
    painted = painted_over(objects)
    by_text: dict[str, list[ClippedChar]] = {}
    for glyph in clipped:
        by_text.setdefault(glyph[0], []).append(glyph)
    chars = records.chars
    if painted or by_text:
        chars = [c for c in chars if not is_hidden(c, painted, by_text)]
    for w in WORDS.extract_words(chars):
        content.words.append(
            Word(
                text=_decode_unmapped(str(w["text"]), str(w.get("fontname") or "")),
                x0=float(w["x0"]),
                top=float(w["top"]),
                x1=float(w["x1"]),
                bottom=float(w["bottom"]),
                fontname=str(w.get("fontname") or ""),
                size=float(w.get("size") or 0.0),
                color=_color(w.get("non_stroking_color")),
                upright=bool(w.get("upright", True)),
            )
        )
    for r in records.rects:
        rect = Rect(
            x0=float(r["x0"]),
            top=float(r["top"]),
            x1=float(r["x1"]),
            bottom=float(r["bottom"]),
            fill=_color(r.get("non_stroking_color")),
            stroke=_color(r.get("stroking_color")),
            filled=bool(r.get("fill")),
            stroked=bool(r.get("stroke")),
            linewidth=float(r.get("linewidth") or 0.0),
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
    for ln in records.lines:
        content.segments.append(
            Segment(float(ln["x0"]), float(ln["top"]), float(ln["x1"]), float(ln["bottom"]))
        )
    for c in records.curves:
        content.curves.append(
            Curve(
                x0=float(c["x0"]),
                top=float(c["top"]),
                x1=float(c["x1"]),
                bottom=float(c["bottom"]),
                points=[(float(x), float(y)) for x, y in c.get("pts") or []],
                fill=_color(c.get("non_stroking_color")),
                filled=bool(c.get("fill")),
            )
        )
    for im in records.images:
        content.images.append((float(im["x0"]), float(im["top"]), float(im["x1"]), float(im["bottom"])))
    return content


def iter_pages(path: str | Path) -> Iterator[PageContent]:
    """Yield each page's content in order, releasing pdfplumber's caches as it goes."""
    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:  # pdfminer raises many types for damaged files
        raise PdfError(path, f"corrupt (cannot parse: {type(exc).__name__})") from None
    try:
        doc: pdfium.PdfDocument | None = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        doc = None  # pdfplumber could open it: read it without the clipping check
    with pdf:
        for index, page in enumerate(pdf.pages):
            try:
                yield _page_content(page, _clipped(doc, index))
            finally:
                page.close()
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
