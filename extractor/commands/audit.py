"""`extractor audit FILE.pdf`: the findings only."""

from __future__ import annotations

from extractor.cli_options import chosen_pages
from extractor.output import emit, extract_or_exit, findings_json, findings_text, pdf_command


@pdf_command("audit", default_format="text")
def command(pdf: str, fmt: str, output: str | None, page_spec: str, timeout: float, memory_mb: int) -> None:
    """Check a PDF's arithmetic: totals, repeated figures, narrative claims, summary counts.

    \b
    Example:
      extractor audit pack.pdf
      extractor audit pack.pdf -f json -o findings.json
    """
    doc = extract_or_exit(pdf, timeout, memory_mb, chosen_pages(pdf, page_spec))
    emit(findings_json(doc) if fmt == "json" else findings_text(doc.findings), output)
