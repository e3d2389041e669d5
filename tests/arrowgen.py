"""Build a QPR page whose direction-of-travel arrows are drawn the way a Word export of a real
QPR draws them (docs/notes: one hollow "cursor" icon of 36 path operators, rotated about its frame
centre by a `cm` matrix, under a page-level y flip, in two nested clips, filled then closed and
stroked, each pass in its own q ... Q, tagged with an MCID).

Every operator is written verbatim with reportlab's `addLiteral`, in the y-down frame the page
flip sets up; text un-flips itself with `1 0 0 -1 x y Tm`. Each arrow may vary the way real ones
do: rotation jitter, scale (also non-uniform), a rescaled copy of the icon, a mirrored local
matrix, white on a red cell, fill only, a stroke pass under an alpha ExtGState.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

WIDTH, HEIGHT = 595.29998779, 841.90002441
FRAME = 17.858  # the rotated icon frame, in points (72 icon units)

# the icon, authored y-down in a 72 x 72 box, pointing to the top-left corner (tip near 15.5, 15.5)
ICON = """16.65449905 16.62375069 m 54.1815033 29.13750076 l
54.1853981 29.13877487 54.18758011 29.14304924 54.18629837 29.14694977 c
54.18555069 29.14920044 54.18375015 29.15099907 54.1815033 29.15175056 c
41.34075546 33.77700043 l 39.11700058 34.57500076 l 40.78874969 36.24599838 l 54.87825012 50.33475113 l
50.31750107 54.89099884 l 36.24224854 40.81200027 l 34.57500076 39.14099884 l 33.77399826 41.36399841 l
29.14349937 54.20999908 l
29.14222527 54.21390152 29.1379509 54.21607971 29.13405037 54.2148056 c
29.1317997 54.21405029 29.13000107 54.21224976 29.12924957 54.20999908 c
16.64550018 16.63500023 l
16.64242554 16.63252449 16.64189911 16.62795067 16.64437485 16.62487411 c
16.64685059 16.62179947 16.65142441 16.62127495 16.65449905 16.62375069 c h
16.30949974 15 m 16.30274963 15 l
15.58282471 15.01642513 15.0122261 15.61282539 15.02775002 16.33275032 c
15.03067589 16.46647453 15.0539999 16.59900093 15.09675121 16.72574997 c
27.89100266 55.24124908 l
28.13249969 55.92472458 28.88235092 56.28292465 29.56582451 56.0414238 c
29.93977737 55.90927887 30.23385048 55.61520386 30.36599922 55.24124908 c
35.18175125 41.87250137 l 50.31750107 57.01200485 l 57 50.3370018 l 41.85000229 35.18700027 l
55.20000076 30.37874985 l
55.88572311 30.14249992 56.25008011 29.39505005 56.01382446 28.70932579 c
55.88220215 28.32727432 55.58205414 28.0271244 55.20000076 27.89550018 c
16.7302494 15.06750011 l
16.59449959 15.02265072 16.4524498 14.99985027 16.30949974 15 c h"""

# clockwise on screen from the icon's native top-left direction
THETA = {"up": 45.0, "right": 135.0, "down": -135.0, "left": -45.0}


def icon_variant(rescale: float) -> str:
    """A copy of the icon with its coordinates rescaled about the box centre (Word keeps several)."""
    if rescale == 1.0:
        return ICON
    out = []
    for token in ICON.split():
        try:
            out.append(f"{36 + (float(token) - 36) * rescale:.5f}")
        except ValueError:
            out.append(token)
    return " ".join(out)


@dataclass
class Arrow:
    direction: str  # up, right, down, left: as it shows on the rendered page
    jitter: float = 0.0  # degrees added to the nominal rotation
    scale: tuple[float, float] = (0.24803, 0.24803)
    rescale: float = 1.0  # an icon copy rescaled about its centre
    mirrored: bool = False  # a local matrix with det < 0 (the icon is symmetric about its own axis)
    white: bool = False  # 1 g / 1 G (arrows on red cells)
    fill_only: bool = False
    stroke_alpha: bool = False  # the stroke pass under an ExtGState with /CA < 1


def icon_matrix(arrow: Arrow) -> tuple[float, ...]:
    t = math.radians(THETA[arrow.direction] + arrow.jitter)
    sx, sy = arrow.scale
    a, b, c, d = sx * math.cos(t), sx * math.sin(t), -sy * math.sin(t), sy * math.cos(t)
    if arrow.mirrored:
        a, b, c, d = c, d, a, b  # swap the icon's x and y first: a reflection across its own axis
    half = FRAME / 2
    return a, b, c, d, half - 36 * (a + c), half - 36 * (b + d)


def _num(v: float) -> str:
    return f"{v:.8f}".rstrip("0").rstrip(".")


def arrow_block(arrow: Arrow, x: float, y: float, cell_w: float, cell_h: float, mcid: int) -> list[str]:
    """The operators of one arrow whose cell interior has its top-left at (x, y), y-down."""
    dx, dy = 3.5, (cell_h - FRAME) / 2
    a, b, c, d, e, f = icon_matrix(arrow)
    corners = [(0, 0), (72, 0), (72, 72), (0, 72)]
    clip2 = [(px * a + py * c + e, px * b + py * d + f) for px, py in corners]
    x0, y0 = -(dx + 5.15), -dy
    icon = icon_variant(arrow.rescale)
    grey = "1" if arrow.white else "0"
    ops = [
        f"q 1 0 0 1 {_num(x + 5.15)} {_num(y)} cm",
        f"/P <</MCID {mcid} >> BDC",
        f"q 1 0 0 1 {_num(dx)} {_num(dy)} cm",
        f"{_num(x0)} {_num(y0)} m {_num(x0 + cell_w)} {_num(y0)} l {_num(x0 + cell_w)} {_num(y0 + cell_h)} l "
        f"{_num(x0)} {_num(y0 + cell_h)} l h W n",
        "q "
        + " ".join(f"{_num(px)} {_num(py)} {op}" for (px, py), op in zip(clip2, "mlll", strict=True))
        + " h W n",
        f"q {' '.join(_num(v) for v in (a, b, c, d, e, f))} cm",
        f"q {grey} g {icon} f Q",
    ]
    if not arrow.fill_only:
        ops.append(f"q {grey} G {_num(0.75 / arrow.rescale)} w {icon} s Q")
    ops += ["Q", "Q", "Q", "EMC Q"]
    return ops


@dataclass
class Cell:
    text: str = ""
    fill: tuple[float, float, float] | None = None
    arrow: Arrow | None = None
    bold: bool = False


@dataclass
class Grid:
    """A ruled table at (left, top) in the y-down page frame."""

    left: float
    top: float
    widths: list[float]
    rows: list[list[Cell]]
    row_height: float = 26.0
    cells: list[tuple[float, float, float, float]] = field(default_factory=list)  # filled in by drawing


RULE = 0.5


@dataclass
class Text:
    """Lines of text from (left, top) in the y-down page frame: (text, bold, extra space above)."""

    left: float
    top: float
    lines: list[tuple[str, bool, float]]
    size: float = 9.0


def _draw_text(canvas: Canvas, block: Text) -> None:
    y = block.top
    for text, bold, space in block.lines:
        y += space + block.size * 1.3
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        font = "/F2" if bold else "/F1"
        canvas.addLiteral(
            f"BT 1 0 0 -1 {_num(block.left)} {_num(y)} Tm {font} {block.size} Tf ({escaped}) Tj ET"
        )


def _draw_grid(canvas: Canvas, grid: Grid, arrows: list[tuple[Arrow, float, float, float, float]]) -> None:
    xs = [grid.left]
    for w in grid.widths:
        xs.append(xs[-1] + w)
    ys = [grid.top + i * grid.row_height for i in range(len(grid.rows) + 1)]
    for i, row in enumerate(grid.rows):
        for j, cell in enumerate(row):
            x, y, w, h = xs[j], ys[i], grid.widths[j], grid.row_height
            grid.cells.append((x, y, x + w, y + h))
            if cell.fill:
                canvas.addLiteral(f"q {' '.join(_num(v) for v in cell.fill)} rg {_num(x)} {_num(y)} "
                                  f"{_num(w)} {_num(h)} re f Q")  # fmt: skip
            if cell.text:
                font = "/F2" if cell.bold else "/F1"
                text = cell.text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                canvas.addLiteral(
                    f"BT 1 0 0 -1 {_num(x + 4)} {_num(y + h / 2 + 3)} Tm {font} 8 Tf ({text}) Tj ET"
                )
            if cell.arrow:
                inner = RULE / 2
                arrows.append((cell.arrow, x + inner, y + inner, w - RULE, h - RULE))
    # rules last-but-arrows: filled 0.5 pt rectangles, as Word draws them
    for x in xs:
        canvas.addLiteral(f"q 0 g {_num(x - RULE / 2)} {_num(ys[0])} {RULE} {_num(ys[-1] - ys[0])} re f Q")
    for y in ys:
        canvas.addLiteral(f"q 0 g {_num(xs[0])} {_num(y - RULE / 2)} {_num(xs[-1] - xs[0])} {RULE} re f Q")


def write_arrow_pdf(path: Path, pages: list[list[Grid | Text]]) -> Path:
    """Each page: its grids drawn in the y-down frame, then every arrow after all text and rules
    (Word's floating-shape layer), one tagged block per arrow in top-to-bottom order."""
    canvas = Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    for grids in pages:
        canvas.setFont("Helvetica-Bold", 8)  # registers /F2 on the page
        canvas.setFont("Helvetica", 8)  # registers /F1
        canvas.addLiteral(f"1 0 0 -1 0 {_num(HEIGHT)} cm")
        arrows: list[tuple[Arrow, float, float, float, float]] = []
        for item in grids:
            if isinstance(item, Text):
                _draw_text(canvas, item)
            else:
                _draw_grid(canvas, item, arrows)
        for mcid, (arrow, x, y, w, h) in enumerate(arrows):
            if arrow.stroke_alpha:
                canvas.addLiteral("q")
                canvas.setStrokeAlpha(0.9686)
            for op in arrow_block(arrow, x, y, w, h, mcid):
                canvas.addLiteral(op)
            if arrow.stroke_alpha:
                canvas.addLiteral("Q")
        canvas.addLiteral(f"1 0 0 -1 0 {_num(HEIGHT)} cm")
        canvas.showPage()
    canvas.save()
    return path
