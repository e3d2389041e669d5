"""Direction-of-travel arrows drawn the way a Word-exported QPR draws them (tests/arrowgen.py):
one hollow icon rotated by a matrix under a page-level y flip, with every variation real reports
show, read from the page through the whole pipeline and calibrated on the report's own legend."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.parsers.dot import read_dot
from extractor.parsers.pdf import PageContent, iter_pages
from extractor.pipeline import extract
from extractor.schemas.document import Document
from tests.arrowgen import Arrow, Cell, Grid, write_arrow_pdf

GREEN, AMBER, RED = (0.0, 0.69, 0.31), (1.0, 0.75, 0.0), (0.8, 0.05, 0.1)
MEANING = {"up": "improving", "right": "stable", "down": "worsening"}

VARIANTS = {
    "up": Arrow("up"),
    "right": Arrow("right"),
    "down": Arrow("down"),
    "up jittered": Arrow("up", jitter=-2.6),
    "right jittered": Arrow("right", jitter=3.5),
    "down jittered": Arrow("down", jitter=-2.9),
    "up small, uneven scale": Arrow("up", scale=(0.214, 0.211)),
    "down large": Arrow("down", scale=(0.254, 0.254)),
    "right rescaled icon": Arrow("right", rescale=1.02),
    "up rescaled icon": Arrow("up", rescale=0.985, jitter=1.5),
    "up mirrored": Arrow("up", mirrored=True),
    "down mirrored, jittered": Arrow("down", mirrored=True, jitter=2.0),
    "right mirrored": Arrow("right", mirrored=True),
    "down white on red": Arrow("down", white=True),
    "up white on red": Arrow("up", white=True, jitter=3.0),
    "right fill only": Arrow("right", fill_only=True),
    "down fill only, mirrored": Arrow("down", fill_only=True, mirrored=True),
    "up stroke under alpha": Arrow("up", stroke_alpha=True),
}
NAMES = [
    "Number of widgets mended", "Percentage of gadgets repaired on time", "Visits to libraries",
    "Complaints answered within 20 days", "Calls answered", "Roads resurfaced", "Potholes filled in 28 days",
    "Streetlights repaired", "Bins collected on time", "Forms processed online", "Trees planted",
    "Bridges inspected", "Buses running on time", "Crossings maintained", "Parks opened",
    "Grants paid within 10 days", "Pools reopened", "Records digitised",
]  # fmt: skip


def _legend(up: str, down: str, right: str) -> Grid:
    return Grid(60, 70, [88.2, 300], [
        [Cell("GREEN", GREEN, bold=True), Cell("Target has been achieved or exceeded")],
        [Cell("AMBER", AMBER, bold=True), Cell("Floor Standard achieved but Target has not been met")],
        [Cell("RED", RED, bold=True), Cell("Floor Standard has not been achieved")],
        [Cell(arrow=Arrow("up")), Cell(up)],
        [Cell(arrow=Arrow("down")), Cell(down)],
        [Cell(arrow=Arrow("right")), Cell(right)],
    ])  # fmt: skip


def _kpi_table(top: float) -> Grid:
    rows = [[Cell("Widgets KPIs", bold=True), Cell("Latest", bold=True), Cell("Previous", bold=True),
             Cell("DoT", bold=True)]]  # fmt: skip
    for name, arrow in zip(NAMES, VARIANTS.values(), strict=True):
        red = arrow.white  # white arrows sit on red cells
        rows.append([Cell(name), Cell("RED" if red else "GREEN", RED if red else GREEN), Cell("AMBER", AMBER),
                     Cell(fill=RED if red else None, arrow=arrow)])  # fmt: skip
    return Grid(60, top, [300, 60, 60, 34.15], rows)


@pytest.fixture(scope="module")
def arrow_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[PageContent, Grid]:
    table = _kpi_table(60)
    path = write_arrow_pdf(tmp_path_factory.mktemp("arrows") / "cells.pdf", [[table]])
    return next(iter_pages(path)), table


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_arrow_variant_read_in_its_cell(variant: str, arrow_page: tuple[PageContent, Grid]) -> None:
    page, table = arrow_page
    row = list(VARIANTS).index(variant) + 1
    cell = list(table.cells[row * 4 + 3])
    reading = read_dot("", page=page, bbox=cell)
    assert (reading.dot, reading.source) == (MEANING[VARIANTS[variant].direction], "shape")


def test_the_vertex_mean_rule_reverses_these_arrows(arrow_page: tuple[PageContent, Grid]) -> None:
    """Why the tip is found by the ends' spread: the farthest vertex from the vertex mean sits on
    the tail (the rounded tip's many vertices pull the mean toward it), so that rule reads every
    up arrow as down. The geometry this test builds really has that trap."""
    page, table = arrow_page
    reversed_ = 0
    for name, arrow in VARIANTS.items():
        if arrow.direction != "up":
            continue
        x0, top, x1, bottom = table.cells[(list(VARIANTS).index(name) + 1) * 4 + 3]
        pts = [p for c in page.curves if x0 < c.x0 and c.x1 < x1 and top < c.top and c.bottom < bottom
               for p in c.points]  # fmt: skip
        mx, my = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
        far = max(pts, key=lambda p: (p[0] - mx) ** 2 + (p[1] - my) ** 2)
        reversed_ += far[1] > my  # the "tip" found below the middle: read as down
    assert reversed_ == sum(a.direction == "up" for a in VARIANTS.values())


def _extract(tmp_path: Path, legend: Grid) -> Document:
    return extract(write_arrow_pdf(tmp_path / "qpr.pdf", [[legend, _kpi_table(260)]]))


def test_kpi_table_arrows_through_the_pipeline(tmp_path: Path) -> None:
    legend = _legend(
        "Performance is improving (positive trend)",
        "Performance is worsening (negative trend)",
        "Performance has remained stable or shows no clear trend",
    )
    doc = _extract(tmp_path, legend)
    assert [k.name for k in doc.kpis] == NAMES
    assert [k.dot for k in doc.kpis] == [MEANING[a.direction] for a in VARIANTS.values()]
    assert [k.rag_latest for k in doc.kpis] == ["RED" if a.white else "GREEN" for a in VARIANTS.values()]
    assert not [w for w in doc.warnings if "direction" in w]


def test_the_legend_calibrates_drawn_arrows(tmp_path: Path) -> None:
    """A report whose arrows show the value, not performance: its legend says an upward arrow is a
    worsening, and every reading follows the legend."""
    legend = _legend(
        "Performance has worsened (the measure went up)",
        "Performance has improved (the measure went down)",
        "Performance has remained the same",
    )
    doc = _extract(tmp_path, legend)
    flipped = {"up": "worsening", "down": "improving", "right": "stable"}
    assert [k.dot for k in doc.kpis] == [flipped[a.direction] for a in VARIANTS.values()]
