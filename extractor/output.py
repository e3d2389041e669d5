"""Writing results: JSON to stdout or -o FILE, readable text summaries; the shape of one-PDF commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import click

from extractor.cli_options import format_option, limit_options, output_option, pages_option
from extractor.ingest.pool import run_tasks
from extractor.parsers.pdf import PdfError
from extractor.schemas.document import Document, Finding


def emit(text: str, output: str | None) -> None:
    """`text` to the file `output` (its folder checked by `output_option`), or to standard output."""
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")


def document_json(doc: Document) -> str:
    return doc.model_dump_json(indent=2)


def extract_quietly(job: tuple[str, tuple[int, ...] | None]) -> tuple[str, Any]:
    """Worker side: ("ok", Document) or ("bad_pdf", reason) for (pdf, chosen pages or None for
    all); bugs still raise (and show)."""
    from extractor.pipeline import extract

    pdf, pages = job
    try:
        return "ok", extract(pdf, page_numbers=pages)
    except PdfError as exc:
        return "bad_pdf", exc.reason


def extract_or_exit(
    pdf: str,
    timeout: float | None = None,
    memory_mb: int | None = None,
    pages: tuple[int, ...] | None = None,
) -> Document:
    """Run the pipeline on one file (its chosen `pages`, or all) in a worker process under a time
    and memory limit; a file that is not a usable PDF, or that overruns a limit, raises `PdfError`
    (the CLI exits 3 with its reason)."""
    import extractor.pipeline  # noqa: F401  (imported here so the forked worker starts with it)

    tasks = run_tasks(
        extract_quietly, [(pdf, pages)], 1, timeout=timeout, memory_mb=memory_mb, start_method="fork"
    )
    result = next(tasks)
    if result.value is not None:
        status, value = result.value
        if status == "ok":
            return cast(Document, value)
        raise PdfError(pdf, str(value))
    if result.failure == "timeout":
        reason = f"took longer than the time limit of {timeout:g} s (--timeout)"
    elif result.failure == "memory":
        reason = f"needs more memory than the limit of {memory_mb} MB (--max-memory)"
    else:
        reason = f"extraction failed: {result.reason}"
    raise PdfError(pdf, reason)


def pdf_command(name: str, default_format: str) -> Callable[[Callable[..., None]], click.Command]:
    """The shared shape of the one-PDF commands: a PDF argument, -f/--format json|text, -o FILE,
    -p/--pages and the limits one document runs under (--timeout, --max-memory). A file that is not
    a usable PDF raises `PdfError`, which the CLI turns into exit code 3."""

    def wrap(fn: Callable[..., None]) -> click.Command:
        fn = limit_options(fn)
        fn = pages_option(fn)
        fn = output_option()(fn)
        fn = format_option(["json", "text"], default_format)(fn)
        fn = click.argument("pdf", type=click.Path(dir_okay=False))(fn)
        return click.command(name)(fn)

    return wrap


def findings_text(findings: list[Finding]) -> str:
    if not findings:
        return "No findings: every check that could be made agrees within rounding.\n"
    rows = ["severity  kind                page  table  description"]
    for f in sorted(findings, key=lambda f: ({"error": 0, "warning": 1, "info": 2}[f.severity], f.page)):
        rows.append(f"{f.severity:<9} {f.kind:<19} {f.page:>4}  {f.table_id or '-':<6} {f.description}")
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    rows.append(f"\n{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info")
    return "\n".join(rows) + "\n"


def document_text(doc: Document) -> str:
    lines = [f"{doc.source.path}: {doc.document_type}, {doc.source.pages} pages"]
    if doc.title:
        lines.append(f"title: {doc.title}")
    if doc.meeting:
        m = doc.meeting
        number = f", item {m.agenda_item}" if m.agenda_item else ""
        lines.append(
            f"meeting: {m.body or '?'} on {m.date or '?'} at {m.time or '?'}, {m.venue or '?'}{number}"
            f" (from the {(m.source or '?').replace('_', ' ')})"
        )
    for item in doc.agenda_items:
        pages = f"pages {item.page_start}-{item.page_end}" if item.page_start else "no papers"
        lines.append(f"  item {item.number}: {item.title} ({pages}; {item.document_type or '-'})")
    lines.append(f"tables: {len(doc.tables)}")
    for t in doc.tables:
        size = f"{len(t.rows)}x{max((len(r) for r in t.rows), default=0)}"
        lines.append(f"  {t.id} pages {t.pages} {size} {t.units or ''} {t.title or ''}".rstrip())
    lines.append(f"KPIs: {len(doc.kpis)}; RAG summary rows: {len(doc.rag_summary)}")
    lines.append(f"narrative figures: {len(doc.figures)}; financial records: {len(doc.financial_records)}")
    lines.append("")
    lines.append(findings_text(doc.findings))
    for w in doc.warnings:
        lines.append(f"warning: {w}")
    return "\n".join(lines) + "\n"


def findings_json(doc: Document) -> str:
    payload = {"source": doc.source.model_dump(), "findings": [f.model_dump() for f in doc.findings]}
    return json.dumps(payload, indent=2, ensure_ascii=False)
