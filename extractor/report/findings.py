"""The report's findings: the filterable table on its first screen and each finding's card."""

from __future__ import annotations

from extractor.report.build import SEVERITIES, DocumentView, FindingView, ReportData
from extractor.report.markup import (
    doc_anchor,
    doc_title,
    esc,
    finding_anchor,
    finding_pages,
    meeting_title,
    number,
    sev_badge,
)

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
    options = "".join(f'<option value="{esc(v)}">{esc(v)}</option>' for v in values)
    return f'<label>{label} <select name="{name}"><option value="">all</option>{options}</select></label>'


def findings_table(data: ReportData) -> str:
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
            f'<tr data-severity="{esc(r["severity"])}" data-kind="{esc(r["kind"])}" '
            f'data-body="{esc(d.get("meeting_body"))}" data-date="{esc(d.get("meeting_date"))}" '
            f'data-doc="{esc(doc_title(d))}">'
            f"<td>{sev_badge(r['severity'])}</td><td>{esc(r['kind'])}</td>"
            f'<td class="desc" title="{esc(text)}">{esc(short)}</td>'
            f'<td><a href="#{doc_anchor(d)}">{esc(doc_title(d))}</a>'
            f'<br><span class="muted">{esc(meeting_title(d.get("meeting_body"), d.get("meeting_date")))}'
            "</span></td>"
            f'<td class="num">{", ".join(map(str, finding_pages(f)))}</td>'
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
def finding_card(v: DocumentView, f: FindingView) -> str:
    r = f.row
    pages = finding_pages(f)
    head = (
        f"<p>{sev_badge(r['severity'])} <strong>{esc(r['kind'])}</strong> "
        f'<span class="muted">page{"s" if len(pages) > 1 else ""} {", ".join(map(str, pages))}'
        f"{' · table ' + esc(r['table_id']) if r.get('table_id') else ''}"
        f"{' · check ' + esc(r['audit_check']) if r.get('audit_check') else ''}</span></p>"
        f'<p class="description">{esc(r["description"])}</p>'
    )
    numbers = (
        "<table><tr><th>reported</th><th>expected</th><th>difference</th></tr>"
        f'<tr><td class="num">{number(r["reported"])}</td><td class="num">{number(r["expected"])}</td>'
        f'<td class="num">{number(r["difference"])}</td></tr></table>'
    )
    figures = ""
    if f.evidence:
        items = ", ".join(f"{esc(e['text'])} (p. {esc(e['page'])})" for e in f.evidence[:12])
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
    note = f'<p class="note">{esc(f.note)}</p>' if f.note and v.source_found is not None else ""
    return (
        f'<div class="finding {esc(r["severity"])}" id="{finding_anchor(v.doc, f)}">'
        f"{head}{numbers}{figures}{shots}{note}</div>"
    )
