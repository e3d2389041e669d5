"""Text a reader cannot see: characters clipped away, or painted over by a fill drawn after them.

Spreadsheet exports leave text the page never shows (a label clipped to a one-point strip beside
a gradient-filled cell), and it would otherwise leak into the table's cells as words nobody sees.
The reader (playa) does not track clipping, so clipped text objects are found with pdfium: an object
whose clip region leaves less than half of its box visible is hidden, character by character.
Painted over: a character whose box centre lies under an opaque fill drawn later in the page's
content stream (a redaction box, a cell fill drawn over stray text).
"""

from __future__ import annotations

import ctypes
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractor.parsers.pdfobjects import BOTTOM, ORDER, TEXT, TOP, X0, X1, Box, Glyph

BIN = 20.0  # points of page height per bucket of the fill index
_FIRST = itemgetter(0)
_ORDER = itemgetter(ORDER)


def painted_over(glyphs: list[Glyph], fills: list[tuple[int, Box]]) -> set[int]:
    """Indices (in `glyphs`, which are in drawing order) of the glyphs whose box centre lies under
    an opaque fill drawn after them (`fills`: drawing order and box of each fill, as
    `parsers.pdfobjects` reads them)."""
    if not fills:
        return set()
    later: dict[int, list[Box]] = defaultdict(list)
    hidden: set[int] = set()
    pending = sorted(fills, key=_FIRST)
    # glyphs drawn after the last fill lie under none: the walk starts below them
    start = bisect_left(glyphs, pending[-1][0], key=_ORDER)
    for index in range(start - 1, -1, -1):  # last drawn first: fills are added as passed
        _, x0, top, x1, bottom, _, _, order = glyphs[index]
        while pending and pending[-1][0] > order:
            box = pending.pop()[1]
            for b in range(int(box[1] // BIN), int(box[3] // BIN) + 1):
                later[b].append(box)
        x, y = (x0 + x1) / 2, (top + bottom) / 2
        for left, upper, right, lower in later.get(int(y // BIN), ()):
            if left <= x <= right and upper <= y <= lower:
                hidden.add(index)
                break
    return hidden


ClippedChar = tuple[str, float, float]  # text, centre x, centre y (from the page's top)
MIN_VISIBLE = 0.5  # share of a text object's box its clip region must leave visible


def _clip_box(clip: Any) -> tuple[float, float, float, float] | None:
    """The bounding box of a clip region (the intersection of its paths), None if unclipped."""
    box: tuple[float, float, float, float] | None = None
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(pdfium_c.FPDFClipPath_CountPaths(clip)):
        xs, ys = [], []
        for j in range(pdfium_c.FPDFClipPath_CountPathSegments(clip, i)):
            segment = pdfium_c.FPDFClipPath_GetPathSegment(clip, i, j)
            if pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
                xs.append(x.value)
                ys.append(y.value)
        if not xs:
            continue
        path = (min(xs), min(ys), max(xs), max(ys))
        box = (
            path
            if box is None
            else (max(box[0], path[0]), max(box[1], path[1]), min(box[2], path[2]), min(box[3], path[3]))
        )
    return box


def _visible_share(
    bounds: tuple[float, float, float, float], clip: tuple[float, float, float, float]
) -> float:
    left, bottom, right, top = bounds
    area = max(0.0, right - left) * max(0.0, top - bottom)
    if area <= 0:
        return 1.0
    w = max(0.0, min(right, clip[2]) - max(left, clip[0]))
    h = max(0.0, min(top, clip[3]) - max(bottom, clip[1]))
    return w * h / area


def is_clipped(glyph: Glyph, clipped: dict[str, list[ClippedChar]]) -> bool:
    """Is this glyph one of the characters the page's clip paths hide?"""
    x, y = (glyph[X0] + glyph[X1]) / 2, (glyph[TOP] + glyph[BOTTOM]) / 2
    slack = 0.6 * (glyph[BOTTOM] - glyph[TOP])  # pdfium's glyph box is tighter than the reader's
    return any(abs(x - cx) <= 2.0 and abs(y - cy) <= slack for _, cx, cy in clipped.get(glyph[TEXT], ()))


FORM_DEPTH = 2  # text objects on the page and in form XObjects drawn on it, not deeper
_TEXT_OBJECT = pdfium_c.FPDF_PAGEOBJ_TEXT
_FORM_OBJECT = pdfium_c.FPDF_PAGEOBJ_FORM
_UNKNOWN_OBJECT = pdfium_c.FPDF_PAGEOBJ_UNKNOWN


def _text_objects(parent: Any, form: bool = False, level: int = 0) -> Iterator[Any]:
    """The raw handles of the text objects of a page (or form XObject), as pypdfium2's
    `get_objects(filter=[text], max_depth=FORM_DEPTH)` finds them, without a wrapper object (and
    its finaliser) for each of the page's objects."""
    count = (pdfium_c.FPDFFormObj_CountObjects if form else pdfium_c.FPDFPage_CountObjects)(parent)
    if count < 0:
        raise pdfium.PdfiumError("Failed to get number of pageobjects.")
    get_object = pdfium_c.FPDFFormObj_GetObject if form else pdfium_c.FPDFPage_GetObject
    get_type = pdfium_c.FPDFPageObj_GetType
    for i in range(count):
        raw = get_object(parent, i)
        if not raw:
            raise pdfium.PdfiumError("Failed to get pageobject.")
        kind = get_type(raw)
        if kind == _TEXT_OBJECT:
            yield raw
        elif kind == _FORM_OBJECT:
            if level < FORM_DEPTH - 1:
                yield from _text_objects(raw, True, level + 1)
        elif kind == _UNKNOWN_OBJECT:
            raise pdfium.PdfiumError("Failed to determine pageobject type.")


def clipped_chars(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage | None = None) -> list[ClippedChar]:
    """Characters of text objects their clip region hides, in top-left page coordinates
    (`textpage`: the page's text, when the caller has it open already)."""
    hidden: set[int] = set()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    get_clip, count_paths = pdfium_c.FPDFPageObj_GetClipPath, pdfium_c.FPDFClipPath_CountPaths
    for raw in _text_objects(page.raw):
        clip = get_clip(raw)
        # most text is unclipped: pdfium counts no paths (-1) for its clip
        box = _clip_box(clip) if clip and count_paths(clip) > 0 else None
        if box is None:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(raw, left, bottom, right, top):
            raise pdfium.PdfiumError("Failed to locate pageobject.")
        if _visible_share((left.value, bottom.value, right.value, top.value), box) < MIN_VISIBLE:
            hidden.add(ctypes.cast(raw, ctypes.c_void_p).value or 0)
    if not hidden:
        return []
    out: list[ClippedChar] = []
    height = page.get_height()
    own = textpage is None
    if textpage is None:
        textpage = page.get_textpage()
    try:
        for i in range(textpage.count_chars()):
            owner = pdfium_c.FPDFText_GetTextObject(textpage.raw, i)
            if (ctypes.cast(owner, ctypes.c_void_p).value or 0) not in hidden:
                continue
            left, bottom, right, top = textpage.get_charbox(i)
            out.append(
                (
                    chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i)),
                    (left + right) / 2,
                    height - (top + bottom) / 2,
                )
            )
    finally:
        if own:
            textpage.close()
    return out
