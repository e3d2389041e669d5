"""The report's small pieces of markup: escaping, numbers, badges, arrows, titles and anchors."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from extractor.report.build import FindingView
from extractor.report.charts import RAG_COLOURS

DOT_ARROWS = {"improving": "▲", "stable": "►", "worsening": "▼"}


def esc(v: Any) -> str:
    """The value as HTML text (None as nothing)."""
    return escape("" if v is None else str(v))


def number(v: Any) -> str:
    if v is None or v == "":
        return "–"
    try:
        f = float(v)
    except (TypeError, ValueError):
        return esc(v)
    return f"{f:,.2f}".rstrip("0").rstrip(".") if f != int(f) else f"{int(f):,}"


def rag_badge(rag: str | None, text: str | None = None) -> str:
    if rag in RAG_COLOURS:
        return f'<span class="rag" style="background:{RAG_COLOURS[rag]}">{esc(rag)}</span>'
    return f'<span class="rag rag-none">{esc(text) or "–"}</span>'


def dot_arrow(dot: str | None) -> str:
    if dot not in DOT_ARROWS:
        return '<span class="muted">–</span>'
    return f'<span class="dot dot-{dot}" title="{dot}">{DOT_ARROWS[dot]} {dot}</span>'


def sev_badge(sev: str) -> str:
    return f'<span class="badge sev-{esc(sev)}">{esc(sev)}</span>'


def meeting_title(body: str | None, date: str | None) -> str:
    return ", ".join(x for x in (body, date) if x)


def doc_title(d: dict[str, Any]) -> str:
    """The document's title where recorded, else its file name."""
    return str(d.get("title") or Path(d["path"]).name)


def doc_anchor(d: dict[str, Any]) -> str:
    return "doc-" + d["sha256"][:12]


def finding_anchor(d: dict[str, Any], f: FindingView) -> str:
    return f"finding-{d['sha256'][:12]}-{f.row['seq']}"


def finding_pages(f: FindingView) -> list[int]:
    r = f.row
    return sorted({e["page"] for e in f.evidence if e["page"]} | ({r["page"]} if r["page"] else set()))
