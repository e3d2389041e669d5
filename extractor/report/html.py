"""The report as one self-contained HTML page: inline CSS, PNG snippets as data URIs, SVG
charts; no network access needed to view or print it. Every text from a document is escaped."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

from extractor.report.build import SEVERITIES, DocumentView, FindingView, KpiView, ReportData
from extractor.report.charts import RAG_COLOURS, finance_chart, kpi_history

CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0;
 background:#f6f6f4}
main{max-width:1000px;margin:0 auto;padding:16px 24px 48px;background:#fff}
h1{font-size:1.7em;margin:.4em 0}
h2{font-size:1.35em;border-bottom:2px solid #ddd;padding-bottom:4px;margin-top:2em}
h3{font-size:1.1em;margin:1.4em 0 .5em}h4{margin:1em 0 .3em}
table{border-collapse:collapse;margin:.4em 0 1em;font-size:.92em}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:middle}
th{background:#f0f0ee}td.num{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#666;font-size:.9em}.facts td:first-child{color:#555;white-space:nowrap}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:.8em;font-weight:600;color:#fff}
.sev-error{background:#c62828}.sev-warning{background:#ef6c00}.sev-info{background:#546e7a}
.rag{display:inline-block;min-width:52px;text-align:center;padding:1px 6px;border-radius:4px;
 font-size:.8em;font-weight:600;color:#fff}.rag-none{background:#bbb}
.dot{font-size:1.1em;font-weight:700}.dot-improving{color:#2e8540}.dot-worsening{color:#c62828}
.dot-stable{color:#555}
table.kpis td:nth-child(n+2){white-space:nowrap}
.finding{border:1px solid #ddd;border-left:5px solid #999;padding:8px 12px;margin:12px 0;
 page-break-inside:avoid;break-inside:avoid}
.finding.error{border-left-color:#c62828}.finding.warning{border-left-color:#ef6c00}
.finding.info{border-left-color:#546e7a}
.finding p{margin:.3em 0}.snippet{margin:8px 0}.snippet img{max-width:100%;height:auto;border:1px solid #ccc}
.snippet figcaption{font-size:.8em;color:#555}
.key-reported{background:rgba(230,40,40,.3);outline:2px solid #c81e1e;padding:0 4px}
.key-other{background:rgba(255,210,0,.35);outline:2px solid #d68c00;padding:0 4px}
.note{background:#fff8e1;border:1px solid #f0d080;padding:6px 10px}
nav ul{columns:2;padding-left:1.2em}
.chart{max-width:100%;height:auto;font-family:system-ui,sans-serif}
section.doc{page-break-before:always;break-before:page}
@media print{body{background:#fff;font-size:11pt}main{max-width:none;padding:0}
 a{color:inherit;text-decoration:none}nav{page-break-after:always}}
"""

# after load, record each image's natural size so a headless browser's DOM dump can prove it rendered
SCRIPT = """
window.addEventListener('load', function () {
  var imgs = document.querySelectorAll('img');
  var ok = 0;
  imgs.forEach(function (img) {
    img.setAttribute('data-natural-width', img.naturalWidth);
    img.setAttribute('data-natural-height', img.naturalHeight);
    if (img.naturalWidth > 0 && img.naturalHeight > 0) { ok += 1; }
  });
  document.body.setAttribute('data-images-rendered', ok);
  document.body.setAttribute('data-charts', document.querySelectorAll('svg.chart').length);
});
"""

DOT_ARROWS = {"improving": "▲", "stable": "►", "worsening": "▼"}


def _e(v: Any) -> str:
    return escape("" if v is None else str(v))


def _num(v: Any) -> str:
    if v is None or v == "":
        return "–"
    try:
        f = float(v)
    except (TypeError, ValueError):
        return _e(v)
    return f"{f:,.2f}".rstrip("0").rstrip(".") if f != int(f) else f"{int(f):,}"


def rag_badge(rag: str | None, text: str | None = None) -> str:
    if rag in RAG_COLOURS:
        return f'<span class="rag" style="background:{RAG_COLOURS[rag]}">{_e(rag)}</span>'
    return f'<span class="rag rag-none">{_e(text) or "–"}</span>'


def dot_arrow(dot: str | None) -> str:
    if dot not in DOT_ARROWS:
        return '<span class="muted">–</span>'
    return f'<span class="dot dot-{dot}" title="{dot}">{DOT_ARROWS[dot]} {dot}</span>'


def sev_badge(sev: str) -> str:
    return f'<span class="badge sev-{_e(sev)}">{_e(sev)}</span>'


def doc_title(d: dict[str, Any]) -> str:
    name = Path(d["path"]).name
    if d.get("meeting_body") or d.get("meeting_date"):
        return " ".join(x for x in (d.get("meeting_body"), d.get("meeting_date")) if x) + f" · {name}"
    return name


def doc_anchor(d: dict[str, Any]) -> str:
    return "doc-" + d["sha256"][:12]


def _finding(f: FindingView, n: int) -> str:
    r = f.row
    pages = sorted({e["page"] for e in f.evidence if e["page"]} | ({r["page"]} if r["page"] else set()))
    head = (
        f"<p>{sev_badge(r['severity'])} <strong>{_e(r['kind'])}</strong> "
        f'<span class="muted">#{n} · page{"s" if len(pages) > 1 else ""} {", ".join(map(str, pages))}'
        f"{' · table ' + _e(r['table_id']) if r.get('table_id') else ''}"
        f"{' · check ' + _e(r['audit_check']) if r.get('audit_check') else ''}</span></p>"
        f'<p class="description">{_e(r["description"])}</p>'
    )
    numbers = (
        "<table><tr><th>reported</th><th>expected</th><th>difference</th></tr>"
        f'<tr><td class="num">{_num(r["reported"])}</td><td class="num">{_num(r["expected"])}</td>'
        f'<td class="num">{_num(r["difference"])}</td></tr></table>'
    )
    figures = ""
    if f.evidence:
        items = ", ".join(f"{_e(e['text'])} (p. {_e(e['page'])})" for e in f.evidence[:12])
        more = f" and {len(f.evidence) - 12} more" if len(f.evidence) > 12 else ""
        figures = f'<p class="muted">figures involved: {items}{more}</p>'
    shots = "".join(
        f'<figure class="snippet"><img src="{s.data_uri}" width="{s.width}" height="{s.height}" '
        f'alt="page {s.page} of the source, figures of finding {n} highlighted">'
        f'<figcaption>page {s.page}: <span class="key-reported">reported figure</span> '
        f'<span class="key-other">figures it is checked against</span></figcaption></figure>'
        for s in f.snippets
    )
    note = f'<p class="note">{_e(f.note)}</p>' if f.note else ""
    return f'<div class="finding {_e(r["severity"])}">{head}{numbers}{figures}{shots}{note}</div>'


def _kpi_row(k: KpiView) -> str:
    r = k.row
    chart = kpi_history(k.history, f"{r['name']}: RAG by period") if len(k.history) > 1 else ""
    return (
        f"<tr><td>{_e(r['name'])}</td><td>{_e(k.period)}</td>"
        f"<td>{rag_badge(r['rag_latest'])}</td>"
        f"<td>{rag_badge(r['rag_previous'], r['rag_previous_text'])}</td>"
        f"<td>{dot_arrow(r['dot'])}</td><td>{chart or '<span class=muted>one period</span>'}</td>"
        f'<td class="num">{_e(r["page"])}</td></tr>'
    )


def _kpis(v: DocumentView) -> str:
    if not v.kpis_by_area:
        return ""
    out = ["<h3>KPIs</h3>"]
    for area, kpis in v.kpis_by_area.items():
        out.append(
            f"<h4>{_e(area)} <span class='muted'>({len(kpis)})</span></h4><table class='kpis'>"
            "<tr><th>KPI</th><th>period</th><th>latest</th><th>previous</th><th>direction</th>"
            "<th>history</th><th>page</th></tr>" + "".join(_kpi_row(k) for k in kpis) + "</table>"
        )
    return "".join(out)


def _summary(v: DocumentView) -> str:
    c = v.counts
    sev = " ".join(f"{sev_badge(s)} {v.severity_counts.get(s, 0)}" for s in SEVERITIES)
    rows = [
        ("tables", c["tables"]),
        ("KPIs", c["kpis"]),
        ("narrative figures", c["figures"]),
        ("finance records", c["financial_records"]),
        (
            "tables not checked (structure unclear)",
            sum(f.row.get("audit_check") == "structure" for f in v.findings),
        ),
    ]
    cells = "".join(f"<tr><td>{k}</td><td class='num'>{n}</td></tr>" for k, n in rows)
    rag = ""
    if v.rag_summaries:
        rag = (
            "<h4>RAG summary as printed</h4><table><tr><th>area</th><th>green</th><th>amber</th><th>red</th>"
            "<th>improving</th><th>stable</th><th>worsening</th></tr>"
            + "".join(
                f"<tr><td>{_e(r['area'])}</td>"
                + "".join(
                    f"<td class='num'>{_e(r[k])}</td>"
                    for k in ("green", "amber", "red", "improving", "stable", "worsening")
                )
                + "</tr>"
                for r in v.rag_summaries
            )
            + "</table>"
        )
    return f"<h3>Summary</h3><table>{cells}<tr><td>findings</td><td>{sev}</td></tr></table>{rag}"


def _document(v: DocumentView) -> str:
    d = v.doc
    meeting = ", ".join(
        _e(x) for x in (d["meeting_body"], d["meeting_date"], d["meeting_time"], d["meeting_venue"]) if x
    )
    facts = [
        ("file", _e(d["path"])),
        ("type", _e(d["document_type"])),
        ("meeting", meeting or "–"),
        ("pages", _e(d["pages"])),
        ("sha256", f"<code>{_e(d['sha256'])}</code>"),
    ]
    out = [
        f'<section class="doc" id="{doc_anchor(d)}"><h2>{_e(doc_title(d))}</h2><table class="facts">'
        + "".join(f"<tr><td>{k}</td><td>{val}</td></tr>" for k, val in facts)
        + "</table>"
    ]
    if v.source_found is None:
        out.append(f'<p class="note">The source PDF ({_e(d["path"])}) was not found: no page snippets.</p>')
    if v.agenda_items:
        out.append(
            "<h3>Agenda items</h3><table><tr><th>item</th><th>title</th><th>type</th><th>pages</th></tr>"
            + "".join(
                f"<tr><td>{_e(a['number'])}</td><td>{_e(a['title'])}</td><td>{_e(a['document_type'])}</td>"
                f"<td>{_e(a['page_start'])}{'–' + _e(a['page_end']) if a['page_end'] else ''}</td></tr>"
                for a in v.agenda_items
            )
            + "</table>"
        )
    out.append(_summary(v))
    out.append(f"<h3>Findings ({len(v.findings)})</h3>")
    if not v.findings:
        out.append("<p class='muted'>The audit found nothing that does not add up.</p>")
    out.extend(_finding(f, i) for i, f in enumerate(v.findings, 1))
    out.append(_kpis(v))
    out.append("</section>")
    return "".join(out)


def _finance(data: ReportData) -> str:
    out = ["<section id='finance'><h2>Finance: directorate variance by period</h2>"]
    charts = [(fv, finance_chart(fv.periods, fv.lines, fv.unit)) for fv in data.finance]
    charts = [(fv, svg) for fv, svg in charts if svg]
    if not charts:
        out.append("<p class='muted'>No directorate variance figures in the store.</p>")
    for fv, svg in charts:
        out.append(
            f"<h3>{_e(fv.measure)} <span class='muted'>({len(fv.lines)} directorates, "
            f"{len(fv.periods)} period{'s' if len(fv.periods) != 1 else ''})</span></h3>{svg}"
        )
    out.append("</section>")
    return "".join(out)


def _contents(data: ReportData) -> str:
    items = []
    for v in data.documents:
        sev = " ".join(
            f"{sev_badge(s)} {v.severity_counts[s]}" for s in SEVERITIES if v.severity_counts.get(s)
        )
        items.append(
            f'<li><a href="#{doc_anchor(v.doc)}">{_e(doc_title(v.doc))}</a> '
            f'<span class="muted">{_e(v.doc["document_type"])}, {_e(v.doc["pages"])} pages</span> {sev}</li>'
        )
    return f"<nav><h2>Documents</h2><ul>{''.join(items)}</ul><p><a href='#finance'>Finance</a></p></nav>"


def render(data: ReportData) -> str:
    n_findings = sum(len(v.findings) for v in data.documents)
    n_kpis = sum(v.counts["kpis"] for v in data.documents)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    missing = "".join(f'<p class="note">No document in the store matches {_e(m)}.</p>' for m in data.missing)
    body = (
        f"<h1>Council documents: what they say and what does not add up</h1>"
        f"<p class='muted'>Store {_e(data.store_path)} · {len(data.documents)} document(s) · "
        f"{n_findings} finding(s) · {n_kpis} KPI(s) · generated {stamp}</p>{missing}"
        + _contents(data)
        + _finance(data)
        + "".join(_document(v) for v in data.documents)
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>extractor report</title><style>{CSS}</style></head>"
        f"<body><main>{body}</main><script>{SCRIPT}</script></body></html>\n"
    )
