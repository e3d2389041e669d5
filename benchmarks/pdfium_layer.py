"""A prototype reading layer on pypdfium2: characters with boxes from PDFium, words as pdfplumber makes them.

Not used by the pipeline. It exists to measure what replacing pdfminer's layout parsing (nearly all of
pdfplumber's cost) would save, and on how many pages it gives the same words.

Characters come from PDFium's text page (one ctypes call per attribute), with pdfminer's box
convention rebuilt: x from the glyph origin and advance (PDFium's "loose" box), y from the baseline,
the font's descent and the font size, so `top`/`bottom` match pdfminer rather than the tight glyph
box. Words are then grouped by pdfplumber's own `WordExtractor` with the settings of
`parsers/words.py` (pdfplumber's rules), so any difference comes from the characters, not the grouping.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pdfplumber.utils.text import WordExtractor

# the settings of pdfplumber's extract_words that parsers/words.py follows
EXTRA_ATTRS = ["fontname", "size", "non_stroking_color", "upright"]
X_TOLERANCE = 1.5

Char = dict[str, Any]
WordBox = tuple[str, float, float, float, float]  # text, x0, top, x1, bottom


def _font_info(textpage: Any, index: int, obj: Any) -> tuple[str, float, tuple[float, ...], bool, float]:
    """fontname, size, fill colour, upright and descent (points) of the text object holding char `index`."""
    font = raw.FPDFTextObj_GetFont(obj)
    name = ""
    if font:
        n = raw.FPDFFont_GetBaseFontName(font, None, 0)
        if n:
            buf = ctypes.create_string_buffer(n)
            raw.FPDFFont_GetBaseFontName(font, buf, n)
            name = buf.value.decode("utf-8", "replace")
    size = float(raw.FPDFText_GetFontSize(textpage, index))
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    colour: tuple[float, ...] = ()
    if raw.FPDFText_GetFillColor(textpage, index, r, g, b, a):
        colour = (r.value / 255, g.value / 255, b.value / 255)
    m = raw.FS_MATRIX()
    upright = True
    if raw.FPDFText_GetMatrix(textpage, index, m):
        upright = abs(m.b) < 1e-6 and abs(m.c) < 1e-6
    descent = ctypes.c_float()
    desc = 0.0
    if font and raw.FPDFFont_GetDescent(font, ctypes.c_float(size), descent):
        desc = float(descent.value)
    return name, size, colour, upright, desc


def page_chars(page: pdfium.PdfPage) -> list[Char]:
    """Every real (not PDFium-generated) character on the page as a pdfplumber-style char dict."""
    height = float(page.get_height())
    textpage = page.get_textpage()
    tp = textpage.raw
    chars: list[Char] = []
    cache: dict[int, tuple[str, float, tuple[float, ...], bool, float]] = {}
    box = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    try:
        for i in range(raw.FPDFText_CountChars(tp)):
            if raw.FPDFText_IsGenerated(tp, i) == 1:
                continue
            code = raw.FPDFText_GetUnicode(tp, i)
            obj = raw.FPDFText_GetTextObject(tp, i)
            key = ctypes.cast(obj, ctypes.c_void_p).value or 0
            info = cache.get(key)
            if info is None:
                info = cache[key] = _font_info(tp, i, obj)
            name, size, colour, upright, desc = info
            raw.FPDFText_GetLooseCharBox(tp, i, box)
            raw.FPDFText_GetCharOrigin(tp, i, ox, oy)
            if upright:
                x0, x1 = box.left, box.right
                bottom = height - (oy.value + desc)
                top = bottom - size
            else:
                x0, x1 = min(box.left, box.right), max(box.left, box.right)
                top, bottom = height - max(box.top, box.bottom), height - min(box.top, box.bottom)
            chars.append(
                {
                    "text": chr(code) if code else "",
                    "x0": x0,
                    "x1": x1,
                    "top": top,
                    "bottom": bottom,
                    "doctop": top,
                    "upright": upright,
                    "fontname": name,
                    "size": size,
                    "non_stroking_color": colour,
                }
            )
    finally:
        textpage.close()
    return chars


def page_paths(page: pdfium.PdfPage) -> list[tuple[float, float, float, float]]:
    """Boxes of the page's path objects (rects, rules, curves), top-left origin: the rest of a layer."""
    height = float(page.get_height())
    out = []
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        out.append((float(left), height - float(top), float(right), height - float(bottom)))
    return out


_EXTRACTOR = WordExtractor(x_tolerance=X_TOLERANCE, keep_blank_chars=False, extra_attrs=EXTRA_ATTRS)


def words_from_chars(chars: list[Char]) -> list[WordBox]:
    words = _EXTRACTOR.extract_words(chars) if chars else []
    return [(w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in words]


def iter_page_words(path: str | Path, with_paths: bool = True) -> Iterator[list[WordBox]]:
    """Words of each page in order; also reads path objects when `with_paths`, as a full layer would."""
    doc = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(doc)):
            page = doc[index]
            try:
                if with_paths:
                    page_paths(page)
                yield words_from_chars(page_chars(page))
            finally:
                page.close()
    finally:
        doc.close()


def same_words(a: list[WordBox], b: list[WordBox], tol: float = 1.0) -> tuple[bool, bool, bool]:
    """Compare page `a` (PDFium) with page `b` (pdfplumber): (same texts in order, and also every box
    within `tol` pt, and the same once words pdfminer could not decode, "(cid:N)", are left out)."""
    if len(a) != len(b):
        return False, False, False
    pairs = list(zip(a, b, strict=True))

    def close(wa: WordBox, wb: WordBox) -> bool:
        return all(abs(p - q) <= tol for p, q in zip(wa[1:], wb[1:], strict=True))

    texts = all(wa[0] == wb[0] for wa, wb in pairs)
    boxes = texts and all(close(wa, wb) for wa, wb in pairs)
    decodable = all(wa[0] == wb[0] and close(wa, wb) for wa, wb in pairs if "(cid:" not in wb[0])
    return texts, boxes, decodable
