"""The human-readable report: one self-contained HTML file built from a store.

`build` gathers the data (findings across the documents, documents by meeting with their
findings' page snippets, KPIs and their history, what changed between the last two quarters,
directorate finance), `sources` finds each document's PDF for the snippets, `snippets` renders
page regions with highlighted figures, `charts` draws inline SVG, and `html` writes the page.
"""

from __future__ import annotations

from pathlib import Path

from extractor.corpus.store import Store
from extractor.corpus.views import DocumentFilter
from extractor.report.build import gather
from extractor.report.html import render


def build_report(
    store: Store,
    documents: DocumentFilter | None = None,
    snippets: bool = True,
    pdf_root: Path | None = None,
) -> str:
    """The report's HTML for the documents of `store` that `documents` selects (all without it);
    source PDFs that moved are looked for under `pdf_root`."""
    return render(gather(store, documents, snippets, pdf_root))


__all__ = ["build_report"]
