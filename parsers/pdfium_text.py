"""pdfium as the second reader: how much text each page holds, and a page's words when the main
reader cannot read it (text only: no fonts' names, fills or rules, so tables on such a page are
found from the words' positions alone)."""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractor.parsers.page import PageContent, Word

# a new word starts after a gap wider than this share of the font size (pdfium reports no spaces
# between words that a PDF places apart without a space character)
WORD_GAP = 0.25
# characters on one line whose middles differ by more than this share of their height are not
LINE_SHIFT = 0.5


def read_page(doc: pdfium.PdfDocument, index: int) -> PageContent | None:
    """The page's words as pdfium places them (top-left coordinates); None when it cannot load it."""
    try:
        page = doc[index]
    except pdfium.PdfiumError:
        return None
    try:
        width, height = page.get_size()
        content = PageContent(
            number=index + 1, width=float(width), height=float(height), rotation=page.get_rotation()
        )
        textpage = page.get_textpage()
        try:
            content.words = _words(textpage, float(height))
        finally:
            textpage.close()
        return content
    except pdfium.PdfiumError:
        return None
    finally:
        page.close()


def _words(textpage: pdfium.PdfTextPage, height: float) -> list[Word]:
    words: list[Word] = []
    current: Word | None = None
    for i in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage.raw, i)
        char = chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else ""
        if not char or char.isspace():
            current = None
            continue
        left, bottom, right, top = textpage.get_charbox(i)
        size = float(pdfium_c.FPDFText_GetFontSize(textpage.raw, i)) or (top - bottom)
        box_top, box_bottom = height - top, height - bottom
        if current is not None and _continues(current, left, box_top, box_bottom, size):
            current.text += char
            current.x1 = max(current.x1, right)
            current.top = min(current.top, box_top)
            current.bottom = max(current.bottom, box_bottom)
            continue
        current = Word(text=char, x0=left, top=box_top, x1=right, bottom=box_bottom, size=size)
        words.append(current)
    return words


def _continues(word: Word, left: float, top: float, bottom: float, size: float) -> bool:
    line_height = max(word.bottom - word.top, bottom - top, 1.0)
    same_line = abs((word.top + word.bottom) / 2 - (top + bottom) / 2) <= LINE_SHIFT * line_height
    return same_line and -WORD_GAP * size <= left - word.x1 <= WORD_GAP * size
