"""The human-readable report: one self-contained HTML file built from a store.

`build` gathers the data (documents, findings with page snippets, KPIs and their history,
directorate finance), `snippets` renders page regions with highlighted figures, `charts` draws
inline SVG, and `html` writes the page.
"""

from __future__ import annotations

from extractor.corpus.store import Store
from extractor.report.build import gather
from extractor.report.html import render


def build_report(store: Store, doc: str | None = None, snippets: bool = True) -> str:
    """The report's HTML for every document in `store`, or those matching `doc`."""
    return render(gather(store, doc, snippets))


__all__ = ["build_report"]
