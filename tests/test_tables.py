"""Table detection against the ground truth of the bundled samples, in all three typesetting styles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.parsers.tables import extract_tables
from extractor.pipeline import read_pages
from extractor.schemas.document import Table

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"


def _norm(row: list[str]) -> tuple[str, ...]:
    dashes = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-"})
    return tuple(" ".join(c.translate(dashes).split()) for c in row)


@pytest.fixture(scope="module", params=["A", "B", "D", "E"])
def qpr(request: pytest.FixtureRequest) -> tuple[list[Table], dict]:
    pdf = SAMPLES / f"qpr_2018-19_q1_{request.param}.pdf"
    truth = json.loads(pdf.with_name(pdf.stem + ".truth.json").read_text(encoding="utf-8"))
    return extract_tables(read_pages(pdf)), truth


def test_every_truth_row_is_found_exactly(qpr: tuple[list[Table], dict]) -> None:
    tables, truth = qpr
    predicted = [_norm(r) for t in tables for r in t.rows]
    missing = [r for t in truth["tables"] for r in t["rows"] if any(r) and _norm(r) not in predicted]
    assert not missing, missing[:3]


def test_header_rows_are_kept_out_of_the_body(qpr: tuple[list[Table], dict]) -> None:
    tables, truth = qpr
    for t in truth["tables"]:
        if not t["header_rows"]:
            continue
        header = _norm(t["header_rows"][-1])
        matches = [
            p for p in tables if set(p.pages) & set(t["pages"]) and header in map(_norm, p.header_rows)
        ]
        assert matches, f"header {header} of {t['id']} not found as a header"
        assert all(header not in map(_norm, p.rows) for p in matches)


def test_provenance_for_every_body_cell(qpr: tuple[list[Table], dict]) -> None:
    tables, _ = qpr
    for t in tables:
        assert len(t.row_pages) == len(t.rows) == len(t.cell_bboxes) == len(t.row_bboxes)
        for row, boxes, page in zip(t.rows, t.cell_bboxes, t.row_pages, strict=True):
            assert page in t.pages
            for text, box in zip(row, boxes, strict=True):
                assert (box is None) == (text == "")
                if box is not None:
                    assert box[0] < box[2] and box[1] < box[3]


def test_units_come_from_headers_and_captions(qpr: tuple[list[Table], dict]) -> None:
    tables, truth = qpr
    by_rows = {tuple(_norm(r) for r in t.rows[:2]): t for t in tables}
    checked = 0
    for t in truth["tables"]:
        pred = by_rows.get(tuple(_norm(r) for r in t["rows"][:2]))
        if pred is not None and t["units"] in ("£m", "£000s", "£k", "count", "%"):
            assert pred.units == t["units"], t["id"]
            checked += 1
    assert checked >= 1


# Pages of the Word-like cabinet pack: narrow risk-register columns whose long words are cut at the
# cell edge, risk boxes and finance rows that run over a page ("Independent" / "Living Support"),
# and a bold total row followed by a plain section row on the next page ("Ringfenced Items").
WORD_LIKE_PAGES = [(13, 15), (51, 52), (122, 123), (130, 131), (147, 148), (164, 165), (175, 176), (184, 186)]


@pytest.fixture(scope="module")
def word_like(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[list[Table], list[dict]]]:
    return _slices(tmp_path_factory, "cabinet_pack_2024-01-04_B.pdf", WORD_LIKE_PAGES)


def test_cut_words_and_rows_over_a_page_come_out_whole(
    word_like: list[tuple[list[Table], list[dict]]],
) -> None:
    checked = 0
    for tables, expected in word_like:
        predicted = [_norm(r) for t in tables for r in t.rows]
        for t in expected:
            for row in t["rows"]:
                if any(row):
                    assert _norm(row) in predicted, row
                    checked += 1
    assert checked >= 30


def test_titles_are_captions_not_commentary(qpr: tuple[list[Table], dict]) -> None:
    """The caption or heading above a table is its title; a sentence of commentary ending just
    above it is not (the ground truth gives no title there)."""
    tables, truth = qpr
    by_rows = {tuple(_norm(r) for r in t.rows[:1]): t for t in tables}
    pairs = [
        (t["title"], by_rows[key].title)
        for t in truth["tables"]
        if (key := tuple(_norm(r) for r in t["rows"][:1])) in by_rows
    ]
    right = sum(1 for expected, got in pairs if expected == got)
    assert len(pairs) >= 20 and right >= 0.85 * len(pairs), [p for p in pairs if p[0] != p[1]]


# Pages of the whitespace-only cabinet pack (no rules, no fills but RAG cells): budget tables with
# spanning headings and units rows, two tables stacked under one heading, action tables with
# multi-line cells and a units row, KPI tables whose only body content besides the name is a RAG fill
# and a drawn arrow, and risk-register pieces each opened by a bold heading.
WHITESPACE_PAGES = [(10, 12), (22, 24), (38, 40), (73, 74)]


@pytest.fixture(scope="module")
def whitespace(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[list[Table], list[dict]]]:
    return _slices(tmp_path_factory, "cabinet_pack_2024-01-04_E.pdf", WHITESPACE_PAGES)


def _slices(
    tmp_path_factory: pytest.TempPathFactory, name: str, ranges: list[tuple[int, int]]
) -> list[tuple[list[Table], list[dict]]]:
    from pypdf import PdfReader, PdfWriter

    pdf = SAMPLES / name
    truth = json.loads(pdf.with_name(pdf.stem + ".truth.json").read_text(encoding="utf-8"))
    reader = PdfReader(pdf)
    out = []
    for lo, hi in ranges:
        writer = PdfWriter()
        for number in range(lo, hi + 1):
            writer.add_page(reader.pages[number - 1])
        path = tmp_path_factory.mktemp("pages") / f"pages-{lo}-{hi}.pdf"
        with path.open("wb") as fh:
            writer.write(fh)
        expected = [t for t in truth["tables"] if lo <= min(t["pages"]) and max(t["pages"]) <= hi]
        out.append((extract_tables(read_pages(path)), expected))
    return out


def test_whitespace_tables_come_out_row_for_row(whitespace: list[tuple[list[Table], list[dict]]]) -> None:
    checked = 0
    for tables, expected in whitespace:
        predicted = [_norm(r) for t in tables for r in t.rows]
        for t in expected:
            for row in t["rows"]:
                if any(row):
                    assert _norm(row) in predicted, (t["id"], row)
                    checked += 1
    assert checked >= 60
