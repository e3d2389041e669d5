"""`extractor extract FILE.pdf`: everything about one document."""

from __future__ import annotations

from extractor.cli_options import chosen_pages
from extractor.output import document_json, document_text, emit, extract_or_exit, pdf_command


@pdf_command("extract", default_format="json")
def command(pdf: str, fmt: str, output: str | None, page_spec: str, timeout: float, memory_mb: int) -> None:
    """Extract tables, KPIs, figures and findings from one PDF (the JSON is docs/contract.md's).

    \b
    Example:
      extractor extract pack.pdf -o pack.json
      extractor extract pack.pdf -f text
      extractor extract pack.pdf -p 1,3-5 -o part.json   # only pages 1, 3, 4 and 5 are read
    """
    doc = extract_or_exit(pdf, timeout, memory_mb, chosen_pages(pdf, page_spec))
    emit(document_json(doc) if fmt == "json" else document_text(doc), output)
