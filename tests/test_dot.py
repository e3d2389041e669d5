"""Direction of travel: glyphs, words, symbol-font letters, drawn shapes, the report's key."""

from __future__ import annotations

import pytest

from extractor.parsers.dot import DotKey, decode_symbol_font, learn_key_row, read_dot
from extractor.parsers.dot_shapes import classify_points
from extractor.parsers.pdf import Curve, PageContent, Rect, Word
from extractor.parsers.qpr import extract_kpis
from extractor.parsers.rag import rag_from_color, rag_from_fill, rag_from_text
from extractor.schemas.document import Table

CELL = [100.0, 100.0, 130.0, 120.0]


@pytest.mark.parametrize(
    ("text", "dot"),
    [
        ("↑", "improving"), ("↓", "worsening"), ("↔", "stable"), ("⇒", "stable"), ("→", "stable"),
        ("⇧", "improving"), ("⇩", "worsening"), ("⬄", "stable"), ("▲", "improving"), ("▼", "worsening"),
        ("◆", "stable"), ("Improving", "improving"), ("no clear trend", "stable"),
        ("on a declining trend", "worsening"),
    ],
)  # fmt: skip
def test_glyphs_and_words(text: str, dot: str) -> None:
    assert read_dot(text).dot == dot


def test_empty_cell_is_null_without_warning_and_unknown_mark_warns() -> None:
    assert read_dot("").dot is None and read_dot("").warning is None
    unknown = read_dot("§")
    assert unknown.dot is None and unknown.warning
    mixed = read_dot("↑↓")  # two marks that disagree: never guess
    assert mixed.dot is None and mixed.warning


def _page(words: list[Word] = [], curves: list[Curve] = [], rects: list[Rect] = [], images=()) -> PageContent:  # noqa: B006
    return PageContent(
        number=5, width=600, height=800, words=words, curves=curves, rects=rects, images=list(images)
    )


@pytest.mark.parametrize(
    ("char", "font", "dot"),
    [
        ("\uf0e9", "ABCDEF+Wingdings-Regular", "improving"),  # private-use code point
        ("ê", "Wingdings", "worsening"),  # the letter a symbol font draws as a down arrow
        ("ó", "BCDEFG+Wingdings", "stable"),  # ⬄
        ("h", "Wingdings3", "improving"),
        ("q", "Wingdings 3", "worsening"),
        ("\u00ad", "Symbol", "improving"),
        ("\uf0de", "SymbolMT", "stable"),
    ],
)
def test_symbol_font_letters_and_private_use_code_points(char: str, font: str, dot: str) -> None:
    word = Word(char, 105, 104, 112, 116, fontname=font)
    reading = read_dot(char, page=_page([word]), bbox=CELL)
    assert (reading.dot, reading.source) == (dot, "symbol_font")


def test_letters_in_a_text_font_are_not_decoded() -> None:
    assert decode_symbol_font("h", "Arial-BoldMT") == "h"
    word = Word("h", 105, 104, 112, 116, fontname="Arial")
    assert read_dot("h", page=_page([word]), bbox=CELL).dot is None


def _curve(points: list[tuple[float, float]]) -> Curve:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return Curve(min(xs), min(ys), max(xs), max(ys), points=points, fill=(0.0, 0.5, 0.0), filled=True)


UP_TRIANGLE = [(115, 104), (109, 116), (121, 116), (115, 104)]
DOWN_TRIANGLE = [(109, 104), (121, 104), (115, 116)]
RIGHT_ARROW_HEAD = [(118, 104), (126, 110), (118, 116)]  # with a shaft rect drawn separately
DIAMOND = [(115, 103), (121, 110), (115, 117), (109, 110)]


@pytest.mark.parametrize(
    ("points", "direction"),
    [
        (UP_TRIANGLE, "up"),
        (DOWN_TRIANGLE, "down"),
        (DIAMOND, "diamond"),
        ([(115, 110), (109, 104), (109, 116)], "right"),
    ],
)
def test_shape_geometry(points: list[tuple[float, float]], direction: str) -> None:
    assert classify_points(points) == direction


def test_bezier_circle_has_no_direction() -> None:
    k = 0.552 * 6
    circle = [
        (121, 110), (121, 110 + k), (115 + k, 116), (115, 116), (115 - k, 116), (109, 110 + k), (109, 110),
        (109, 110 - k), (115 - k, 104), (115, 104), (115 + k, 104), (121, 110 - k), (121, 110),
    ]  # fmt: skip
    assert classify_points(circle) is None
    reading = read_dot("", page=_page(curves=[_curve(circle)]), bbox=CELL)
    assert reading.dot is None and reading.warning


def test_drawn_arrows_in_cells() -> None:
    up = read_dot("", page=_page(curves=[_curve(UP_TRIANGLE)]), bbox=CELL)
    assert (up.dot, up.source) == ("improving", "shape")
    shaft = Rect(104, 108, 118, 112, fill=(0.0, 0.0, 0.0), filled=True)
    right = read_dot("", page=_page(curves=[_curve(RIGHT_ARROW_HEAD)], rects=[shaft]), bbox=CELL)
    assert right.dot == "stable"
    # the cell's own border and background are not the mark
    background = Rect(100, 100, 130, 120, fill=(0.9, 0.9, 0.9), filled=True)
    assert read_dot("", page=_page(rects=[background]), bbox=CELL).dot is None


def test_image_mark_is_not_guessed() -> None:
    reading = read_dot("", page=_page(images=[(108.0, 104.0, 122.0, 116.0)]), bbox=CELL)
    assert reading.dot is None and reading.source == "image" and reading.warning


def test_key_calibrates_glyphs_and_shapes() -> None:
    key = DotKey()
    learn_key_row(key, "⇩", "Performance has remained stable or shows no clear trend")
    assert read_dot("⇩", key).dot == "stable"  # the report's key wins over the default
    key.shapes["diamond"] = "improving"
    assert read_dot("", key, _page(curves=[_curve(DIAMOND)]), CELL).dot == "improving"


def test_key_table_with_drawn_marks_calibrates_kpi_cells() -> None:
    """A report whose key and KPI table both draw their arrows: the meaning comes from the key."""
    key_cells = [[200.0, 300.0, 230.0, 320.0], [200.0, 320.0, 230.0, 340.0]]
    key = Table(
        id="k", pages=[5], bbox=[200, 280, 500, 340], header_rows=[["GREEN", "Target has been achieved"]],
        rows=[["", "Performance has worsened"], ["", "Performance has improved"]],
        row_pages=[5, 5], row_bboxes=[[200, 300, 500, 320], [200, 320, 500, 340]],
        cell_bboxes=[[key_cells[0], None], [key_cells[1], None]],
    )  # fmt: skip
    kpis = Table(
        id="t", pages=[5], bbox=[50, 90, 400, 140], header_rows=[["Area KPIs", "RAG", "DoT"]],
        rows=[["Number of widgets mended", "GREEN", ""], ["Number of gadgets mended", "RED", ""]],
        row_pages=[5, 5], row_bboxes=[[50, 100, 400, 120], [50, 120, 400, 140]],
        cell_bboxes=[
            [[50, 100, 99, 120], [99, 100, 100, 120], CELL],
            [[50, 120, 99, 140], None, [100, 120, 130, 140]],
        ],
    )  # fmt: skip

    def shift(points: list[tuple[float, float]], dx: float, dy: float) -> list[tuple[float, float]]:
        return [(x + dx, y + dy) for x, y in points]

    # the key draws "worsened" as an upward triangle (a council whose arrows show the value, not performance)
    curves = [_curve(shift(UP_TRIANGLE, 100, 200)), _curve(shift(DOWN_TRIANGLE, 100, 220))]
    curves += [_curve(UP_TRIANGLE), _curve(shift(DOWN_TRIANGLE, 0, 20))]
    red = Rect(99, 120, 100, 140, fill=(0.8, 0.05, 0.1), filled=True)
    result = extract_kpis([key, kpis], [_page(curves=curves, rects=[red])], [])
    assert [(k.rag_latest, k.dot) for k in result.kpis] == [("GREEN", "worsening"), ("RED", "improving")]


@pytest.mark.parametrize(
    ("color", "rag"),
    [
        ((0.18, 0.545, 0.341), "GREEN"), ((0.0, 0.69, 0.31), "GREEN"), ((0.949, 0.698, 0.2), "AMBER"),
        ((1.0, 0.75, 0.0), "AMBER"), ((0.784, 0.063, 0.18), "RED"), ((1.0, 0.0, 0.0), "RED"),
        ((0.0, 1.0, 1.0, 0.0), "RED"), ((1.0, 1.0, 0.0, 0.0), None), ((0.0, 0.0, 1.0, 0.0), "AMBER"),
        ((0.85, 0.886, 0.953), None),
        ((0.5,), None), ((0.05, 0.05, 0.05), None),
    ],
)  # fmt: skip
def test_rag_from_fill_colour(color: tuple[float, ...], rag: str | None) -> None:
    assert rag_from_color(color) == rag


def test_rag_from_fill_under_the_cell() -> None:
    rects = [
        Rect(0, 0, 600, 800, fill=(1.0, 1.0, 1.0), filled=True),
        Rect(99, 99, 131, 121, fill=(0.0, 0.7, 0.3), filled=True),
    ]
    assert rag_from_fill(rects, CELL).rag == "GREEN"
    assert rag_from_fill(rects, [300.0, 300.0, 320.0, 320.0]).rag is None


@pytest.mark.parametrize(
    ("text", "rag"),
    [
        ("GREEN", "GREEN"),
        ("Amber", "AMBER"),
        ("red *", "RED"),
        ("Red (at risk)", "RED"),
        ("*", None),
        ("Medium (15)", None),
        ("Good", None),
    ],
)
def test_rag_words(text: str, rag: str | None) -> None:
    assert rag_from_text(text) == rag


@pytest.mark.parametrize(
    ("color", "rag"),
    [
        ((0.6, 0.3, 0.1), None),
        ((0.2, 0.4, 0.9), None),
        ((0.78, 0.94, 0.81), "GREEN"),
        ((1.0, 0.5, 0.0), "AMBER"),
    ],
)
def test_fill_colours_outside_the_margin_are_unknown(color: tuple[float, ...], rag: str | None) -> None:
    """A brown or a blue is no nearest guess; Excel's pale 'good' green and an orange are read."""
    assert rag_from_color(color) == rag


def _fill_table(colours: list[tuple[float, float, float]]) -> tuple[Table, list[Rect]]:
    cells = [[100.0, 100.0 + 20 * i, 130.0, 120.0 + 20 * i] for i in range(len(colours))]
    table = Table(
        id="t", pages=[5], bbox=[50, 90, 400, 180], header_rows=[["Area KPIs", "RAG", "DoT"]],
        rows=[[f"Number of things mended, kind {i}", "", "↑"] for i in range(len(colours))],
        row_pages=[5] * len(colours), row_bboxes=[[50, c[1], 400, c[3]] for c in cells],
        cell_bboxes=[[[50, c[1], 99, c[3]], c, [140, c[1], 150, c[3]]] for c in cells],
    )  # fmt: skip
    rects = [Rect(*c, fill=colour, filled=True) for c, colour in zip(cells, colours, strict=True)]
    return table, rects


def test_unreadable_fill_gives_null_and_a_warning_naming_page_and_cell() -> None:
    table, rects = _fill_table([(0.0, 0.69, 0.31), (0.6, 0.3, 0.1)])
    result = extract_kpis([table], [_page(rects=rects)], [])
    assert [k.rag_latest for k in result.kpis] == ["GREEN", None]
    (warning,) = result.warnings
    assert warning.startswith(
        "page 5: table t: KPI 'Number of things mended, kind 1': latest RAG fill #994c1a"
    )


def test_the_reports_key_colours_map_fills() -> None:
    """A report whose key paints Red brown: its cells are read through the key, not the palette."""
    brown, green = (0.6, 0.3, 0.1), (0.0, 0.69, 0.31)
    key = Table(
        id="k", pages=[5], bbox=[200, 300, 500, 340], header_rows=[],
        rows=[["GREEN", "Target has been achieved"], ["", "Floor Standard has not been achieved"]],
        row_pages=[5, 5], row_bboxes=[[200, 300, 500, 320], [200, 320, 500, 340]],
        cell_bboxes=[[[200, 300, 230, 320], [240, 300, 400, 320]], [None, [240, 320, 400, 340]]],
    )  # fmt: skip
    key_rects = [
        Rect(200, 300, 230, 320, fill=green, filled=True),
        Rect(200, 320, 230, 340, fill=brown, filled=True),
    ]
    table, rects = _fill_table([green, brown])
    result = extract_kpis([key, table], [_page(rects=rects + key_rects)], [])
    assert [k.rag_latest for k in result.kpis] == ["GREEN", "RED"]
    assert not result.warnings
