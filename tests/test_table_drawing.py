"""Ways typesetters draw a table's grid that must not change what the table holds, on pages the
tests build: rulings drawn as open paths, a cell's shading drawn in several same-coloured pieces
or inset from its rules, rows parted by a blank line inside one ruled block, a header band drawn
apart from its body, dot leaders, figures set centred, figure columns packed close."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from extractor.parsers.tables import extract_tables
from extractor.pipeline import read_pages
from extractor.schemas.document import Table
from tests.pdfgen import Text, write_placed

HEIGHT = A4[1]
SIZE = 9.0
ORANGE = (1.0, 0.8, 0.6)
GREEN = (0.8, 1.0, 0.8)


def _draw(path: Path, paint: Callable[[Canvas], None]) -> Path:
    canvas = Canvas(str(path), pagesize=A4)
    paint(canvas)
    canvas.showPage()
    canvas.save()
    return path


def _text(
    canvas: Canvas,
    x: float,
    top: float,
    text: str,
    right: bool = False,
    centre: bool = False,
    bold: bool = False,
) -> None:
    """Text whose line's top is `top` points below the page's top."""
    canvas.setFont("Helvetica-Bold" if bold else "Helvetica", SIZE)
    y = HEIGHT - top - SIZE
    if right:
        canvas.drawRightString(x, y, text)
    elif centre:
        canvas.drawCentredString(x, y, text)
    else:
        canvas.drawString(x, y, text)


def _rule(canvas: Canvas, x0: float, top: float, x1: float, bottom: float) -> None:
    canvas.setFillColorRGB(0, 0, 0)
    canvas.rect(x0, HEIGHT - bottom, x1 - x0, bottom - top, stroke=0, fill=1)


def _open_path_rule(canvas: Canvas, x0: float, top: float, x1: float, bottom: float) -> None:
    """A thin filled box drawn as move + three lines, never closed (as some exporters write it)."""
    canvas.setFillColorRGB(0, 0, 0)
    p = canvas.beginPath()
    p.moveTo(x0, HEIGHT - top)
    p.lineTo(x1, HEIGHT - top)
    p.lineTo(x1, HEIGHT - bottom)
    p.lineTo(x0, HEIGHT - bottom)
    canvas.drawPath(p, stroke=0, fill=1)


def _fill(
    canvas: Canvas, colour: tuple[float, float, float], x0: float, top: float, x1: float, bottom: float
) -> None:
    canvas.setFillColorRGB(*colour)
    canvas.rect(x0, HEIGHT - bottom, x1 - x0, bottom - top, stroke=0, fill=1)


def _tables(path: Path) -> list[Table]:
    return extract_tables(read_pages(path))


def _all_rows(table: Table) -> list[list[str]]:
    return table.header_rows + table.rows


COLUMNS = (60.0, 250.0, 330.0, 410.0, 490.0)  # a label column and three figure columns
BODY = [
    ["Region", "2001", "2002", "2003"],
    ["North", "1,204", "1,310", "1,422"],
    ["South", "980", "1,012", "1,105"],
    ["East", "702", "688", "731"],
]


def _ruled_table(
    canvas: Canvas,
    top: float,
    rows: list[list[str]],
    draw_rule: Callable[..., None],
    draw_open: Callable[[int], bool] = lambda k: False,
) -> None:
    """Every row and column boundary ruled; `draw_rule(canvas, x0, top, x1, bottom, column)` draws
    each horizontal rule piece between two column boundaries; the column rules `draw_open` picks
    (by index) are drawn as open paths."""
    row_h = 16.0
    bottom = top + row_h * len(rows)
    for i in range(len(rows) + 1):
        y = top + i * row_h
        for c, (a, b) in enumerate(zip(COLUMNS, COLUMNS[1:], strict=False)):
            draw_rule(canvas, a, y, b, y + 0.5, c)
    for k, x in enumerate(COLUMNS):
        (_open_path_rule if draw_open(k) else _rule)(canvas, x, top, x + 0.5, bottom)
    for i, row in enumerate(rows):
        y = top + i * row_h + 4
        _text(canvas, COLUMNS[0] + 4, y, row[0])
        for c, value in enumerate(row[1:], start=1):
            _text(canvas, COLUMNS[c + 1] - 4, y, value, right=True)


def _ruled_grid(canvas: Canvas, cols: tuple[float, ...], top: float, grid: list[list[str]]) -> float:
    """Rows of left-set text, ruled above and below each row and between the columns (not at the
    outer edges); returns the bottom of the last row."""
    y = top
    for row in grid:
        _rule(canvas, cols[0], y, cols[-1], y + 0.5)
        for c, value in enumerate(row):
            _text(canvas, cols[c] + 4, y + 4, value)
        y += 16
    _rule(canvas, cols[0], y, cols[-1], y + 0.5)
    for x in cols[1:-1]:
        _rule(canvas, x, top, x + 0.5, y)
    return y


def test_rulings_drawn_as_open_paths_are_rulings(tmp_path: Path) -> None:
    # the rules around the third column are paths left unclosed: without them the grid falls
    # apart, the last two columns of figures cut off from their labels
    def rule(canvas: Canvas, x0: float, top: float, x1: float, bottom: float, column: int) -> None:
        (_open_path_rule if column == 2 else _rule)(canvas, x0, top, x1, bottom)

    def paint(canvas: Canvas) -> None:
        _ruled_table(canvas, 100, BODY, rule, lambda k: k == 3)

    tables = _tables(_draw(tmp_path / "open-paths.pdf", paint))
    assert len(tables) == 1
    assert _all_rows(tables[0]) == BODY


def test_same_coloured_shading_inside_a_cell_draws_no_edge(tmp_path: Path) -> None:
    # each cell shaded, and again line by line a few points inside it in the same colour (as a
    # word processor pads a cell's text): neither the padding nor the line pieces are columns
    # or rows, and the wrapped label is one cell
    rows = [["Substance", "to air", "to water", "to land"], ["Benzene compounds", "1 000", "200", "200"]]
    row_h = 24.0

    def paint(canvas: Canvas) -> None:
        top = 100.0
        for i, row in enumerate(rows):
            y0 = top + i * row_h
            for c, (a, b) in enumerate(zip(COLUMNS, COLUMNS[1:], strict=False)):
                _fill(canvas, ORANGE, a + 0.5, y0 + 0.5, b, y0 + row_h)
                lines = ["Benzene", "compounds"] if (i, c) == (1, 0) else [row[c]]
                for k, line in enumerate(lines):
                    ly = y0 + 3 + k * 10.5
                    _fill(canvas, ORANGE, a + 5, ly, b - 5, ly + 10.5)  # the line's own shading
                    if c == 0:
                        _text(canvas, a + 6, ly, line)
                    else:
                        _text(canvas, b - 6, ly, line, right=True)
        for i in range(len(rows) + 1):
            _rule(canvas, COLUMNS[0], top + i * row_h, COLUMNS[-1], top + i * row_h + 0.5)
        for x in COLUMNS:
            _rule(canvas, x, top, x + 0.5, top + row_h * len(rows))

    tables = _tables(_draw(tmp_path / "padded-cells.pdf", paint))
    assert len(tables) == 1
    assert _all_rows(tables[0]) == [rows[0], ["Benzene compounds", "1 000", "200", "200"]]


def test_shading_inset_from_its_rules_is_no_column(tmp_path: Path) -> None:
    # header cells shaded a few points inside their ruled cells: the strips between shading and
    # rule are not columns
    def paint(canvas: Canvas) -> None:
        _ruled_table(canvas, 100, BODY, lambda c, x0, t, x1, b, _: _rule(c, x0, t, x1, b))
        for a, b in zip(COLUMNS, COLUMNS[1:], strict=False):
            _fill(canvas, GREEN, a + 5.5, 101, b - 5, 115.5)
        for c, head in enumerate(BODY[0]):  # the header again, over its shading
            if c == 0:
                _text(canvas, COLUMNS[0] + 7, 104, head)
            else:
                _text(canvas, COLUMNS[c + 1] - 7, 104, head, right=True)

    tables = _tables(_draw(tmp_path / "inset-shading.pdf", paint))
    assert len(tables) == 1
    assert [len(r) for r in _all_rows(tables[0])] == [4, 4, 4, 4]
    assert _all_rows(tables[0])[1] == BODY[1]


def test_rows_parted_by_a_blank_line_inside_one_ruled_block(tmp_path: Path) -> None:
    # a block under a section label is ruled only around the block; its rows are parted by a
    # blank line; the wrapped descriptions stay one cell each
    rows = [
        ("Stationary:", [], []),
        ("Major", ["Ten tons a year or more", "of any one pollutant"], ["Refineries, steel", "works"]),
        ("Area", ["Less than ten tons a", "year of any pollutant"], ["Dry cleaners, gas", "stations"]),
    ]
    cols = (60.0, 160.0, 330.0, 480.0)

    def paint(canvas: Canvas) -> None:
        _rule(canvas, cols[0], 100, cols[-1], 100.5)
        for c, head in enumerate(["Source", "Definition", "Examples"]):
            _text(canvas, cols[c] + 4, 103, head)
        _rule(canvas, cols[0], 116, cols[-1], 116.5)
        y = 120.0
        for label, definition, examples in rows:
            _text(canvas, cols[0] + 4, y, label)
            for k, line in enumerate(definition):
                _text(canvas, cols[1] + 4, y + k * 11, line)
            for k, line in enumerate(examples):
                _text(canvas, cols[2] + 4, y + k * 11, line)
            y += 11 * max(1, len(definition)) + 11  # a blank line before the next row
        _rule(canvas, cols[0], y, cols[-1], y + 0.5)
        for x in cols:
            _rule(canvas, x, 100, x + 0.5, y + 0.5)

    tables = _tables(_draw(tmp_path / "blank-line-rows.pdf", paint))
    assert len(tables) == 1
    assert _all_rows(tables[0])[1:] == [
        ["Stationary:", "", ""],
        ["Major", "Ten tons a year or more of any one pollutant", "Refineries, steel works"],
        ["Area", "Less than ten tons a year of any pollutant", "Dry cleaners, gas stations"],
    ]


HEADINGS = ["", "Budget", "Spent", "Forecast"]


def test_a_header_band_drawn_just_above_its_body(tmp_path: Path) -> None:
    # the header is a row of shaded cells of its own, three points above the shaded body: one table
    def paint(canvas: Canvas) -> None:
        for a, b in zip(COLUMNS, COLUMNS[1:], strict=False):
            _fill(canvas, (0.1, 0.2, 0.4), a, 100, b - 1, 116)
        canvas.setFillColorRGB(1, 1, 1)
        for c, head in enumerate(HEADINGS[1:], start=1):
            canvas.setFont("Helvetica", SIZE)
            canvas.drawRightString(COLUMNS[c + 1] - 4, HEIGHT - 104 - SIZE, head)
        canvas.setFillColorRGB(0, 0, 0)
        top = 119.0
        for i, row in enumerate(BODY[1:]):
            y0 = top + i * 16
            for c, (a, b) in enumerate(zip(COLUMNS, COLUMNS[1:], strict=False)):
                _fill(canvas, (0.75, 0.85, 0.95) if c else (0.1, 0.2, 0.4), a, y0, b - 1, y0 + 15)
            canvas.setFillColorRGB(1, 1, 1)
            canvas.setFont("Helvetica", SIZE)
            canvas.drawString(COLUMNS[0] + 4, HEIGHT - y0 - 4 - SIZE, row[0])
            canvas.setFillColorRGB(0, 0, 0)
            for c, value in enumerate(row[1:], start=1):
                _text(canvas, COLUMNS[c + 1] - 4, y0 + 4, value, right=True)

    tables = _tables(_draw(tmp_path / "header-band.pdf", paint))
    assert len(tables) == 1
    assert tables[0].header_rows == [HEADINGS]
    assert tables[0].rows == BODY[1:]


def test_dot_leaders_are_not_part_of_a_label(tmp_path: Path) -> None:
    page = [
        Text(60, 80, "Proportion"),
        *(Text(x, 80, h, right=True) for x, h in ((260, "1.0"), (320, "1.1"))),
    ]
    for i, (label, a, b) in enumerate(
        [("0.99", "800", "880"), ("0.95", "160", "176"), ("0.56-0.74", "30", "33")]
    ):
        y = 96 + i * 14
        page.append(Text(60, y, label + " " + "." * (24 - 2 * len(label))))
        page += [Text(260, y, a, right=True), Text(320, y, b, right=True)]
    tables = _tables(write_placed(tmp_path / "leaders.pdf", [page]))
    assert len(tables) == 1
    assert tables[0].rows[-3:] == [["0.99", "800", "880"], ["0.95", "160", "176"], ["0.56-0.74", "30", "33"]]


def test_figures_set_centred_stay_one_column(tmp_path: Path) -> None:
    # a ruled column of figures of different widths set centred under a bold header: their
    # right edges differ, yet it is one column
    rows = [["Substance", "to air", "to water"], ["Asbestos", "1", "1"], ["Chlorides", "-", "2 million"]]
    rows += [["Cyanides", "50", "50"], ["Fluorides", "-", "2 000"], ["Dust", "50 000", "-"]]
    rows += [["Nitrogen", "-", "50 000"], ["Phosphorus", "-", "5 000"]]
    cols = (60.0, 250.0, 330.0, 410.0)

    def paint(canvas: Canvas) -> None:
        for i, row in enumerate(rows):
            y = 100 + i * 14
            _rule(canvas, cols[0], y, cols[-1], y + 0.5)
            _text(canvas, cols[0] + 4, y + 3, row[0], bold=i == 0)
            for c, value in enumerate(row[1:], start=1):
                _text(canvas, (cols[c] + cols[c + 1]) / 2, y + 3, value, centre=True, bold=i == 0)
        end = 100 + 14 * len(rows)
        _rule(canvas, cols[0], end, cols[-1], end + 0.5)
        for x in cols:
            _rule(canvas, x, 100, x + 0.5, end + 0.5)

    tables = _tables(_draw(tmp_path / "centred.pdf", paint))
    assert len(tables) == 1
    assert _all_rows(tables[0]) == rows


def test_figure_columns_packed_close_under_a_title_across_them(tmp_path: Path) -> None:
    # wide right-aligned figures leave under five points between columns, and the title and the
    # spanning headings run across them: the columns still part where no row of figures crosses
    rights = (180.0, 220.0, 260.0, 300.0)
    page = [
        Text(
            60,
            60,
            "Table 3. Graduates by region and state, actual and projected, school years 2003 to 2007",
            bold=True,
        )
    ]
    page += [Text(205, 68, "Actual"), Text(250, 68, "Projected")]  # spanners, each across a gutter
    page.append(Text(60, 76, "Region"))
    page += [
        Text(x, 76, y, right=True) for x, y in zip(rights, ("2003", "2004", "2005", "2006"), strict=True)
    ]
    body = [
        ["United States", "2,753,438", "2,799,250", "2,815,544", "2,893,045"],
        ["Northeast", "485,670", "503,528", "521,015", "536,697"],
        ["Connecticut", "34,573", "35,515", "36,222", "37,541"],
        ["Maine", "13,278", "13,077", "12,950", "13,151"],
        ["Midwest", "680,178", "676,786", "684,049", "702,987"],
    ]
    for i, row in enumerate(body):
        y = 90 + i * 12
        page.append(Text(60, y, row[0], bold=i == 0))
        page += [Text(x, y, v, right=True, bold=i == 0) for x, v in zip(rights, row[1:], strict=True)]
    tables = _tables(write_placed(tmp_path / "packed.pdf", [page]))
    assert len(tables) == 1
    assert tables[0].rows[-len(body) :] == body


def test_an_exhibits_title_and_notes_inside_its_frame_are_not_rows(tmp_path: Path) -> None:
    # one ruled frame holds the exhibit's title (a row across every column), its grid, and its
    # notes (rows across every column): only the grid is the table
    cols = (60.0, 250.0, 350.0, 450.0)
    grid = [["Designation", "Identified", "Not identified"], ["Low-performing", "34%", "3%"]]
    grid += [["High-performing", "2%", "18%"], ["Other", "14%", "9%"]]

    def paint(canvas: Canvas) -> None:
        _rule(canvas, cols[0], 100, cols[-1], 100.5)
        _text(canvas, cols[0] + 4, 104, "Exhibit 4 Schools by designation under the state system, 2006-07")
        y = _ruled_grid(canvas, cols, 120.0, grid)  # column rules only within the grid
        _text(
            canvas,
            cols[0] + 4,
            y + 4,
            "Exhibit reads: a third of the schools identified were also low-performing.",
        )
        _text(canvas, cols[0] + 4, y + 18, "Source: principal surveys.")
        _rule(canvas, cols[0], y + 32, cols[-1], y + 32.5)
        for x in (cols[0], cols[-1]):
            _rule(canvas, x, 100, x + 0.5, y + 32.5)

    tables = _tables(_draw(tmp_path / "exhibit.pdf", paint))
    assert len(tables) == 1
    assert _all_rows(tables[0]) == grid


def test_a_cell_spanning_two_ruled_rows_is_one_cell_in_its_first_row(tmp_path: Path) -> None:
    # the label column's cells each span two rows (no rule between them there) and their wrapped
    # labels sit across the rule the other columns draw: each label is one cell, in its first row
    cols = (60.0, 160.0, 240.0, 320.0, 400.0)
    labels = [["Asthma"], ["Chronic fatigue", "syndrome"]]
    figures = [
        ["Count", "31", "22"],
        ["Percentage", "6.3%", "4.4%"],
        ["Count", "19", "4"],
        ["Percentage", "3.8%", "0.8%"],
    ]

    def paint(canvas: Canvas) -> None:
        top, row_h = 100.0, 14.0
        for i, row in enumerate(figures):
            y = top + i * row_h
            _rule(canvas, cols[0] if i % 2 == 0 else cols[1], y, cols[-1], y + 0.5)
            for c, value in enumerate(row, start=1):
                _text(canvas, cols[c] + 4, y + 3, value)
        end = top + row_h * len(figures)
        _rule(canvas, cols[0], end, cols[-1], end + 0.5)
        for x in cols:
            _rule(canvas, x, top, x + 0.5, end + 0.5)
        for k, lines in enumerate(labels):
            middle = top + (2 * k + 1) * row_h
            first = middle - 5.5 * len(lines)
            for j, line in enumerate(lines):
                _text(canvas, cols[0] + 4, first + j * 11, line)

    tables = _tables(_draw(tmp_path / "row-spans.pdf", paint))
    assert len(tables) == 1
    assert _all_rows(tables[0]) == [
        ["Asthma", "Count", "31", "22"],
        ["", "Percentage", "6.3%", "4.4%"],
        ["Chronic fatigue syndrome", "Count", "19", "4"],
        ["", "Percentage", "3.8%", "0.8%"],
    ]


def test_a_shaded_title_band_stays_with_its_table(tmp_path: Path) -> None:
    # a budget statement's directorate band, shaded across the top of the frame, is the
    # table's own heading (it tells this table from the next with the same columns): kept
    cols = (60.0, 250.0, 350.0, 450.0)
    grid = [["Service", "Budget", "Spent"], ["Libraries", "1,200", "1,150"], ["Archives", "640", "600"]]

    def paint(canvas: Canvas) -> None:
        _fill(canvas, GREEN, cols[0], 100, cols[-1], 116)
        _text(canvas, cols[0] + 4, 104, "Growth, Environment and Transport")
        y = _ruled_grid(canvas, cols, 116.0, grid)
        for x in (cols[0], cols[-1]):
            _rule(canvas, x, 100, x + 0.5, y + 0.5)

    tables = _tables(_draw(tmp_path / "title-band.pdf", paint))
    assert len(tables) == 1
    assert _all_rows(tables[0])[0][0] == "Growth, Environment and Transport"


def test_a_total_under_a_block_ruled_across_its_figures_keeps_its_label(tmp_path: Path) -> None:
    # a spreadsheet rules above its total only across the figure columns, the labels between no
    # rules: the total's label stays in its own row, not joined to the row above
    cols = (60.0, 250.0, 330.0, 410.0)
    rows = [["Pay", "1,200", "1,150"], ["Prices", "640", "600"], ["TOTAL SPENDING", "1,840", "1,750"]]

    def paint(canvas: Canvas) -> None:
        _rule(canvas, cols[0], 100, cols[-1], 100.5)
        for i, row in enumerate(rows):
            y = 102 + i * 11  # single-spaced, as a spreadsheet prints
            if i == len(rows) - 1:
                _rule(canvas, cols[1], y - 1, cols[-1], y - 0.5)  # over the figures only
            _text(canvas, cols[0] + 4, y, row[0])
            for c, value in enumerate(row[1:], start=1):
                _text(canvas, cols[c + 1] - 4, y, value, right=True)
        end = 102 + 11 * len(rows)
        _rule(canvas, cols[0], end, cols[-1], end + 0.5)
        for x in (cols[0], cols[1], cols[-1]):  # the label column and the block of figures boxed
            _rule(canvas, x, 100, x + 0.5, end + 0.5)

    tables = _tables(_draw(tmp_path / "total-rule.pdf", paint))
    assert len(tables) == 1
    assert tables[0].rows[-1] == rows[-1]
