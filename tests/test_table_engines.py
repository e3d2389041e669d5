"""Other table engines behind one interface (camelot, pdfplumber) and the structure score that
chooses between engines per table, on a ruled sample page and on tables the test writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.parsers.tables import extract_tables
from extractor.parsers.tables.engines import engine_tables
from extractor.parsers.tables.quality import choose_tables, structure_quality
from extractor.pipeline import read_pages
from extractor.schemas.document import Table

PAGE = 4  # a ruled table of quarterly counts on the QPR sample in the ruled style


@pytest.fixture(scope="module")
def sample(samples: Path) -> tuple[Path, list[list[str]], Table]:
    pdf = samples / "qpr_2018-19_q1_A.pdf"
    truth = json.loads(pdf.with_name(pdf.stem + ".truth.json").read_text(encoding="utf-8"))
    rows = [r for t in truth["tables"] if t["pages"] == [PAGE] for r in t["rows"]]
    ours = [t for t in extract_tables(read_pages(pdf)) if t.pages == [PAGE]]
    return pdf, rows, max(ours, key=lambda t: len(t.rows))


@pytest.mark.parametrize("engine", ["pdfplumber lines", "camelot lattice"])
def test_engine_tables_are_records_with_provenance(sample, engine: str) -> None:
    pdf, truth_rows, ours = sample
    tables = engine_tables(pdf, engine, [PAGE])
    found = [r for t in tables for r in t.rows]
    assert sum(1 for r in truth_rows if r in found) >= 0.9 * len(truth_rows)
    for t in tables:
        assert t.pages == [PAGE] and t.engine == engine and len(t.row_pages) == len(t.rows)
        for row, boxes in zip(t.rows, t.cell_bboxes, strict=True):
            assert len(boxes) == len(row)
            for text, box in zip(row, boxes, strict=True):
                assert (box is None) == (not text)
                if box:  # inside the table, in the page's top-down points
                    assert t.bbox[0] - 1 <= box[0] < box[2] <= t.bbox[2] + 1
                    assert t.bbox[1] - 1 <= box[1] < box[3] <= t.bbox[3] + 1
    # the same figure sits in the same place for both engines
    label = truth_rows[0][0]
    theirs = next(b[0] for t in tables for r, b in zip(t.rows, t.cell_bboxes, strict=True) if r[0] == label)
    mine = next(b[0] for r, b in zip(ours.rows, ours.cell_bboxes, strict=True) if r[0] == label)
    assert theirs is not None and mine is not None
    assert abs((theirs[1] + theirs[3]) / 2 - (mine[1] + mine[3]) / 2) < 6


def test_engine_in_a_region_stays_inside_it(sample) -> None:
    pdf, _, ours = sample
    top_half = [ours.bbox[0] - 2, ours.bbox[1] - 2, ours.bbox[2] + 2, (ours.bbox[1] + ours.bbox[3]) / 2]
    tables = engine_tables(pdf, "pdfplumber lines", [PAGE], region={PAGE: top_half})
    assert tables and all(t.bbox[3] <= top_half[3] + 1 for t in tables)
    assert sum(len(t.rows) for t in tables) < len(ours.rows) + len(ours.header_rows)


def _table(rows: list[list[str]], engine: str, box: list[float]) -> Table:
    return Table(id=engine, pages=[1], bbox=box, rows=rows, engine=engine)


def test_quality_prefers_columns_kept_apart() -> None:
    apart = [["Service", "2023", "2024"], ["Roads", "12.5", "(3.1)"], ["Schools", "1,200", "4.5"]]
    glued = [["Service", "2023 2024"], ["Roads", "12.5 (3.1)"], ["Schools", "1,200 4.5"]]
    mixed = [["Service", "2023", "2024"], ["Roads 12.5", "(3.1)", ""], ["Schools", "1,200", "4.5"]]
    good = _table(apart, "a", [0, 0, 100, 50])
    assert structure_quality(good) > structure_quality(_table(glued, "b", [0, 0, 100, 50]))
    assert structure_quality(good) > structure_quality(_table(mixed, "c", [0, 0, 100, 50]))
    assert structure_quality(_table([["one row", "only"]], "d", [0, 0, 100, 50])) == 0.0
    # the better rival over the same region replaces the table; one elsewhere on the page does not
    worse = _table(glued, "ours", [0, 0, 100, 50])
    assert choose_tables([worse], [good])[0].engine == "a"
    assert choose_tables([worse], [_table(apart, "a", [0, 200, 100, 250])])[0].engine == "ours"
    # filling gaps: a good rival where the project found nothing is added, a poor one is not
    elsewhere = _table(apart, "a", [0, 200, 100, 250])
    poor = _table([["Roads 12.5 (3.1)", ""], ["Schools 1,200 4.5", ""]], "p", [0, 400, 100, 450])
    picked = choose_tables([worse], [elsewhere, poor], fill_gaps=0.6)
    assert [t.engine for t in picked] == ["ours", "a"]
