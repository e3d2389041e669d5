"""`extractor status --db STORE`: what the store holds, what failed and why, and the audit summary."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import click

from extractor.cli_options import db_option, format_option, output_option
from extractor.corpus.store import Store
from extractor.corpus.views import DocumentFilter
from extractor.filters import filter_options
from extractor.output import emit


def status_text(rows: list[dict[str, Any]], by_kind: list[dict[str, Any]]) -> str:
    ok = [r for r in rows if r["status"] == "ok"]
    bad = [r for r in rows if r["status"] == "failed"]
    lines = [f"{len(ok)} document(s) stored ({sum(r['pages'] for r in ok)} pages), {len(bad)} failed"]
    if ok:
        lines.append("")
        lines.append(f"{'pages':>5}  {'type':<20} {'errors':>6} {'warnings':>8} {'not checked':>11}  path")
        for r in ok:
            f, kind, nc = r["findings"], r["document_type"] or "-", r["tables_not_checked"]
            lines.append(
                f"{r['pages']:>5}  {kind:<20} {f['error']:>6} {f['warning']:>8} {nc:>11}  {r['path']}"
            )
    if bad:
        lines.append("")
        lines.append("failed:")
        lines.extend(f"  {r['path']}: {r['reason']}" for r in bad)
    totals: Counter[str] = Counter()
    for r in ok:
        totals.update(r["findings"])
    lines.append("")
    lines.append(
        f"audit: {totals['error']} error(s), {totals['warning']} warning(s), {totals['info']} info "
        f"across {sum(1 for r in ok if any(r['findings'].values()))} of {len(ok)} document(s)"
    )
    lines.extend(f"  {k['severity']:<8} {k['kind']:<20} {k['n']:>5}" for k in by_kind)
    not_checked = sum(r["tables_not_checked"] for r in ok)
    lines.append(f"  tables not checked (structure unclear): {not_checked}")
    lines.extend(meetings_text(ok))
    return "\n".join(lines) + "\n"


def meetings_text(ok: list[dict[str, Any]]) -> list[str]:
    """How many documents have a meeting, by where it was read, and the reasons of the others."""
    dated = [r for r in ok if r.get("meeting_body") or r.get("meeting_date")]
    sources = Counter(str(r.get("meeting_source")) for r in dated)
    by = ", ".join(f"{n} {source}" for source, n in sources.most_common())
    lines = ["", f"meetings: {len(dated)} of {len(ok)} document(s) have one" + (f" ({by})" if by else "")]
    reasons = Counter(str(r.get("meeting_note")) for r in ok if r.get("meeting_note"))
    lines.extend(f"  {n:>5}  {why}" for why, n in reasons.most_common())
    return lines


@click.command("status")
@db_option()
@format_option(["text", "json"], "text")
@output_option()
@filter_options
def command(db: str, fmt: str, output: str | None, documents: DocumentFilter) -> None:
    """List the documents a store holds and the files that failed, with the reason, the audit
    findings per document and kind, and how many documents have a meeting (and why the others
    do not); --body, --from/--to, --type and --doc list the documents they select.

    \b
    Example:
      extractor status --db store.duckdb
      extractor status --db store.duckdb -f json -o status.json
      extractor status --db store.duckdb --body "County Council" --from 2025-01-01 --type report
    """
    condition, params = documents.where()
    with Store(db) as store:
        rows = store.status(documents)
        by_kind = store.query(
            "SELECT severity, kind, count(*) AS n FROM findings f JOIN documents d USING (sha256) "
            f"WHERE {condition} GROUP BY severity, kind "
            "ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, n DESC, kind",
            params,
        )
        version = store.schema_version()
    if fmt == "json":
        emit(json.dumps({"store_schema_version": version, "documents": rows}, indent=2), output)
    else:
        emit(status_text(rows, by_kind), output)
