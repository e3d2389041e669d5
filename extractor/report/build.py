"""Gather what the report shows from a store: the findings across the documents, the documents
grouped by meeting (their findings with snippets of the pages involved, KPIs with their history),
what changed between the store's last two periods, and directorate finance over periods."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.corpus.changes import Changes, changes
from extractor.corpus.series import Series, directorate_lines, finance_series, kpi_rows, kpi_series
from extractor.corpus.store import Store
from extractor.corpus.views import DocumentFilter
from extractor.report.charts import FinanceLine, HistoryPoint
from extractor.report.snippets import Mark, PageRenderer, Snippet
from extractor.report.sources import SourceFinder
from extractor.schemas.periods import PeriodKey, PeriodSpan, period_key, period_span

SEVERITIES = ("error", "warning", "info")
VALUE_KEYS = ("value", "latest_value", "actual", "current_value", "current")


@dataclass
class FindingView:
    row: dict[str, Any]
    evidence: list[dict[str, Any]]
    snippets: list[Snippet] = field(default_factory=list)
    note: str | None = None  # why no snippet is shown


@dataclass
class KpiView:
    row: dict[str, Any]
    period: str
    history: list[HistoryPoint]


@dataclass
class DocumentView:
    doc: dict[str, Any]
    source_found: Path | None
    agenda_items: list[dict[str, Any]]
    counts: dict[str, int]
    severity_counts: Counter[str]
    findings: list[FindingView]
    kpis_by_area: dict[str, list[KpiView]]
    rag_summaries: list[dict[str, Any]]


@dataclass
class FinanceView:
    measure: str
    unit: str
    periods: list[str]
    lines: list[FinanceLine]


NO_MEETING = "no meeting body or date was read from the document"


@dataclass
class MeetingGroup:
    body: str | None
    date: str | None
    documents: list[DocumentView]
    reason: str | None = None  # why the documents of the group have no meeting

    @property
    def anchor(self) -> str:
        words = " ".join(x for x in (self.date, self.body) if x) or "none"
        return "meeting-" + re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")


@dataclass
class ReportData:
    store_path: str
    documents: list[DocumentView]
    finance: list[FinanceView]
    meetings: list[MeetingGroup] = field(default_factory=list)
    changes: Changes | None = None
    selection: str | None = None  # the filters, in words, when some were given
    nothing_selected: bool = False


# -- periods -----------------------------------------------------------------------------------
def quarter_label(key: PeriodKey, quarterly: bool = False) -> str:
    """'Q2 23/24' for a quarter (Q4 only when `quarterly`: position 12 is also a whole year)."""
    fy = key.financial_year
    if key.position % 3 == 0 and (key.position < 12 or quarterly):
        return f"Q{key.position // 3} {fy[2:]}"
    return fy if key.position == 12 else f"M{key.position} {fy[2:]}"


def _number(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        return float(v)
    try:
        return float(str(v).replace(",", "").rstrip("%"))
    except (TypeError, ValueError):
        return None


def kpi_history(series: Series) -> list[HistoryPoint]:
    """The KPI's RAG (and value, where recorded) per period: each observation gives its own
    period and, through its previous RAG, the quarter before (unless observed itself)."""
    points: dict[PeriodKey, HistoryPoint] = {}
    previous: dict[PeriodKey, HistoryPoint] = {}
    undated: list[HistoryPoint] = []
    for o in series.observations:
        key = period_key(o.get("period_label"), o.get("quarter"), o.get("financial_year"))
        value = next((_number(o[k]) for k in VALUE_KEYS if o.get(k) is not None), None)
        if key is None:
            undated.append(HistoryPoint(o.get("period_label") or "?", o.get("rag_latest"), value))
            continue
        points[key] = HistoryPoint(quarter_label(key, bool(o.get("quarter"))), o.get("rag_latest"), value)
        if o.get("rag_previous") and key.position % 3 == 0:
            prev = key.previous_quarter()
            previous.setdefault(prev, HistoryPoint(quarter_label(prev, True), o["rag_previous"]))
    for key, point in previous.items():
        points.setdefault(key, point)
    return [points[k] for k in sorted(points)] + undated


# -- documents -----------------------------------------------------------------------------------
def _findings(store: Store, sha: str, source: Path | None, snippets: bool) -> list[FindingView]:
    rows = store.query("SELECT * FROM findings WHERE sha256 = ? ORDER BY seq", [sha])
    evidence: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for e in store.query("SELECT * FROM finding_evidence WHERE sha256 = ? ORDER BY finding_seq, seq", [sha]):
        evidence[e["finding_seq"]].append(e)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    rows.sort(key=lambda r: (order.get(r["severity"], 9), r["page"] or 0, r["seq"]))
    views = [FindingView(r, evidence.get(r["seq"], [])) for r in rows]
    if not snippets:
        return views
    if source is None:
        for v in views:
            v.note = "the source PDF was not found, so the page region cannot be shown"
        return views
    with PageRenderer(source) as renderer:
        for v in views:
            _add_snippets(v, renderer)
    return views


def _add_snippets(view: FindingView, renderer: PageRenderer) -> None:
    reported = _number(view.row.get("reported"))
    by_page: dict[int, list[Mark]] = defaultdict(list)
    for e in view.evidence:
        box = [e["x0"], e["top"], e["x1"], e["bottom"]]
        if e["page"] is None or None in box:
            continue
        is_reported = reported is not None and _number(e["text"]) == reported
        by_page[e["page"]].append(Mark(box, is_reported))
    for page in sorted(by_page):
        snippet = renderer.snippet(page, by_page[page])
        if snippet:
            view.snippets.append(snippet)
    if not view.snippets:
        view.note = "no location was recorded for the figures of this finding"


def _kpis(store: Store, sha: str, histories: dict[str, list[HistoryPoint]]) -> dict[str, list[KpiView]]:
    out: dict[str, list[KpiView]] = defaultdict(list)
    for r in store.query("SELECT * FROM kpis WHERE sha256 = ? ORDER BY seq", [sha]):
        key = period_key(r["period_label"], r["quarter"], r["financial_year"])
        period = quarter_label(key, bool(r["quarter"])) if key else (r["period_label"] or "")
        area = r["area_canonical"] or r["area"] or "(no area)"
        out[area].append(KpiView(r, period, histories.get(r["kpi_id"], [])))
    return dict(out)


def document_view(
    store: Store,
    doc: dict[str, Any],
    histories: dict[str, list[HistoryPoint]],
    snippets: bool = True,
    finder: SourceFinder | None = None,
) -> DocumentView:
    sha = doc["sha256"]
    source = (finder or SourceFinder(store)).find(sha, doc["path"])
    counts = {
        t: int(store.query(f"SELECT count(*) AS n FROM {t} WHERE sha256 = ?", [sha])[0]["n"])
        for t in ("tables", "kpis", "figures", "financial_records", "findings")
    }
    findings = _findings(store, sha, source, snippets)
    return DocumentView(
        doc=doc,
        source_found=source,
        agenda_items=store.query("SELECT * FROM agenda_items WHERE sha256 = ? ORDER BY seq", [sha]),
        counts=counts,
        severity_counts=Counter(f.row["severity"] for f in findings),
        findings=findings,
        kpis_by_area=_kpis(store, sha, histories),
        rag_summaries=store.query("SELECT * FROM rag_summaries WHERE sha256 = ? ORDER BY seq", [sha]),
    )


# -- finance -----------------------------------------------------------------------------------
def _period_of(o: dict[str, Any]) -> tuple[PeriodKey | None, str]:
    key = period_key(o.get("period")) or period_key(o.get("meeting_date"))
    if key is None:
        return None, o.get("period") or Path(o.get("path") or "?").stem
    return key, f"{key.month_name} {key.financial_year}"


def finance_views(store: Store, documents: DocumentFilter | None = None) -> list[FinanceView]:
    """Per variance measure: each directorate's figure by period (in £m where known), from the
    line standing for the directorate (`corpus.series.directorate_lines`)."""
    series = directorate_lines(finance_series(store, documents=documents))
    series = [s for s in series if "variance" in (s.key["measure"] or "").lower()]
    by_measure: dict[str, list[Series]] = defaultdict(list)
    for s in series:
        by_measure[s.key["measure"]].append(s)
    views = []
    for measure, group in sorted(by_measure.items()):
        keys: dict[str, PeriodKey | None] = {}
        lines = []
        units = Counter[str]()
        for s in group:
            values: dict[str, float] = {}
            for o in s.observations:
                v = o["value_gbp_m"] if o["value_gbp_m"] is not None else o["value"]
                if v is None:
                    continue
                key, label = _period_of(o)
                keys[label] = key
                values[label] = float(v)
                units["£m" if o["value_gbp_m"] is not None else (o["unit"] or "")] += 1
            if values:
                lines.append(FinanceLine(s.key["directorate"], values))
        if lines:
            periods = sorted(keys, key=lambda lb: (keys[lb] or PeriodKey(10_000, 99), lb))
            views.append(FinanceView(measure, units.most_common(1)[0][0], periods, lines))
    return views


def last_two_quarters(
    store: Store, documents: DocumentFilter | None = None
) -> tuple[PeriodSpan, PeriodSpan] | None:
    """The store's last two quarters with KPI readings (the report's 'what changed'), if it has two."""
    spans = {
        span.label: span
        for r in kpi_rows(kpi_series(store, documents=documents))
        if r["quarter"] and (span := period_span(r["period"] or "")) is not None
    }
    ordered = sorted(spans.values(), key=lambda sp: sp.last)
    return (ordered[-2], ordered[-1]) if len(ordered) > 1 else None


def meeting_groups(views: list[DocumentView]) -> list[MeetingGroup]:
    """Documents by meeting (body and date), oldest first; those without one last, by reason."""
    groups: dict[tuple[str, str, str], MeetingGroup] = {}
    for v in views:
        d = v.doc
        body, date = d.get("meeting_body"), d.get("meeting_date")
        reason = None if body or date else (d.get("meeting_note") or NO_MEETING)
        key = (date or "9999", body or "", reason or "")
        groups.setdefault(key, MeetingGroup(body, date, [], reason)).documents.append(v)
    return [groups[k] for k in sorted(groups)]


def gather(
    store: Store,
    documents: DocumentFilter | None = None,
    snippets: bool = True,
    pdf_root: Path | None = None,
) -> ReportData:
    """Everything the report shows, over the documents `documents` selects (all without it)."""
    selection = documents or DocumentFilter()
    where, params = selection.where()
    docs = store.query(
        f"SELECT * FROM documents d WHERE {where} ORDER BY meeting_date NULLS LAST, path", params
    )
    histories = {s.key["kpi_id"]: kpi_history(s) for s in kpi_series(store, documents=selection)}
    finder = SourceFinder(store, pdf_root)
    views = [document_view(store, d, histories, snippets, finder) for d in docs]
    for d in docs:
        d["timings"] = json.loads(d["timings"]) if d.get("timings") else {}
    periods = last_two_quarters(store, selection)
    return ReportData(
        str(store.path),
        views,
        finance_views(store, selection),
        meeting_groups(views),
        changes(store, *periods, selection) if periods else None,
        selection.describe(),
        nothing_selected=not docs,
    )
