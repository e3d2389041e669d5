"""The report as one self-contained HTML page: inline CSS, PNG snippets as data URIs, SVG
charts; no network access needed to view or print it. Every text from a document is escaped."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

from extractor.corpus.changes import Change, Changes
from extractor.report.build import SEVERITIES, DocumentView, FindingView, KpiView, MeetingGroup, ReportData
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
nav ul{padding-left:1.2em}
h1{font-size:1.4em;margin:.2em 0}header p{margin:.2em 0}
#findings h2{margin-top:.6em}
.filters{display:flex;flex-wrap:wrap;gap:6px 12px;align-items:center;font-size:.88em;margin:.3em 0}
.filters label{white-space:nowrap}.filters select{max-width:240px}
table.findings{width:100%}table.findings td{font-size:.92em}
table.findings td.desc{max-width:420px}tr.hidden{display:none}
.changes td{font-size:.92em}.up{color:#c62828}.down{color:#2e8540}
section.meeting{page-break-before:always;break-before:page}
section.meeting>h2{background:#f0f0ee;padding:4px 8px}
.chart{max-width:100%;height:auto;font-family:system-ui,sans-serif}
article.doc{border-top:1px solid #ddd;margin-top:1.5em}
@media print{body{background:#fff;font-size:11pt}main{max-width:none;padding:0}
 a{color:inherit;text-decoration:none}nav{page-break-after:always}}
"""

# The findings table's filters (plain JavaScript, nothing fetched), which the address can preset
# (`report.html?severity=error&kind=row_total`); after load, each image's
# natural size and where the findings table lies, so a headless browser's DOM dump can prove the
# page rendered and the table is on the first screen.
SCRIPT = """
function filterFindings() {
  var want = {};
  document.querySelectorAll('.filters select').forEach(function (s) { want[s.name] = s.value; });
  var from = document.getElementById('f-from').value, to = document.getElementById('f-to').value;
  var shown = 0, rows = document.querySelectorAll('table.findings tbody tr');
  rows.forEach(function (tr) {
    var ok = Object.keys(want).every(function (k) { return !want[k] || tr.dataset[k] === want[k]; });
    var d = tr.dataset.date || '';
    ok = ok && (!from || (d && d >= from)) && (!to || (d && d <= to));
    tr.classList.toggle('hidden', !ok);
    if (ok) { shown += 1; }
  });
  document.getElementById('f-count').textContent = shown + ' of ' + rows.length + ' shown';
}
// filters may be preset in the address: report.html?severity=error&body=Cabinet&from=2024-01-01
var preset = new URLSearchParams(location.search), given = false;
document.querySelectorAll('.filters select, .filters input').forEach(function (el) {
  el.addEventListener('change', filterFindings);
  if (preset.has(el.name)) { el.value = preset.get(el.name); given = true; }
});
if (given) { filterFindings(); }
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
  var table = document.querySelector('table.findings');
  var first = document.querySelector('table.findings tbody tr');
  if (table && first) {
    document.body.setAttribute('data-findings-top', Math.round(table.getBoundingClientRect().top));
    document.body.setAttribute('data-first-finding-bottom', Math.round(first.getBoundingClientRect().bottom));
  }
  document.body.setAttribute('data-viewport-height', window.innerHeight);
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


def meeting_title(body: str | None, date: str | None) -> str:
    return ", ".join(x for x in (body, date) if x)


def doc_title(d: dict[str, Any]) -> str:
    """The document's title where recorded, else its file name."""
    return str(d.get("title") or Path(d["path"]).name)


def doc_anchor(d: dict[str, Any]) -> str:
    return "doc-" + d["sha256"][:12]


def finding_anchor(d: dict[str, Any], f: FindingView) -> str:
    return f"finding-{d['sha256'][:12]}-{f.row['seq']}"


def _pages(f: FindingView) -> list[int]:
    r = f.row
    return sorted({e["page"] for e in f.evidence if e["page"]} | ({r["page"]} if r["page"] else set()))


# -- the findings table (first screen) ------------------------------------------------------------
DESCRIPTION_CHARS = 170  # the table shows the start of a description; the card shows all of it


def _finding_rows(data: ReportData) -> list[tuple[DocumentView, FindingView]]:
    order = {s: i for i, s in enumerate(SEVERITIES)}
    rows = [(v, f) for v in data.documents for f in v.findings]
    rows.sort(
        key=lambda vf: (
            order.get(vf[1].row["severity"], 9),
            doc_title(vf[0].doc).lower(),
            vf[0].doc["sha256"],
            vf[1].row["page"] or 0,
            vf[1].row["seq"],
        )
    )
    return rows


def _select(name: str, label: str, values: list[str]) -> str:
    options = "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in values)
    return f'<label>{label} <select name="{name}"><option value="">all</option>{options}</select></label>'


def _findings_table(data: ReportData) -> str:
    rows = _finding_rows(data)
    if not rows:
        return (
            "<section id='findings'><h2>Findings</h2><p class='muted'>The audit found nothing that "
            "does not add up in these documents.</p></section>"
        )
    present = [s for s in SEVERITIES if any(f.row["severity"] == s for _, f in rows)]
    kinds = sorted({f.row["kind"] for _, f in rows})
    bodies = sorted({v.doc.get("meeting_body") or "" for v, _ in rows} - {""})
    docs = sorted({doc_title(v.doc) for v, _ in rows}, key=str.lower)
    filters = (
        '<div class="filters">'
        + _select("severity", "severity", present)
        + _select("kind", "kind", kinds)
        + (_select("body", "body", bodies) if bodies else "")
        + '<label>meetings from <input type="date" id="f-from" name="from"></label>'
        + '<label>to <input type="date" id="f-to" name="to"></label>'
        + _select("doc", "document", docs)
        + f'<span class="muted" id="f-count">{len(rows)} of {len(rows)} shown</span></div>'
    )
    body = []
    for v, f in rows:
        r, d = f.row, v.doc
        text = r["description"] or ""
        short = text if len(text) <= DESCRIPTION_CHARS else text[: DESCRIPTION_CHARS - 1] + "…"
        body.append(
            f'<tr data-severity="{_e(r["severity"])}" data-kind="{_e(r["kind"])}" '
            f'data-body="{_e(d.get("meeting_body"))}" data-date="{_e(d.get("meeting_date"))}" '
            f'data-doc="{_e(doc_title(d))}">'
            f"<td>{sev_badge(r['severity'])}</td><td>{_e(r['kind'])}</td>"
            f'<td class="desc" title="{_e(text)}">{_e(short)}</td>'
            f'<td><a href="#{doc_anchor(d)}">{_e(doc_title(d))}</a>'
            f'<br><span class="muted">{_e(meeting_title(d.get("meeting_body"), d.get("meeting_date")))}'
            "</span></td>"
            f'<td class="num">{", ".join(map(str, _pages(f)))}</td>'
            f'<td><a href="#{finding_anchor(d, f)}">card</a></td></tr>'
        )
    counts = " ".join(f"{sev_badge(s)} {sum(f.row['severity'] == s for _, f in rows)}" for s in present)
    return (
        f"<section id='findings'><h2>Findings <span class='muted'>{counts}</span></h2>{filters}"
        "<table class='findings'><thead><tr><th>severity</th><th>kind</th><th>what</th>"
        "<th>document</th><th>page</th><th></th></tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table></section>"
    )


# -- a finding's card -----------------------------------------------------------------------------
def _finding(v: DocumentView, f: FindingView) -> str:
    r = f.row
    pages = _pages(f)
    head = (
        f"<p>{sev_badge(r['severity'])} <strong>{_e(r['kind'])}</strong> "
        f'<span class="muted">page{"s" if len(pages) > 1 else ""} {", ".join(map(str, pages))}'
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
        f'alt="page {s.page} of the source, figures of this finding highlighted">'
        f'<figcaption>page {s.page}: <span class="key-reported">reported figure</span> '
        f'<span class="key-other">figures it is checked against</span></figcaption></figure>'
        for s in f.snippets
    )
    # a missing source is said once, at the top of the report and of the document
    note = f'<p class="note">{_e(f.note)}</p>' if f.note and v.source_found is not None else ""
    return (
        f'<div class="finding {_e(r["severity"])}" id="{finding_anchor(v.doc, f)}">'
        f"{head}{numbers}{figures}{shots}{note}</div>"
    )


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
    out = ["<h4>KPIs</h4>"]
    for area, kpis in v.kpis_by_area.items():
        out.append(
            f"<h5>{_e(area)} <span class='muted'>({len(kpis)})</span></h5><table class='kpis'>"
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
    return line + rag


def _document(v: DocumentView) -> str:
    d = v.doc
    meeting = ", ".join(
        _e(x) for x in (d["meeting_body"], d["meeting_date"], d["meeting_time"], d["meeting_venue"]) if x
    )
    facts = [
        ("file", _e(d["path"])),
        ("type", _e(d["document_type"])),
        ("meeting", meeting),
        ("pages", _e(d["pages"])),
        ("sha256", f"<code>{_e(d['sha256'])}</code>"),
    ]
    out = [
        f'<article class="doc" id="{doc_anchor(d)}"><h3>{_e(doc_title(d))}</h3><table class="facts">'
        + "".join(f"<tr><td>{k}</td><td>{val}</td></tr>" for k, val in facts if val)
        + "</table>"
    ]
    if v.source_found is None and v.findings:
        out.append(f'<p class="note">The source PDF ({_e(d["path"])}) was not found: no page crops.</p>')
    out.append(_summary(v))
    if v.agenda_items:
        out.append(
            "<h4>Agenda items</h4><table><tr><th>item</th><th>title</th><th>type</th><th>pages</th></tr>"
            + "".join(
                f"<tr><td>{_e(a['number'])}</td><td>{_e(a['title'])}</td><td>{_e(a['document_type'])}</td>"
                f"<td>{_e(a['page_start'])}{'–' + _e(a['page_end']) if a['page_end'] else ''}</td></tr>"
                for a in v.agenda_items
            )
            + "</table>"
        )
    if v.findings:
        out.append(f"<h4>Findings ({len(v.findings)})</h4>")
        out.extend(_finding(v, f) for f in v.findings)
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
            f'<li><a href="#{doc_anchor(v.doc)}">{_e(doc_title(v.doc))}</a> '
            f'<span class="muted">{_e(v.doc["document_type"])}, {_e(v.doc["pages"])} pages</span> '
            + " ".join(
                f"{sev_badge(s)} {v.severity_counts[s]}" for s in SEVERITIES if v.severity_counts.get(s)
            )
            + "</li>"
            for v in g.documents
        )
        reason = f' <span class="muted">({_e(g.reason)})</span>' if g.reason else ""
        items.append(f'<li><a href="#{g.anchor}">{_e(_group_title(g))}</a>{reason}<ul>{docs}</ul></li>')
    return f"<nav id='meetings'><h2>Meetings and documents</h2><ul>{''.join(items)}</ul></nav>"


def _sources(sources: list[dict[str, Any]]) -> str:
    return "<br>".join(
        f'<a href="#doc-{_e(s["sha256"][:12])}">{_e(Path(s["document"]).name)}</a> p.{_e(s["page"])}'
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
    note = f'<br><span class="muted">{_e(c.note)}</span>' if c.note else ""
    return (
        f"<tr><td>{_e(c.subject)}{note}</td><td>{_e(c.area)}</td><td>{_e(c.before)}</td><td>{_e(c.after)}</td>"
        f'<td class="{css}">{_e(direction)}</td><td>{_sources(c.before_sources)}</td>'
        f"<td>{_sources(c.after_sources)}</td></tr>"
    )


def _changes(found: Changes | None) -> str:
    if found is None or not found.changes:
        return ""
    out = [
        f"<section id='changes'><h2>What changed: {_e(found.before.label)} to {_e(found.after.label)}</h2>"
    ]
    for kind, title in CHANGE_TITLES.items():
        rows = found.of(kind)
        if rows:
            out.append(
                f"<h3>{_e(title.format(threshold=found.threshold_gbp_m))} "
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
            f"<h3>{_e(fv.measure)} <span class='muted'>({len(fv.lines)} directorates, "
            f"{len(fv.periods)} period{'s' if len(fv.periods) != 1 else ''})</span></h3>{svg}"
        )
    out.append("</section>")
    return "".join(out)


def _meeting(g: MeetingGroup) -> str:
    reason = f'<p class="muted">{_e(g.reason)}</p>' if g.reason else ""
    return (
        f'<section class="meeting" id="{g.anchor}"><h2>{_e(_group_title(g))}</h2>{reason}'
        + "".join(_document(v) for v in g.documents)
        + "</section>"
    )


def _notes(data: ReportData) -> str:
    notes = []
    if data.nothing_selected:
        notes.append(f"No document in the store matches {_e(data.selection or 'the filters')}.")
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
    selection = f" · {_e(data.selection)}" if data.selection else ""
    body = (
        "<header><h1>Council documents: what does not add up, and what changed</h1>"
        f"<p class='muted'>Store {_e(data.store_path)}{selection} · {len(data.documents)} document(s) in "
        f"{len(data.meetings)} meeting group(s) · {n_findings} finding(s) · {n_kpis} KPI(s) · "
        f"generated {stamp} · <a href='#meetings'>meetings</a>"
        + (" · <a href='#changes'>what changed</a>" if data.changes and data.changes.changes else "")
        + (" · <a href='#finance'>finance</a>" if data.finance else "")
        + f"</p>{_notes(data)}</header>"
        + _findings_table(data)
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
