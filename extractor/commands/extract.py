"""`extractor extract FILE.pdf`: everything about one document."""

from __future__ import annotations

import click

from extractor.output import bad_pdf, document_json, document_text, emit
from extractor.pipeline import extract
from parsers.pdf import PdfError


@click.command("extract")
@click.argument("pdf", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True)
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False), help="write to FILE, not stdout")
def command(pdf: str, fmt: str, out: str | None) -> None:
    """Extract tables, KPIs, figures and findings from one PDF."""
    try:
        doc = extract(pdf)
    except PdfError as exc:
        bad_pdf(exc)
        return
    emit(document_json(doc) if fmt == "json" else document_text(doc), out)
