"""The audit on single pages of councils' own PDFs that once drew false errors: each page is
extracted whole (tables as the pipeline reads them) and must give no error-severity finding.

The pages (tests/data/real/, cut with pypdf) are published Kent County Council documents:
- budget-amendments-p9 / -p11: an Excel revenue plan whose rotated "Page N" margin stamp runs
  through the first figure column, so two figures read as '209,578.3e' and 'a15,712.2'.
- capital-investment-p11-12: a capital programme whose rows run over several pages, each page with
  its header printed again under a title band; the parts are not joined, and "Total Individual
  Projects" on the last page totals rows of earlier pages too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.audit import grids_of
from extractor.pipeline import extract
from extractor.schemas.document import Document
from extractor.schemas.table_figures import clean_text, unreadable

PAGES = Path(__file__).resolve().parent / "data" / "real"


@pytest.fixture(scope="module")
def documents() -> dict[str, Document]:
    return {p.stem: extract(p) for p in sorted(PAGES.glob("*.pdf"))}


def _errors(doc: Document) -> list[str]:
    return [f"p{f.page} {f.description}" for f in doc.findings if f.severity == "error"]


@pytest.mark.parametrize(
    "name", ["budget-amendments-p9", "budget-amendments-p11", "capital-investment-p11-12"]
)
def test_no_false_error_on_real_pages(documents: dict[str, Document], name: str) -> None:
    doc = documents[name]
    assert doc.tables, "the table must still be found for the test to mean anything"
    assert _errors(doc) == []


def test_a_figure_cut_by_a_margin_stamp_is_unknown_not_zero(documents: dict[str, Document]) -> None:
    # The stamp's letters make figures unreadable: they are unknown (never zero), so the rows and
    # columns holding them are not added up, and the table's findings are warnings at most.
    grids = grids_of(documents["budget-amendments-p9"])
    unread = [clean_text(g.table.rows[r][c]) for g in grids for r, c in g.placeholders]
    assert any(unreadable(t) for t in unread), "the stamp no longer touches the figures: pick another page"


def test_a_table_split_over_pages_and_not_joined_is_said_to_be_unchecked(
    documents: dict[str, Document],
) -> None:
    doc = documents["capital-investment-p11-12"]
    unchecked = [f for f in doc.findings if f.check == "structure"]
    assert unchecked and all(f.severity == "info" and "page break" in f.description for f in unchecked)
