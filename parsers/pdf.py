"""Open a PDF, refuse bad input with a reason, and read each page into plain records.

Every later stage works on `PageContent`: words (with font, size and colour), filled rects,
ruling lines and curves, all with pdfplumber's top-left bbox convention and 1-based page numbers.
Pages are read one at a time and their parsed objects released, so memory stays flat.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
import warnings
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from playa.page import Page

from extractor.parsers import streams
from extractor.parsers.content import read_objects
from extractor.parsers.hidden import ClippedChar, clipped_chars, is_clipped, painted_over
from extractor.parsers.isolation import PageFailure, guarded_read
from extractor.parsers.page import Color, Curve, PageContent, Rect, Segment, Word
from extractor.parsers.pdfobjects import TEXT, open_document
from extractor.parsers.words import build_words
from extractor.schemas.errors import ExtractorError
from extractor.schemas.paths import printable_path, special_file

logging.getLogger("playa").setLevel(logging.ERROR)
logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # its repair narrates what it mends

__all__ = ["Color", "Curve", "PageContent", "PdfError", "Rect", "Segment", "Word", "check_pdf", "iter_pages"]


class PdfError(ExtractorError):
    """The input cannot be read as a PDF; `reason` says why in words a user understands."""

    exit_code = 3

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = printable_path(path)
        super().__init__(f"{self.path}: {reason}")
        self.reason = reason


def sha256_of(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# pdfium's load errors in words (FPDF_ERR_*); 0 is "success", which pdfium also returns for some
# damaged files, so it gets the generic wording
_PDFIUM_ERRORS = {
    2: "the file cannot be opened",
    3: "its structure cannot be parsed",
    4: "a password is needed",
    5: "it uses an unsupported security scheme",
    6: "a page cannot be loaded",
}
# a page needs at least a dictionary like "<</Type/Page>>": a page count far above what the file's
# size can hold is a lie (a damaged or hostile /Count), and the pages that exist are counted instead
MIN_PAGE_BYTES = 16


@dataclass
class Survey:
    """What pdfium finds in a file before it is read: the pages, the text on each, what was mended."""

    path: Path  # the file as given
    read_path: Path  # what the readers open: the file itself, or a mended copy of it
    pages: int
    chars: list[int | None]  # non-blank characters pdfium finds per page; None: it cannot load the page
    # per page, the characters its clip paths hide (parsers/hidden.py), found while the page is open
    clipped: list[list[ClippedChar]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # warnings about the file as a whole
    scratch: tempfile.TemporaryDirectory[str] | None = field(default=None, repr=False)

    def close(self) -> None:
        if self.scratch is not None:
            self.scratch.cleanup()
            self.scratch = None


def check_pdf(path: str | Path) -> int:
    """Raise PdfError if the file is not a readable PDF with text; return its page count."""
    survey = survey_pdf(path)
    survey.close()
    return survey.pages


def survey_pdf(path: str | Path) -> Survey:
    """Open the file with pdfium (mending what can be mended), or raise PdfError with the real cause.

    Refused: a missing, special or empty file; no PDF header anywhere in it; encrypted; damaged
    past what pdfium and pypdf's repair can read; no page with text. The caller closes the Survey.
    """
    p = Path(path)
    if not p.exists():
        raise PdfError(path, "file not found")
    if p.is_dir():
        raise PdfError(path, "is a folder, not a file")
    kind = special_file(p)
    if kind:
        raise PdfError(path, f"not a regular file ({kind})")
    size = p.stat().st_size
    if size == 0:
        raise PdfError(path, "empty file (0 bytes)")
    data = p.read_bytes()
    start = data.find(b"%PDF-")
    if start < 0:
        head = data[:40].decode("latin-1", "replace").strip().replace("\n", " ")
        raise PdfError(path, f"not a PDF (no PDF header in the file, which starts with {head!r})")
    survey = Survey(path=p, read_path=p, pages=0, chars=[])
    try:
        defused, bombs = streams.defuse(data)
        if bombs:
            data = defused
            survey.read_path = _scratch_copy(survey, data, "defused.pdf")
            survey.notes.extend(bombs)
        doc = _open_mended(survey, data, start)
        try:
            _count_text(survey, doc, size)
        finally:
            doc.close()
    except BaseException:
        survey.close()
        raise
    return survey


def _scratch_copy(survey: Survey, data: bytes, name: str) -> Path:
    if survey.scratch is None:
        survey.scratch = tempfile.TemporaryDirectory(prefix="extractor-")
    copy = Path(survey.scratch.name) / name
    copy.write_bytes(data)
    return copy


def _open_mended(survey: Survey, data: bytes, start: int) -> pdfium.PdfDocument:
    """pdfium's document for the file; else for the file without what precedes its header; else
    for pypdf's repair of it. Raises PdfError with the cause when none of them opens."""
    path = survey.path
    if start > 0:
        # pdfium looks for the header in the first KiB only; what precedes it is not the PDF's
        data = data[start:]
        survey.read_path = _scratch_copy(survey, data, "from-header.pdf")
        survey.notes.append(f"{start} bytes before the PDF header were skipped")
    try:
        return pdfium.PdfDocument(str(survey.read_path))
    except pdfium.PdfiumError as exc:
        code = exc.err_code
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        raise PdfError(path, "encrypted (a password is needed to open it)")
    if code == pdfium_c.FPDF_ERR_SECURITY:
        raise PdfError(path, "encrypted (with a security scheme pdfium does not support)")
    mended = _pypdf_repair(survey)
    if mended is not None:
        try:
            doc = pdfium.PdfDocument(str(mended))
        except pdfium.PdfiumError:
            pass
        else:
            survey.read_path = mended
            survey.notes.append("the file is damaged; read from pypdf's repair of it")
            return doc
    cause = _PDFIUM_ERRORS.get(code or 0, "its structure cannot be parsed")
    if b"%%EOF" not in data:
        raise PdfError(path, f"truncated (the file ends before the PDF's end-of-file marker; {cause})")
    raise PdfError(path, f"corrupt (pdfium: {cause}; pypdf could not repair it)")


def _pypdf_repair(survey: Survey) -> Path | None:
    """pypdf's rebuilt copy of a damaged file (it rescans objects when the xref is broken)."""
    import io

    from pypdf import PdfReader, PdfWriter

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(str(survey.read_path), strict=False)
            writer = PdfWriter(clone_from=reader)
            buffer = io.BytesIO()
            writer.write(buffer)
    except Exception:  # pypdf raises many types (and RecursionError) on what it cannot mend
        return None
    if not buffer.getvalue():
        return None
    return _scratch_copy(survey, buffer.getvalue(), "repaired.pdf")


def _count_text(survey: Survey, doc: pdfium.PdfDocument, size: int) -> None:
    pages = len(doc)
    lie = pages > size // MIN_PAGE_BYTES
    if lie:
        survey.notes.append(f"the file claims {pages} pages, more than it can hold; the pages found are read")
        pages = size // MIN_PAGE_BYTES
    chars: list[int | None] = []
    clipped: list[list[ClippedChar]] = []
    for index in range(pages):
        count, hidden = _pdfium_page_chars(doc, index)
        if count is None and lie:
            break  # past the pages that exist
        chars.append(count)
        clipped.append(hidden)
    survey.pages = len(chars)
    survey.chars = chars
    survey.clipped = clipped
    if all(c is None for c in chars):
        raise PdfError(survey.path, "corrupt (pdfium opens it but cannot load any page)")
    if not any(chars):
        raise PdfError(survey.path, _no_text_reason(doc, len(chars)))


def _pdfium_page_chars(doc: pdfium.PdfDocument, index: int) -> tuple[int | None, list[ClippedChar]]:
    """Non-blank characters of text pdfium finds on a page (None when it cannot load the page),
    and the characters its clip paths hide: one loading of the page serves both."""
    try:
        page = doc[index]
    except pdfium.PdfiumError:
        return None, []
    try:
        textpage = page.get_textpage()
        try:
            count = len("".join(textpage.get_text_range().split()))  # split: the same whitespace as isspace
            try:
                return count, clipped_chars(page, textpage)
            except pdfium.PdfiumError:
                return count, []
        finally:
            textpage.close()
    except pdfium.PdfiumError:
        return None, []
    finally:
        page.close()


def _no_text_reason(doc: pdfium.PdfDocument, pages: int) -> str:
    """A scan is pictures of pages; pages with no text and no pictures are blank or unreadable."""
    for index in range(pages):
        try:
            page = doc[index]
        except pdfium.PdfiumError:
            continue
        try:
            if any(o.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for o in page.get_objects(max_depth=2)):
                return "no text layer on any page (a scanned or image-only PDF; OCR it first)"
        finally:
            page.close()
    return "no text layer on any page (the pages are blank, or their content cannot be decoded)"


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
        glyphs = [
            g
            for i, g in enumerate(glyphs)
            if i not in painted and not (g[TEXT] in by_text and is_clipped(g, by_text))
        ]
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


def iter_pages(
    path: str | Path,
    failures: list[PageFailure] | None = None,
    clipped: list[list[ClippedChar]] | None = None,
    chosen: Collection[int] | None = None,
) -> Iterator[PageContent]:
    """Yield each page's content in order (only the `chosen` physical pages, if given); a page's
    parsed objects are released once read.

    A page that cannot be read is left out and, when `failures` is given, recorded there with
    the reason (otherwise its error is raised). `clipped`: each page's clipped characters when
    the file's survey found them already (else pdfium is opened here to find them)."""
    try:
        pdf = open_document(str(path))
    except Exception as exc:  # the parser raises many types for damaged files
        raise PdfError(path, f"corrupt (cannot parse: {type(exc).__name__})") from None
    doc: pdfium.PdfDocument | None = None
    if clipped is None:
        try:
            doc = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError:
            doc = None  # playa could open it: read it without the clipping check
    try:
        for index, page in enumerate(pdf.pages):
            if chosen is not None and index + 1 not in chosen:
                continue
            if clipped is not None:
                hidden = clipped[index] if index < len(clipped) else []
                read = partial(read_page, page, index + 1, hidden)
            else:
                read = partial(_read_clipped, page, doc, index)
            content = guarded_read(index + 1, read, failures)
            if content is not None:
                yield content
    finally:
        pdf.close()
        if doc is not None:
            doc.close()


def _read_clipped(page: Page, doc: pdfium.PdfDocument | None, index: int) -> PageContent:
    return read_page(page, index + 1, _clipped(doc, index))


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
