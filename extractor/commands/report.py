"""`extractor report --db STORE -o report.html`: the human-readable report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from extractor.cli_options import db_option, output_option
from extractor.corpus.store import Store
from extractor.corpus.views import DocumentFilter
from extractor.filters import filter_options
from extractor.report import build_report


@click.command("report")
@db_option()
@output_option(required=True, help="the HTML file to write", aliases=["--out"])
@filter_options
@click.option(
    "--pdf-root",
    type=click.Path(file_okay=False, exists=True),
    help="a folder holding the source PDFs, when they moved since ingest (for the page crops)",
)
@click.option("--no-snippets", is_flag=True, help="leave out the page images of findings (smaller file)")
def command(db: str, output: str, documents: DocumentFilter, pdf_root: str | None, no_snippets: bool) -> None:
    """Write one self-contained HTML file (no network needed to view or print it). It opens on a
    table of every finding across the documents, errors first, filterable in the page by
    severity, kind, meeting body, meeting date and document, each row linking to its card (the
    page region involved, figures boxed, and the numbers side by side). Then the documents
    grouped by meeting (those without one grouped apart, with the reason), what changed between
    the store's last two quarters (RAG moves, KPIs below floor, new and dropped KPIs, directorate
    variances), directorate variance over the periods, and per document its KPIs with RAG,
    direction and history.

    \b
    Example:
      extractor report --db store.duckdb -o report.html
      extractor report --db store.duckdb -o cabinet.html --body Cabinet --from 2024-01-01
      extractor report --db store.duckdb -o report.html --pdf-root /data/moved-pdfs
    """
    with Store(db) as store:
        html = build_report(
            store, documents, snippets=not no_snippets, pdf_root=Path(pdf_root) if pdf_root else None
        )
    path = Path(output)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    print(f"report: wrote {path} ({path.stat().st_size / 1024:.0f} KiB)", file=sys.stderr)
