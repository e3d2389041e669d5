"""The gate that decides where a second table engine runs, and how its tables join the project's:
on pages the test writes (prose, a whitespace table the project reads, figures in columns it
misses, a ruled grid without text), with the rival engine stood in for."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from extractor.parsers.tables import extract_tables, rival
from extractor.parsers.tables.quality import needs_rival, page_evidence
from extractor.pipeline import read_pages
from extractor.schemas.document import Table
from tests.pdfgen import Text, write_placed

PROSE = (
    "The committee noted the report and asked officers to return with a fuller account of the "
    "savings in the spring, when the outturn for the year is known."
)


def _prose_page() -> list[Text]:
    return [Text(60, 80 + 14 * i, PROSE[:90]) for i in range(6)]


def _table_page() -> list[Text]:
    rows = [("Service", "2023", "2024")] + [(f"Area {n}", f"{n}1.5", f"{n}2.0") for n in range(1, 6)]
    out = []
    for i, (label, a, b) in enumerate(rows):
        y = 80 + 14 * i
        out += [Text(60, y, label), Text(300, y, a, right=True), Text(400, y, b, right=True)]
    return out


def _ruled_page(path: Path) -> Path:
    """A grid of rules with no text inside it read as a table (say, a form)."""
    canvas = Canvas(str(path), pagesize=A4)
    canvas.drawString(60, 780, "A form to fill in")
    for i in range(6):
        canvas.line(60, 700 - 20 * i, 400, 700 - 20 * i)
    for x in (60, 200, 400):
        canvas.line(x, 700, x, 600)
    canvas.showPage()
    canvas.save()
    return path


@pytest.fixture
def pages(tmp_path: Path):
    pdf = write_placed(tmp_path / "pages.pdf", [_prose_page(), _table_page()])
    return pdf, read_pages(pdf)


def test_prose_and_a_table_read_well_ask_for_no_rival(pages) -> None:
    pdf, content = pages
    tables = extract_tables(content)
    assert [t.pages for t in tables] == [[2]]
    for page in content:
        assert not needs_rival(page_evidence(page, [t for t in tables if page.number in t.pages]))
    assert rival.rival_pages(content, tables) == []


def test_figures_in_columns_outside_every_table_ask_for_a_rival(pages) -> None:
    _, content = pages
    evidence = page_evidence(content[1], [])  # as if the project had found no table there
    assert evidence.figure_lines == 6 and needs_rival(evidence)  # the years too


def test_rulings_outside_every_table_ask_for_a_rival(tmp_path: Path) -> None:
    content = read_pages(_ruled_page(tmp_path / "ruled.pdf"))
    evidence = page_evidence(content[0], extract_tables(content))
    assert evidence.rules >= 6 and needs_rival(evidence)


def test_rival_tables_fill_only_the_pages_asked(pages, monkeypatch) -> None:
    pdf, content = pages
    ours = extract_tables(content)
    asked: list[list[int]] = []

    def stand_in(path, engine, pages_):
        asked.append(sorted(pages_))
        rows = [["Item", "2023"], ["Roads", "1.5"], ["Schools", "2.5"]]
        box = [60.0, 600.0, 300.0, 700.0]
        return [Table(id="rival", pages=[p], bbox=box, rows=rows, engine=engine) for p in pages_]

    monkeypatch.setattr(rival, "engine_tables", stand_in)
    # nothing to ask: the project's tables come back untouched and the rival never runs
    assert rival.with_rival(pdf, content, ours) == ours and asked == []
    # the table page as if the project had missed its table: the rival's fills the gap
    monkeypatch.setattr(rival, "rival_pages", lambda pages_, tables: [2])
    out = rival.with_rival(pdf, content, [])
    assert asked == [[2]] and [(t.id, t.pages) for t in out] == [("rival", [2])]


def test_a_rival_engine_failing_leaves_our_tables_but_running_out_of_memory_is_not_hidden(
    pages, monkeypatch
) -> None:
    pdf, content = pages
    monkeypatch.setattr(rival, "rival_pages", lambda pages_, tables: [2])

    def fails(exc: BaseException):
        def stand_in(path, engine, pages_):
            raise exc

        return stand_in

    monkeypatch.setattr(rival, "engine_tables", fails(ValueError("the engine's own bug")))
    assert rival.with_rival(pdf, content, []) == []
    monkeypatch.setattr(rival, "engine_tables", fails(MemoryError()))
    with pytest.raises(MemoryError):
        rival.with_rival(pdf, content, [])
