"""A page's characters and graphics as plain dicts, straight from pdfminer's layout objects.

pdfplumber turns every layout object into a dict of all its attributes, resolving each one; on
text-heavy pages that costs as much as pdfminer's own parsing. The extractor needs a dozen keys,
so it builds them here with pdfplumber's own formulas (top-left coordinates shifted by the
MediaBox, document top) and hands the characters to pdfplumber's word extractor, so the words
are exactly the ones `page.extract_words` would give.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pdfplumber
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTLine, LTRect
from pdfplumber.utils.pdfinternals import resolve_all

Record = dict[str, Any]


@dataclass
class PageObjects:
    chars: list[Record] = field(default_factory=list)
    rects: list[Record] = field(default_factory=list)
    lines: list[Record] = field(default_factory=list)
    curves: list[Record] = field(default_factory=list)
    images: list[Record] = field(default_factory=list)


def flat_objects(objects: Any) -> Iterator[Any]:
    """Layout objects in drawing order, containers (form XObjects) opened in place."""
    for obj in objects:
        if isinstance(obj, LTContainer):
            yield from flat_objects(obj)
        else:
            yield obj


def page_objects(page: pdfplumber.page.Page, objects: list[Any]) -> PageObjects:
    """`objects`: the page's layout objects in drawing order (`flat_objects(page.layout)`)."""
    height = float(page.height)
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    doctop = float(page.initial_doctop)
    out = PageObjects()

    def box(obj: Any) -> Record:
        top = height - obj.y1 + mb_top
        return {"x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0, "top": top, "bottom": height - obj.y0 + mb_top}

    for obj in objects:
        if isinstance(obj, LTChar):
            rec = box(obj)
            ncolor = obj.graphicstate.ncolor
            fontname = obj.fontname
            if isinstance(fontname, bytes):  # rare byte-encoded font names
                fontname = fontname.decode("latin-1")
            rec.update(
                object_type="char",
                text=obj.get_text(),
                doctop=doctop + rec["top"],
                upright=obj.upright,
                fontname=fontname,
                size=obj.size,
                non_stroking_color=ncolor if isinstance(ncolor, tuple) else (ncolor,),
                matrix=obj.matrix,
            )
            out.chars.append(rec)
        elif isinstance(obj, LTCurve):
            rec = box(obj)
            rec.update(
                fill=obj.fill,
                stroke=obj.stroke,
                linewidth=obj.linewidth,
                non_stroking_color=resolve_all(obj.non_stroking_color),
                stroking_color=resolve_all(obj.stroking_color),
            )
            if isinstance(obj, LTRect):
                out.rects.append(rec)
            elif isinstance(obj, LTLine):
                out.lines.append(rec)
            else:
                rec["pts"] = [(mb_x0 + x, mb_top + height - y) for x, y in obj.pts]
                out.curves.append(rec)
        elif isinstance(obj, LTImage):
            out.images.append(box(obj))
    return out
