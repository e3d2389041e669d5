"""`extractor report --db STORE -o report.html`: the human-readable report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from extractor.cli_options import db_option, output_option
from extractor.corpus.store import Store
from extractor.report import build_report


@click.command("report")
@db_option()
@output_option(required=True, help="the HTML file to write", aliases=["--out"])
@click.option("--doc", help="only documents whose sha256 starts with, or whose path contains, DOC")
@click.option("--no-snippets", is_flag=True, help="leave out the page images of findings (smaller file)")
def command(db: str, output: str, doc: str | None, no_snippets: bool) -> None:
    """Write one self-contained HTML file (no network needed to view or print it): per document
    what it is, a summary, every finding with the page region involved highlighted and the
    numbers side by side, KPI tables with RAG, direction and history charts; and directorate
    variance over the periods in the store.

    \b
    Example:
      extractor report --db store.duckdb -o report.html
      extractor report --db store.duckdb -o one.html --doc qpr_2018
    """
    with Store(db) as store:
        html = build_report(store, doc, snippets=not no_snippets)
    path = Path(output)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    print(f"report: wrote {path} ({path.stat().st_size / 1024:.0f} KiB)", file=sys.stderr)
