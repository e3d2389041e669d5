"""The report as one self-contained HTML page: inline CSS, PNG snippets as data URIs, SVG
charts; no network access needed to view or print it. Every text from a document is esc."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

from extractor.corpus.changes import Change, Changes
from extractor.report.build import SEVERITIES, DocumentView, KpiView, MeetingGroup, ReportData
from extractor.report.charts import finance_chart, kpi_history
from extractor.report.findings import finding_card, findings_table
from extractor.report.markup import (
    doc_anchor,
    doc_title,
    dot_arrow,
    esc,
    meeting_title,
    rag_badge,
    sev_badge,
)

# the page's style and its findings filters, kept as files beside this module and inlined
CSS = (files("extractor.report") / "report.css").read_text(encoding="utf-8")
SCRIPT = (files("extractor.report") / "report.js").read_text(encoding="utf-8")


def _kpi_row(k: KpiView) -> str:
    r = k.row
    chart = kpi_history(k.history, f"{r['name']}: RAG by period") if len(k.history) > 1 else ""
    return (
        f"<tr><td>{esc(r['name'])}</td><td>{esc(k.period)}</td>"
        f"<td>{rag_badge(r['rag_latest'])}</td>"
        f"<td>{rag_badge(r['rag_previous'], r['rag_previous_text'])}</td>"
        f"<td>{dot_arrow(r['dot'])}</td><td>{chart or '<span class=muted>one period</span>'}</td>"
        f'<td class="num">{esc(r["page"])}</td></tr>'
    )


def _kpis(v: DocumentView) -> str:
    if not v.kpis_by_area:
        return ""
    out = ["<h4>KPIs</h4>"]
    for area, kpis in v.kpis_by_area.items():
        out.append(
            f"<h5>{esc(area)} <span class='muted'>({len(kpis)})</span></h5><table class='kpis'>"
            "<tr><th>KPI</th><th>period</th><th>latest</th><th>previous</th><th>direction</th>"
            "<th>history</th><th>page</th></tr>" + "".join(_kpi_row(k) for k in kpis) + "</table>"
        )
    return "".join(out)


def _summary(v: DocumentView) -> str:
    """What the document holds, in one line: only what it has."""
    c = v.counts
    parts = [
        f"{n} {what}"
        for what, n in (
            ("tables", c["tables"]),
            ("KPIs", c["kpis"]),
            ("narrative figures", c["figures"]),
            ("finance records", c["financial_records"]),
        )
        if n
    ]
    not_checked = sum(f.row.get("audit_check") == "structure" for f in v.findings)
    if not_checked:
        parts.append(f"{not_checked} tables not checked (structure unclear)")
    sev = " ".join(f"{sev_badge(s)} {v.severity_counts[s]}" for s in SEVERITIES if v.severity_counts.get(s))
    line = f"<p>{' · '.join(parts) or 'nothing extracted'}{' · findings ' + sev if sev else ''}</p>"
    rag = ""
    if v.rag_summaries:
        rag = (
            "<h4>RAG summary as printed</h4><table><tr><th>area</th><th>green</th><th>amber</th><th>red</th>"
            "<th>improving</th><th>stable</th><th>worsening</th></tr>"
            + "".join(
                f"<tr><td>{esc(r['area'])}</td>"
                + "".join(
                    f"<td class='num'>{esc(r[k])}</td>"
                    for k in ("green", "amber", "red", "improving", "stable", "worsening")
                )
                + "</tr>"
                for r in v.rag_summaries
            )
            + "</table>"
        )
    return line + rag


def _document(v: DocumentView) -> str:
    d = v.doc
    meeting = ", ".join(
        esc(x) for x in (d["meeting_body"], d["meeting_date"], d["meeting_time"], d["meeting_venue"]) if x
    )
    facts = [
        ("file", esc(d["path"])),
        ("type", esc(d["document_type"])),
        ("meeting", meeting),
        ("pages", esc(d["pages"])),
        ("sha256", f"<code>{esc(d['sha256'])}</code>"),
    ]
    out = [
        f'<article class="doc" id="{doc_anchor(d)}"><h3>{esc(doc_title(d))}</h3><table class="facts">'
        + "".join(f"<tr><td>{k}</td><td>{val}</td></tr>" for k, val in facts if val)
        + "</table>"
    ]
    if v.source_found is None and v.findings:
        out.append(f'<p class="note">The source PDF ({esc(d["path"])}) was not found: no page crops.</p>')
    out.append(_summary(v))
    if v.agenda_items:
        out.append(
            "<h4>Agenda items</h4><table><tr><th>item</th><th>title</th><th>type</th><th>pages</th></tr>"
            + "".join(
                f"<tr><td>{esc(a['number'])}</td><td>{esc(a['title'])}</td><td>{esc(a['document_type'])}</td>"
                f"<td>{esc(a['page_start'])}{'–' + esc(a['page_end']) if a['page_end'] else ''}</td></tr>"
                for a in v.agenda_items
            )
            + "</table>"
        )
    if v.findings:
        out.append(f"<h4>Findings ({len(v.findings)})</h4>")
        out.extend(finding_card(v, f) for f in v.findings)
    out.append(_kpis(v))
    out.append("</article>")
    return "".join(out)


# -- meetings, changes, finance ---------------------------------------------------------------------
def _group_title(g: MeetingGroup) -> str:
    return meeting_title(g.body, g.date) or "No meeting"


def _meetings_index(data: ReportData) -> str:
    items = []
    for g in data.meetings:
        docs = "".join(
            f'<li><a href="#{doc_anchor(v.doc)}">{esc(doc_title(v.doc))}</a> '
            f'<span class="muted">{esc(v.doc["document_type"])}, {esc(v.doc["pages"])} pages</span> '
            + " ".join(
                f"{sev_badge(s)} {v.severity_counts[s]}" for s in SEVERITIES if v.severity_counts.get(s)
            )
            + "</li>"
            for v in g.documents
        )
        reason = f' <span class="muted">({esc(g.reason)})</span>' if g.reason else ""
        items.append(f'<li><a href="#{g.anchor}">{esc(_group_title(g))}</a>{reason}<ul>{docs}</ul></li>')
    return f"<nav id='meetings'><h2>Meetings and documents</h2><ul>{''.join(items)}</ul></nav>"


def _sources(sources: list[dict[str, Any]]) -> str:
    return "<br>".join(
        f'<a href="#doc-{esc(s["sha256"][:12])}">{esc(Path(s["document"]).name)}</a> p.{esc(s["page"])}'
        for s in sources[:4]
    ) + (f" and {len(sources) - 4} more" if len(sources) > 4 else "")


CHANGE_TITLES = {
    "rag_moved": "KPIs whose RAG moved",
    "below_floor": "KPIs that fell below their floor",
    "new": "New KPIs",
    "dropped": "KPIs no longer reported",
    "variance_moved": "Directorate variances that moved by £{threshold:g}m or more",
}


def _change_row(c: Change) -> str:
    direction = c.direction or ""
    css = {"worsened": "up", "improved": "down"}.get(direction, "")
    if c.difference is not None:
        direction = f"{c.difference:+.1f} £m"
    note = f'<br><span class="muted">{esc(c.note)}</span>' if c.note else ""
    return (
        f"<tr><td>{esc(c.subject)}{note}</td><td>{esc(c.area)}</td><td>{esc(c.before)}</td><td>{esc(c.after)}</td>"
        f'<td class="{css}">{esc(direction)}</td><td>{_sources(c.before_sources)}</td>'
        f"<td>{_sources(c.after_sources)}</td></tr>"
    )


def _changes(found: Changes | None) -> str:
    if found is None or not found.changes:
        return ""
    out = [
        f"<section id='changes'><h2>What changed: {esc(found.before.label)} to {esc(found.after.label)}</h2>"
    ]
    for kind, title in CHANGE_TITLES.items():
        rows = found.of(kind)
        if rows:
            out.append(
                f"<h3>{esc(title.format(threshold=found.threshold_gbp_m))} "
                f"<span class='muted'>({len(rows)})</span></h3>"
                "<table class='changes'><tr><th>what</th><th>area</th><th>before</th><th>after</th><th></th>"
                "<th>printed before in</th><th>printed after in</th></tr>"
                + "".join(_change_row(c) for c in rows)
                + "</table>"
            )
    out.append("</section>")
    return "".join(out)


def _finance(data: ReportData) -> str:
    charts = [(fv, finance_chart(fv.periods, fv.lines, fv.unit)) for fv in data.finance]
    charts = [(fv, svg) for fv, svg in charts if svg]
    if not charts:
        return ""
    out = ["<section id='finance'><h2>Finance: directorate variance by period</h2>"]
    for fv, svg in charts:
        out.append(
            f"<h3>{esc(fv.measure)} <span class='muted'>({len(fv.lines)} directorates, "
            f"{len(fv.periods)} period{'s' if len(fv.periods) != 1 else ''})</span></h3>{svg}"
        )
    out.append("</section>")
    return "".join(out)


def _meeting(g: MeetingGroup) -> str:
    reason = f'<p class="muted">{esc(g.reason)}</p>' if g.reason else ""
    return (
        f'<section class="meeting" id="{g.anchor}"><h2>{esc(_group_title(g))}</h2>{reason}'
        + "".join(_document(v) for v in g.documents)
        + "</section>"
    )


def _notes(data: ReportData) -> str:
    notes = []
    if data.nothing_selected:
        notes.append(f"No document in the store matches {esc(data.selection or 'the filters')}.")
    lost = [v for v in data.documents if v.source_found is None and v.findings]
    if lost:
        notes.append(
            f"The source PDFs of {len(lost)} of {len(data.documents)} documents were not found where they "
            "were ingested from (moved?), so their findings show no page crops: run the report again with "
            "<code>--pdf-root DIR</code>, DIR the folder now holding the PDFs (searched by path and by file "
            "name, each file checked against the document's SHA-256)."
        )
    return "".join(f'<p class="note">{n}</p>' for n in notes)


def render(data: ReportData) -> str:
    n_findings = sum(len(v.findings) for v in data.documents)
    n_kpis = sum(v.counts["kpis"] for v in data.documents)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    selection = f" · {esc(data.selection)}" if data.selection else ""
    body = (
        "<header><h1>Council documents: what does not add up, and what changed</h1>"
        f"<p class='muted'>Store {esc(data.store_path)}{selection} · {len(data.documents)} document(s) in "
        f"{len(data.meetings)} meeting group(s) · {n_findings} finding(s) · {n_kpis} KPI(s) · "
        f"generated {stamp} · <a href='#meetings'>meetings</a>"
        + (" · <a href='#changes'>what changed</a>" if data.changes and data.changes.changes else "")
        + (" · <a href='#finance'>finance</a>" if data.finance else "")
        + f"</p>{_notes(data)}</header>"
        + findings_table(data)
        + _meetings_index(data)
        + _changes(data.changes)
        + _finance(data)
        + "".join(_meeting(g) for g in data.meetings)
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>extractor report</title><style>{CSS}</style></head>"
        f"<body><main>{body}</main><script>{SCRIPT}</script></body></html>\n"
    )
