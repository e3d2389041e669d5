"""`extractor audit FILE.pdf`: the findings only."""

from __future__ import annotations

import click

from extractor.output import bad_pdf, emit, findings_json, findings_text
from extractor.pipeline import extract
from parsers.pdf import PdfError


@click.command("audit")
@click.argument("pdf", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text", show_default=True)
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False), help="write to FILE, not stdout")
def command(pdf: str, fmt: str, out: str | None) -> None:
    """Check a PDF's arithmetic: totals, repeated figures, narrative claims, summary counts."""
    try:
        doc = extract(pdf)
    except PdfError as exc:
        bad_pdf(exc)
        return
    emit(findings_json(doc) if fmt == "json" else findings_text(doc.findings), out)
