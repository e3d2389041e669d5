"""`extractor report --db STORE --out report.html`: the human-readable report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from extractor.corpus.store import Store, StoreError
from extractor.report import build_report


@click.command("report")
@click.option("--db", required=True, type=click.Path(dir_okay=False), help="the store (a DuckDB file)")
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False), help="the HTML file to write")
@click.option("--doc", help="only documents whose sha256 starts with, or whose path contains, DOC")
@click.option("--no-snippets", is_flag=True, help="leave out the page images of findings (smaller file)")
def command(db: str, out: str, doc: str | None, no_snippets: bool) -> None:
    """Write one self-contained HTML file (no network needed to view or print it): per document
    what it is, a summary, every finding with the page region involved highlighted and the
    numbers side by side, KPI tables with RAG, direction and history charts; and directorate
    variance over the periods in the store."""
    try:
        with Store(db, read_only=True) as store:
            html = build_report(store, doc, snippets=not no_snippets)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    path = Path(out)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    print(f"report: wrote {path} ({path.stat().st_size / 1024:.0f} KiB)", file=sys.stderr)
