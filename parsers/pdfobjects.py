"""A page's glyphs and graphics, read with playa-pdf in drawing order, in top-left coordinates.

playa parses content streams in compiled code and yields each glyph and path lazily, with its
graphics state and marked-content stack; it descends from pdfminer, so fonts, CID maps,
ToUnicode, Type3 fonts and undecodable codes (`(cid:N)`) read as they did through pdfminer.
Boxes follow pdfminer's conventions (a glyph spans its advance width and runs from the font's
descent for one font size; a path is classed rect, line or curve by its operators), placed as
pdfplumber places them (top-left origin, shifted by the MediaBox), so every later stage sees the
same numbers as before. Nothing here keeps a reference to the document: a page read is released.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from struct import unpack
from typing import Final

import playa
from playa.cmapdb import IdentityCMap
from playa.color import Color as PlayaColor
from playa.content import ContentObject, ImageObject, PathObject, TextObject
from playa.font import CIDFont, Font, SimpleFont, Type3Font
from playa.page import Page
from playa.pdftypes import num_value
from playa.utils import apply_matrix_pt, get_bound, mult_matrix, transform_bbox

from extractor.parsers import playa_tuning

playa_tuning.install()

Color = tuple[float, ...] | None
Box = tuple[float, float, float, float]  # x0, top, x1, bottom
MIN_FILL = 1.5  # a fill thinner than this is a ruling line and covers nothing


# One glyph, as a plain tuple: a page holds thousands, and a tuple costs a tenth of an object to
# build and reads faster by index. Fields in this order, named by the indices below. What a text
# object's glyphs share (orientation, font, size, colour) is one `Style` tuple, built once per
# text object: the word-builder groups glyphs by it, and the same object compares equal at once.
Style = tuple[bool, str, float, Color]  # upright, font name, size, colour
Glyph = tuple[str, float, float, float, float, Style, int | None, int]
TEXT: Final = 0
X0: Final = 1
TOP: Final = 2
X1: Final = 3
BOTTOM: Final = 4
STYLE: Final = 5
MCID: Final = 6
ORDER: Final = 7
_NUMBER: Final = (int, float)  # a TJ array's kerning adjustment (a constant: `int | float` is built anew)


@dataclass(slots=True)
class PathPiece:
    """One subpath as pdfminer classes it: "rect", "line" or "curve"."""

    kind: str
    x0: float
    top: float
    x1: float
    bottom: float
    points: list[tuple[float, float]]
    fill: bool
    stroke: bool
    linewidth: float
    fill_color: Color
    stroke_color: Color


@dataclass(slots=True)
class PageObjects:
    width: float
    height: float
    rotation: int
    glyphs: list[Glyph] = field(default_factory=list)
    paths: list[PathPiece] = field(default_factory=list)
    images: list[Box] = field(default_factory=list)
    # opaque fills with their drawing order, for text painted over (parsers/hidden.py)
    fills: list[tuple[int, Box]] = field(default_factory=list)


def open_document(path: str) -> playa.Document:
    # "page" space is pdfminer's: origin at the MediaBox's bottom left, the page's rotation applied
    return playa.open(path, space="page")


def _color(value: PlayaColor) -> Color:
    """A playa colour as pdfplumber gave it: its components, None for a pattern."""
    if value.pattern is not None:
        return None
    return tuple(map(float, value.values))


def page_frame(page: Page) -> tuple[float, float, float, float]:
    """(width, height, x shift, top shift) of pdfplumber's page box, rotation applied."""
    x0, y0, x1, y1 = page.mediabox
    x0, x1 = sorted((x0, x1))
    y0, y1 = sorted((y0, y1))
    if page.rotate in (90, 270):
        x0, y0, x1, y1 = y0, x0, y1, x1
    return x1 - x0, y1 - y0, x0, -y0


def read_objects(page: Page) -> PageObjects:
    """Every glyph, path and image of the page, form XObjects opened in place (playa's parser)."""
    sink = Sink(page)
    for obj in page.flatten():
        sink.take(obj)
    return sink.out


class Sink:
    """The page's objects as they are drawn, in drawing order, into one `PageObjects`."""

    __slots__ = ("dx", "flip", "order", "out")

    def __init__(self, page: Page) -> None:
        width, height, dx, dtop = page_frame(page)
        self.out = PageObjects(width=width, height=height, rotation=int(page.rotate))
        self.dx = dx
        self.flip = height + dtop  # top = flip - y
        self.order = 0  # every object drawn counts, marked-content points included

    def take(self, obj: ContentObject) -> None:
        self.order += 1
        if isinstance(obj, TextObject):
            _read_text(obj, self.out, self.dx, self.flip, self.order)
        elif isinstance(obj, PathObject):
            _read_path(obj, self.out, self.dx, self.flip, self.order)
        elif isinstance(obj, ImageObject):
            bx0, by0, bx1, by1 = obj.bbox or (0.0, 0.0, 0.0, 0.0)
            self.out.images.append((bx0 + self.dx, self.flip - by1, bx1 + self.dx, self.flip - by0))


def _mcid(mcstack: tuple[object, ...]) -> int | None:
    for mc in reversed(mcstack):
        mcid = mc.mcid  # type: ignore[attr-defined]
        if mcid is not None:
            return int(mcid)
    return None


def _descent(font: Font) -> float:
    """The font's descent (text space) as pdfminer takes it, which its boxes were tuned on.

    Both libraries read the descriptor's Descent, made negative. playa also falls back to the
    FontBBox when Ascent and Descent are both 0 and assumes -120 when Descent is missing;
    pdfminer keeps 0 (and reads Type3 fonts from their FontBBox, as playa does). On first sight of
    a simple font without MissingWidth, its default width is set to the PDF specification's 0
    (playa assumes 1000), so a code the font has no width for advances as pdfminer's does.
    """
    cached = getattr(font, "_extractor_descent", None)
    if cached is not None:
        return float(cached)
    descent = float(font.descent)
    if not isinstance(font, Type3Font):
        descriptor = font.descriptor if isinstance(font.descriptor, dict) else {}
        try:
            descent = -abs(float(num_value(descriptor.get("Descent", 0))))
        except TypeError:
            descent = 0.0
        if isinstance(font, SimpleFont) and "MissingWidth" not in descriptor:
            font.default_width = 0
    descent *= font.matrix[3]
    font._extractor_descent = descent  # type: ignore[attr-defined]
    return descent


Code = tuple[int, str, float]  # a glyph as its font gives it: (code, text, advance width)
Run = tuple[Code, ...]  # the glyphs of one string
MAX_RUNS = 20_000  # decoded strings kept per font


def _runs(font: Font) -> dict[bytes, Run]:
    """The font's decoded strings: a page repeats its words and figures, a pack its headings."""
    runs: dict[bytes, Run] | None = getattr(font, "_extractor_runs", None)
    if runs is None or len(runs) > MAX_RUNS:
        runs = {}
        font._extractor_runs = runs  # type: ignore[attr-defined]
    return runs


class _Codes(dict[int, Code | None]):
    """One font's glyph for each character code, decoded once, on first sight: most strings are
    new (a line of a paragraph), their codes are not. For fonts whose strings split into codes of
    one length (`size` bytes) whatever the bytes around them: a simple font's single bytes, and a
    CID font's two-byte Identity-H codes whose ToUnicode map reads them two bytes at a time. None
    for a code read otherwise in context (the string is then decoded whole, as playa does)."""

    __slots__ = ("font", "size")

    def __init__(self, font: Font, size: int) -> None:
        super().__init__()
        self.font = font
        self.size = size

    def __missing__(self, code: int) -> Code | None:
        data = code.to_bytes(self.size, "big")
        glyph = _decode_whole(self.font, data) if self.size == 1 or _reads_whole(self.font, data) else ()
        entry = glyph[0] if len(glyph) == 1 else None
        self[code] = entry
        return entry


def _reads_whole(font: Font, code: bytes) -> bool:
    """Does the font's ToUnicode map (if any) read this two-byte code as one, wherever it stands?
    Its code space ranges are tried shortest first; the first that holds the code's first bytes wins."""
    tounicode = getattr(font, "tounicode", None)
    if tounicode is None:
        return True
    for length, (start, end) in zip(tounicode.code_lengths, tounicode.code_space, strict=False):
        if length > len(code):
            return False  # it would read into the next code
        if start <= code[:length] <= end:
            return length == len(code)
    return False


def _codes(font: Font) -> _Codes | None:
    """The font's per-code glyphs, or None when its strings must be decoded whole."""
    codes: _Codes | None | bool = getattr(font, "_extractor_codes", False)
    if codes is False:
        codes = None
        if isinstance(font, SimpleFont) and type(font).decode is SimpleFont.decode:
            codes = _Codes(font, 1)
        elif isinstance(font, CIDFont) and type(font).decode is CIDFont.decode:
            if type(font.cmap) is IdentityCMap:
                codes = _Codes(font, 2)
        font._extractor_codes = codes  # type: ignore[attr-defined]
    return codes  # type: ignore[return-value]


def _decode(font: Font, data: bytes) -> Run:
    codes = _codes(font)
    if codes is not None:
        if codes.size == 1:
            run = tuple(map(codes.__getitem__, data))
        elif len(data) % 2:
            return _decode_whole(font, data)  # an odd byte out: as playa reads it (it raises)
        else:
            run = tuple(map(codes.__getitem__, unpack(f">{len(data) // 2}H", data)))
        if None not in run:
            return run  # type: ignore[return-value]
    return _decode_whole(font, data)


def _decode_whole(font: Font, data: bytes) -> Run:
    return tuple((cid, _text(cid, text), font.hdisp(cid)) for cid, text in font.decode(data))


def _text(cid: int, text: str | None) -> str:
    if not text:
        return f"(cid:{cid})"  # a code the font cannot map, written as pdfminer writes it
    if len(text) == 1 and "\x80" <= text <= "\x9f":
        # a C1 control is never text: a font without a usable map gave its Windows-1252 code
        # (0x95 for a bullet), which pdfminer read through the font's own tables
        return bytes([ord(text)]).decode("cp1252", errors="ignore") or text
    return text


def _read_text(obj: TextObject, out: PageObjects, dx: float, flip: float, order: int) -> None:
    gstate = obj.gstate
    font = gstate.font
    if font is None:
        return
    color = _color(gstate.ncolor)
    fontname = font.fontname
    if isinstance(fontname, bytes):  # rare byte-encoded font names
        fontname = fontname.decode("latin-1")
    mcid = _mcid(obj.mcstack)
    descent = _descent(font)
    a, b, c, d, e, f = mult_matrix(obj.line_matrix, obj.ctm)
    if font.vertical or b or c:
        _read_glyphs(obj, out, dx, flip, order, (fontname, color, mcid, descent))
        return
    # Horizontal, unrotated text (nearly all of it): each glyph's rendering matrix is
    # (A, 0, 0, D, e + a * pos, F), so its box follows from its position along the line, computed
    # as playa's own glyph iterator does, without building a matrix and an object per glyph.
    fontsize = gstate.fontsize
    hscale = gstate.scaling * 0.01
    step = fontsize * hscale  # text space to device, along the line, before `a`
    charspace = gstate.charspace / fontsize if fontsize else 0.0
    wordspace = 0.0 if font.multibyte or not fontsize else gstate.wordspace / fontsize
    x, y = obj._glyph_offset
    big_a = step * a
    base = f + d * (y + gstate.rise)
    y0, y1 = base + fontsize * d * descent, base + fontsize * d * (descent + 1)
    if y1 < y0:
        y0, y1 = y1, y0
    top, bottom, size = flip - y1, flip - y0, y1 - y0
    upright = big_a * fontsize * d * hscale > 0  # pdfminer's test, with b = c = 0
    style = (upright, fontname, size, color)
    append = out.glyphs.append
    pos = x
    runs = _runs(font)
    spaced = charspace or wordspace  # without either, a glyph advances by its width alone
    for arg in obj.args:
        if isinstance(arg, _NUMBER):
            pos -= arg * 0.001 * step
            continue
        run = runs.get(arg)
        if run is None:
            run = runs[arg] = _decode(font, arg)
        for cid, text, width in run:
            x0 = e + a * pos
            x1 = x0 + big_a * width
            if x1 < x0:
                x0, x1 = x1, x0
            append((text, x0 + dx, top, x1 + dx, bottom, style, mcid, order))
            if spaced:
                pos += (width + charspace + (wordspace if cid == 32 else 0.0)) * step
            else:
                pos += width * step
    obj._next_glyph_offset = (pos, y)  # spares playa a second pass to place the next text


def _read_glyphs(
    obj: TextObject,
    out: PageObjects,
    dx: float,
    flip: float,
    order: int,
    style: tuple[str, Color, int | None, float],
) -> None:
    """Any text, from playa's glyph objects: vertical fonts and rotated or skewed text."""
    fontname, color, mcid, descent = style
    font = obj.gstate.font
    assert font is not None
    scaling = obj.gstate.scaling * 0.01
    vertical = font.vertical
    for glyph in obj:
        a, b, c, d, _, _ = matrix = glyph.matrix
        cid = glyph.cid
        # pdfminer's glyph box: the advance width, from the font's descent for one font size
        if vertical:
            vdisp = font.vdisp(cid)
            vx, vy = font.position(cid)
            x0, y0, x1, y1 = transform_bbox(matrix, (-vx, vy + vdisp, -vx + 1, vy))
            size = x1 - x0
        else:
            x0, y0, x1, y1 = transform_bbox(matrix, (0, descent, font.hdisp(cid), descent + 1))
            size = y1 - y0
        upright = a * d * scaling > 0 and b * c <= 0  # pdfminer's test
        if not upright and not vertical:
            # the em across the baseline; pdfminer's box height would be each glyph's advance
            # here, a different "size" per glyph that cut rotated words into pieces
            size = math.hypot(c, d)
        top, bottom = flip - y1, flip - y0
        text = _text(cid, glyph.text)
        glyph_style = (upright, fontname, size, color)
        out.glyphs.append((text, x0 + dx, top, x1 + dx, bottom, glyph_style, mcid, order))


def _read_path(obj: PathObject, out: PageObjects, dx: float, flip: float, order: int) -> None:
    """Split into subpaths and classed as pdfminer does (its `paint_path`)."""
    ctm = obj.ctm
    gstate = obj.gstate
    fill_color = stroke_color = None
    segments = obj.raw_segments
    start = 0
    for end in range(1, len(segments) + 1):
        if end < len(segments) and segments[end].operator != "m":
            continue
        sub = segments[start:end]
        start = end
        if sub[0].operator != "m" or len(sub) < 2:
            continue  # pdfminer drops a subpath that does not begin with a move, or is one
        pts: list[tuple[float, float]] = []
        ops = []
        for seg in sub:
            ops.append(seg.operator)
            pts.append(pts[0] if seg.operator == "h" else apply_matrix_pt(ctm, seg.points[-1]))
        shape = "".join(ops)
        if len(ops) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        kind = "curve"
        if shape in ("mlh", "ml"):
            kind = "line"
            pts = pts[:2]
        elif shape in ("mlllh", "mllll"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
            )
            if pts[0] == pts[4] and square:
                kind = "rect"
                pts = [(x0, y0), (x2, y0), (x2, y2), (x0, y2)]
        if fill_color is None and stroke_color is None:
            fill_color, stroke_color = _color(gstate.ncolor), _color(gstate.scolor)
        bx0, by0, bx1, by1 = get_bound(pts)
        box = (bx0 + dx, flip - by1, bx1 + dx, flip - by0)
        out.paths.append(
            PathPiece(
                kind,
                *box,
                points=[(x + dx, flip - y) for x, y in pts] if kind == "curve" else [],
                fill=obj.fill,
                stroke=obj.stroke,
                linewidth=float(gstate.linewidth),
                fill_color=fill_color,
                stroke_color=stroke_color,
            )
        )
        if obj.fill and bx1 - bx0 >= MIN_FILL and by1 - by0 >= MIN_FILL:
            out.fills.append((order, box))
