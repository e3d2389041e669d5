"""Cropped page regions with the figures of a finding highlighted, as inline PNG data URIs.

Boxes are `[x0, top, x1, bottom]` in PDF points from the page's top-left (the contract's
convention); the crop keeps a margin around every box so a reader sees the row and column
labels, and the picture is scaled so it fits a laptop screen and a printed page.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

BBox = Sequence[float]

PAGE_MARGIN = 12.0  # points trimmed from the page's left and right edges (rows keep their labels)
MARGIN_Y = 48.0  # points above and below
MAX_HEIGHT = 420.0  # points: taller regions are cut to the first boxes
TARGET_WIDTH = 860  # pixels of a snippet
MAX_SCALE = 2.5

# highlight colours (RGBA): the reported figure, and the figures it was checked against
REPORTED = ((200, 30, 30, 255), (230, 40, 40, 70))
OTHER = ((214, 140, 0, 255), (255, 210, 0, 90))


@dataclass
class Mark:
    bbox: BBox
    reported: bool = False


@dataclass
class Snippet:
    page: int
    data_uri: str
    width: int
    height: int
    region: tuple[float, float, float, float]  # the cropped area in page points


def _region(marks: Sequence[Mark], page_w: float, page_h: float) -> tuple[float, float, float, float]:
    x0 = min(m.bbox[0] for m in marks)
    top = min(m.bbox[1] for m in marks)
    x1 = max(m.bbox[2] for m in marks)
    bottom = max(m.bbox[3] for m in marks)
    if bottom - top > MAX_HEIGHT:  # keep the reported figure (or the first box) in view
        anchor = next((m for m in marks if m.reported), marks[0])
        top = max(top, anchor.bbox[1] - MAX_HEIGHT / 2)
        bottom = min(bottom, top + MAX_HEIGHT)
    return (
        max(0.0, min(x0 - 4, PAGE_MARGIN)),
        max(0.0, top - MARGIN_Y),
        min(page_w, max(x1 + 4, page_w - PAGE_MARGIN)),
        min(page_h, bottom + MARGIN_Y),
    )


def _valid(box: BBox | None) -> bool:
    return box is not None and len(box) == 4 and all(v is not None for v in box) and box[2] >= box[0]


class PageRenderer:
    """Renders regions of one PDF; opens the file once. Use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.pdf = pdfium.PdfDocument(str(path))

    def __enter__(self) -> PageRenderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.pdf.close()

    def __len__(self) -> int:
        return len(self.pdf)

    def snippet(self, page_no: int, marks: Sequence[Mark]) -> Snippet | None:
        """The region of 1-based `page_no` around `marks`, boxes drawn; None if nothing to show."""
        marks = [m for m in marks if _valid(m.bbox)]
        if not marks or not 1 <= page_no <= len(self.pdf):
            return None
        page = self.pdf[page_no - 1]
        try:
            page_w, page_h = page.get_size()
            left, top, right, bottom = _region(marks, page_w, page_h)
            if right - left < 1 or bottom - top < 1:
                return None
            scale = min(MAX_SCALE, TARGET_WIDTH / max(right - left, 1.0))
            # pdfium crops by the amount to remove from each side: (left, bottom, right, top)
            bitmap = page.render(scale=scale, crop=(left, page_h - bottom, page_w - right, top))
            image = bitmap.to_pil().convert("RGB")
        finally:
            page.close()
        image = _draw(image, marks, left, top, scale)
        return Snippet(page_no, _data_uri(image), image.width, image.height, (left, top, right, bottom))


def _draw(image: Image.Image, marks: Sequence[Mark], left: float, top: float, scale: float) -> Image.Image:
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    pad = 2.0
    # the reported figure last, so it is drawn on top
    for mark in sorted(marks, key=lambda m: m.reported):
        outline, fill = REPORTED if mark.reported else OTHER
        x0, y0, x1, y1 = mark.bbox
        box = (
            (x0 - left - pad) * scale,
            (y0 - top - pad) * scale,
            (x1 - left + pad) * scale,
            (y1 - top + pad) * scale,
        )
        draw.rectangle(box, fill=fill, outline=outline, width=max(2, round(scale)))
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")


def _data_uri(image: Image.Image) -> str:
    # a 64-colour palette keeps text crisp and makes the PNG several times smaller
    buf = io.BytesIO()
    image.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(buf, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
