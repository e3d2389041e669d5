"""Other table engines behind one interface: camelot (lattice, network, hybrid) and pdfplumber
(lines, text strategies), each run on whole pages or on one region of a page, each returning the
project's `Table` records (one per table and page, every cell with its page and box).

They exist to be measured against the project's own engine and to be chosen per table by
`parsers.tables.quality`. Camelot renders pages with pdfium (its poppler backend is not used).
All coordinates are the project's: points from the page's top-left corner.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from extractor.schemas.document import Table

BBox = list[float]

CAMELOT_FLAVOURS = ("lattice", "network", "hybrid")
PLUMBER_STRATEGIES = ("lines", "text")
ENGINES = tuple(f"camelot {f}" for f in CAMELOT_FLAVOURS) + tuple(
    f"pdfplumber {s}" for s in PLUMBER_STRATEGIES
)


def _record(
    engine: str, page: int, number: int, rows: list[list[str]], boxes: list[list[BBox | None]]
) -> Table | None:
    """One engine table as a Table: every row a body row (other engines do not mark headers)."""
    kept = [(r, b) for r, b in zip(rows, boxes, strict=True) if any(c.strip() for c in r)]
    if not kept:
        return None
    cells = [b for _, row in kept for b in row if b is not None]
    if not cells:
        return None
    bbox = [
        min(b[0] for b in cells),
        min(b[1] for b in cells),
        max(b[2] for b in cells),
        max(b[3] for b in cells),
    ]
    row_bboxes = []
    for _, row in kept:
        filled = [b for b in row if b is not None] or [bbox]
        row_bboxes.append([bbox[0], min(b[1] for b in filled), bbox[2], max(b[3] for b in filled)])
    return Table(
        id=f"{engine.replace(' ', '-')}-p{page}-{number}",
        pages=[page],
        bbox=bbox,
        rows=[r for r, _ in kept],
        row_pages=[page] * len(kept),
        row_bboxes=row_bboxes,
        page_bboxes=[bbox],
        cell_bboxes=[b for _, b in kept],
        engine=engine,
    )


def _clean(text: object) -> str:
    return " ".join(str(text or "").split())


def camelot_tables(
    path: str | Path, flavour: str, pages: Iterable[int], region: dict[int, BBox] | None = None
) -> list[Table]:
    """Camelot's tables on the given pages (1-based); with `region`, only inside that box of a page."""
    import camelot
    import pypdfium2 as pdfium

    if flavour not in CAMELOT_FLAVOURS:
        raise ValueError(f"unknown camelot flavour {flavour!r}")
    wanted = sorted(set(pages))
    if not wanted:
        return []
    pdf = pdfium.PdfDocument(str(path))
    try:
        heights = {p: pdf[p - 1].get_size()[1] for p in wanted}
    finally:
        pdf.close()
    kwargs: dict[str, Any] = {"backend": "pdfium"} if flavour != "network" else {}
    out: list[Table] = []
    for p in wanted:
        height = heights[p]
        areas = {}
        if region and p in region:
            x0, top, x1, bottom = region[p]
            # camelot's areas are left-top and right-bottom in PDF space (origin bottom-left)
            areas = {"table_areas": [f"{x0},{height - top},{x1},{height - bottom}"]}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = camelot.read_pdf(str(path), pages=str(p), flavor=flavour, **kwargs, **areas)
        for n, t in enumerate(found, 1):
            rows = [[_clean(c) for c in r] for r in t.df.values.tolist()]
            boxes: list[list[BBox | None]] = [
                [
                    [c.x1, height - c.y2, c.x2, height - c.y1] if _clean(text) else None
                    for c, text in zip(cells, row, strict=False)
                ]
                for cells, row in zip(t.cells, rows, strict=False)
            ]
            table = _record(f"camelot {flavour}", p, n, rows, boxes)
            if table is not None:
                out.append(table)
    return out


def plumber_tables(
    path: str | Path, strategy: str, pages: Iterable[int], region: dict[int, BBox] | None = None
) -> list[Table]:
    """pdfplumber's table finder with the given strategy for both directions ('lines' or 'text')."""
    import pdfplumber
    import pdfplumber.page

    if strategy not in PLUMBER_STRATEGIES:
        raise ValueError(f"unknown pdfplumber strategy {strategy!r}")
    settings = {"vertical_strategy": strategy, "horizontal_strategy": strategy}
    out: list[Table] = []
    with pdfplumber.open(str(path)) as pdf:
        for p in sorted(set(pages)):
            page = pdf.pages[p - 1]
            area: pdfplumber.page.Page = page
            if region and p in region:
                x0, top, x1, bottom = region[p]
                area = page.crop((x0, top, x1, bottom))
            for n, found in enumerate(area.find_tables(settings), 1):
                rows = [[_clean(c) for c in r] for r in found.extract()]
                boxes: list[list[BBox | None]] = [
                    [
                        list(cell) if cell is not None and text else None
                        for cell, text in zip(row.cells, texts, strict=False)
                    ]
                    for row, texts in zip(found.rows, rows, strict=False)
                ]
                table = _record(f"pdfplumber {strategy}", p, n, rows, boxes)
                if table is not None:
                    out.append(table)
            page.close()
    return out


def engine_tables(
    path: str | Path, engine: str, pages: Iterable[int], region: dict[int, BBox] | None = None
) -> list[Table]:
    """Any of `ENGINES` by name ('camelot network', 'pdfplumber text', ...)."""
    family, _, mode = engine.partition(" ")
    if family == "camelot":
        return camelot_tables(path, mode, pages, region)
    if family == "pdfplumber":
        return plumber_tables(path, mode, pages, region)
    raise ValueError(f"unknown engine {engine!r}")
