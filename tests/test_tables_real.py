"""Tables on slices of real council PDFs (pypdf, one page each, in tests/slices): layouts the
samples do not have."""

from __future__ import annotations

from pathlib import Path

from extractor.parsers.tables import extract_tables
from extractor.pipeline import read_pages

SLICES = Path(__file__).parent / "slices"


def test_white_boxes_behind_words_are_no_table() -> None:
    # a combined authority's report: justified paragraphs whose words each sit on a white filled
    # box (and one underlined phrase); nothing is drawn, so nothing on the page is a table
    pages = read_pages(SLICES / "white-word-fills.pdf")
    assert sum(len(w.text) for w in pages[0].words) > 1500  # the prose is read
    assert extract_tables(pages) == []
