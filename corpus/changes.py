"""What changed between two periods in a store: KPIs whose RAG moved (and which way), KPIs that
fell below their floor, KPIs new in the later period or dropped from it, and directorate
variances that moved by more than a threshold; each change with the places (document, page)
printing the earlier and the later reading.

A KPI's reading in a period is its latest one within the period's months (a quarter holds three);
where documents print different readings of the same KPI and period, the one printed most often
is taken and the change says the sources disagree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from extractor.corpus.series import (
    FinanceFilter,
    directorate_lines,
    finance_rows,
    finance_series,
    kpi_rows,
    kpi_series,
)
from extractor.corpus.store import Store
from extractor.corpus.views import DocumentFilter
from extractor.schemas.periods import PeriodSpan, period_span

RAG_RANK = {"RED": 0, "AMBER": 1, "GREEN": 2}
DEFAULT_THRESHOLD_GBP_M = 1.0  # a directorate variance moving less than £1m is left out
KINDS = ("rag_moved", "below_floor", "new", "dropped", "variance_moved")


@dataclass
class Change:
    kind: str  # one of KINDS
    subject: str  # the KPI's name, or 'directorate: line item (measure)'
    key: str  # kpi_id, or directorate / line item / measure
    area: str | None
    before: str | None  # the earlier reading in words ('AMBER', 'actual 85 (floor 90) %', '£2.5m')
    after: str | None
    direction: str | None  # improved / worsened (RAG), up / down (variance)
    difference: float | None  # £m, variances only
    before_sources: list[dict[str, Any]] = field(default_factory=list)
    after_sources: list[dict[str, Any]] = field(default_factory=list)
    note: str | None = None  # e.g. the sources disagree

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Changes:
    before: PeriodSpan
    after: PeriodSpan
    threshold_gbp_m: float
    changes: list[Change]

    def of(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]


def _latest_in(rows: list[dict[str, Any]], span: PeriodSpan) -> dict[str, Any] | None:
    """The reading of one KPI (or figure) in `span`: its latest period there, the reading most
    sources print; a `note` when the sources disagree."""
    held = []
    for r in rows:
        own = period_span(r["period"] or "")
        if own is not None and span.contains(own):
            held.append((own.last, r))
    if not held:
        return None
    last = max(k for k, _ in held)
    candidates = [r for k, r in held if k == last]
    chosen = max(candidates, key=lambda r: len(r["sources"]))
    if len(candidates) > 1:
        chosen = {**chosen, "note": f"the sources give {len(candidates)} different readings"}
    return chosen


def _value_text(r: dict[str, Any]) -> str:
    unit = r.get("unit") or ""
    parts = [
        f"{name} {r[name]:g}{unit if unit == '%' else ''}"
        for name in ("actual", "floor")
        if r.get(name) is not None
    ]
    return ", ".join(parts)


def _below_floor(r: dict[str, Any]) -> bool | None:
    """Whether a reading is beyond its floor (above it where lower is better); None if unknown."""
    actual, floor, target = r.get("actual"), r.get("floor"), r.get("target")
    if actual is None or floor is None:
        return None
    lower_is_better = target is not None and floor > target
    return actual > floor if lower_is_better else actual < floor


def _note(*readings: dict[str, Any] | None) -> str | None:
    return "; ".join(r["note"] for r in readings if r and r.get("note")) or None


def _kpi_change(kpi_id: str, a: dict[str, Any] | None, b: dict[str, Any] | None) -> list[Change]:
    """The changes of one KPI from reading `a` (earlier period) to `b` (later)."""
    either = b or a
    if either is None:
        return []
    made = [
        Change(kind, either["name"], kpi_id, either["area"], before, after, direction, None, note=note)
        for kind, before, after, direction, note in _kpi_moves(a, b)
    ]
    for c in made:
        c.before_sources = a["sources"] if a else []
        c.after_sources = b["sources"] if b else []
    return made


def _kpi_moves(
    a: dict[str, Any] | None, b: dict[str, Any] | None
) -> list[tuple[str, str | None, str | None, str | None, str | None]]:
    if a is None:
        return [("new", None, b["rag_latest"] if b else None, None, _note(b))]
    if b is None:
        return [("dropped", a["rag_latest"], None, None, _note(a))]
    moves: list[tuple[str, str | None, str | None, str | None, str | None]] = []
    ra, rb = RAG_RANK.get(a["rag_latest"] or ""), RAG_RANK.get(b["rag_latest"] or "")
    if ra is not None and rb is not None and ra != rb:
        moves.append(
            (
                "rag_moved",
                a["rag_latest"],
                b["rag_latest"],
                "improved" if rb > ra else "worsened",
                _note(a, b),
            )
        )
    was = _below_floor(a)
    if _below_floor(b) and not was:
        unknown = "no value or floor printed for the earlier period" if was is None else None
        moves.append(
            ("below_floor", _value_text(a) or "not known", _value_text(b), "worsened", unknown or _note(a, b))
        )
    return moves


def kpi_changes(rows: list[dict[str, Any]], before: PeriodSpan, after: PeriodSpan) -> list[Change]:
    by_kpi: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_kpi[r["kpi_id"]].append(r)
    out: list[Change] = []
    for kpi_id, readings in sorted(by_kpi.items()):
        out.extend(_kpi_change(kpi_id, _latest_in(readings, before), _latest_in(readings, after)))
    return out


def variance_changes(
    rows: list[dict[str, Any]], before: PeriodSpan, after: PeriodSpan, threshold: float
) -> list[Change]:
    by_line: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_line[(r["directorate"], r["line_item"], r["measure"])].append(r)
    out = []
    for (directorate, line, measure), readings in sorted(by_line.items(), key=lambda kv: str(kv[0])):
        a, b = _latest_in(readings, before), _latest_in(readings, after)
        if a is None or b is None or a["value_gbp_m"] is None or b["value_gbp_m"] is None:
            continue
        diff = round(b["value_gbp_m"] - a["value_gbp_m"], 6)
        if abs(diff) < threshold:
            continue
        subject = directorate if (line or "").lower() == directorate.lower() else f"{directorate}: {line}"
        out.append(
            Change(
                "variance_moved",
                subject=f"{subject} ({measure})",
                key=f"{directorate} / {line} / {measure}",
                area=directorate,
                before=f"£{a['value_gbp_m']:g}m ({a['period']})",
                after=f"£{b['value_gbp_m']:g}m ({b['period']})",
                direction="up" if diff > 0 else "down",
                difference=diff,
                before_sources=a["sources"],
                after_sources=b["sources"],
                note=_note(a, b),
            )
        )
    return out


def changes(
    store: Store,
    before: PeriodSpan,
    after: PeriodSpan,
    documents: DocumentFilter | None = None,
    threshold_gbp_m: float = DEFAULT_THRESHOLD_GBP_M,
) -> Changes:
    """Every change between the two periods among the documents `documents` selects."""
    kpis = kpi_changes(kpi_rows(kpi_series(store, documents=documents)), before, after)
    variances = finance_series(store, FinanceFilter(measure="variance"), documents)
    finance = variance_changes(finance_rows(directorate_lines(variances)), before, after, threshold_gbp_m)
    found = kpis + finance
    found.sort(key=lambda c: (KINDS.index(c.kind), c.area or "", c.subject))
    return Changes(before, after, threshold_gbp_m, found)
