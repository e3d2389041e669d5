"""Time series across documents: each KPI's observations, and each finance figure (directorate, line
item, measure), ordered by financial year and quarter (or month), every observation with its
document, page and bbox; a finance figure printed in several places is one observation with
several sources.

A KPI observation carries its RAG and direction of travel and, where the report prints them, its
values (`actual`, `target`, `previous`, `floor`, with `unit`) and their places (`values`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from extractor.corpus.store import Store
from extractor.schemas.periods import PeriodKey, period_key

_SOURCE = "d.path, d.meeting_date, d.document_type, r.sha256, r.page, r.x0, r.top, r.x1, r.bottom"
_LAST = PeriodKey(10_000, 99)  # undated observations sort after dated ones


@dataclass
class Series:
    key: dict[str, Any]  # what identifies the series (kpi_id..., or directorate/line/measure)
    observations: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {**self.key, "observations": self.observations}


def _like(text: str | None) -> str:
    return f"%{(text or '').lower()}%"


def _observation(row: dict[str, Any]) -> dict[str, Any]:
    obs = {k: v for k, v in row.items() if k not in ("x0", "top", "x1", "bottom", "extra")}
    box = [row["x0"], row["top"], row["x1"], row["bottom"]]
    obs["bbox"] = box if None not in box else None
    # values a stage records beyond the store's columns (current value, target...) travel along
    if row.get("extra"):
        for k, v in json.loads(row["extra"]).items():
            obs.setdefault(k, v)
    return obs


def _group(
    rows: list[dict[str, Any]], key_of: Callable[[dict[str, Any]], dict[str, Any]], when: Callable[..., Any]
) -> list[Series]:
    groups: dict[tuple[Any, ...], Series] = {}
    for row in rows:
        key = key_of(row)
        groups.setdefault(tuple(key.values()), Series(key)).observations.append(row)
    for s in groups.values():
        s.observations.sort(
            key=lambda o: (when(o) or _LAST, o.get("meeting_date") or "", o.get("path") or "")
        )
    return [groups[k] for k in sorted(groups, key=lambda k: tuple(str(v) for v in k))]


def kpi_series(store: Store, kpi: str | None = None) -> list[Series]:
    """One series per kpi_id; `kpi` keeps ids or names containing it (case-insensitive)."""
    rows = store.query(
        f"""
        SELECT r.kpi_id, r.name, r.area, r.area_canonical, r.financial_year, r.quarter, r.period_label,
               r.rag_latest, r.rag_previous, r.rag_previous_text, r.dot, r.extra, {_SOURCE}
        FROM kpis r JOIN documents d USING (sha256)
        WHERE lower(r.kpi_id) LIKE ? OR lower(r.name) LIKE ?
        """,
        [_like(kpi), _like(kpi)],
    )
    observations = [_observation(r) for r in rows]
    values = _kpi_values(store, kpi)
    for o in observations:
        for v in values.get((o["sha256"], o["kpi_id"]), []):
            o.setdefault(v["measure"], v["value"])  # actual, target, previous, floor
            o.setdefault("unit", v["unit"])
        o["values"] = values.get((o["sha256"], o["kpi_id"]), [])

    def when(o: dict[str, Any]) -> PeriodKey | None:
        return period_key(o["period_label"], o["quarter"], o["financial_year"])

    series = _group(observations, lambda o: {"kpi_id": o["kpi_id"]}, when)
    for s in series:
        latest = s.observations[-1]
        s.key.update(name=latest["name"], area=latest["area_canonical"] or latest["area"])
        for o in s.observations:
            for k in ("kpi_id", "name", "area_canonical"):
                o.pop(k, None)
    return series


def _kpi_values(store: Store, kpi: str | None) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """The printed values of each (document, KPI): measure, value, text, unit, page and bbox."""
    rows = store.query(
        """
        SELECT sha256, kpi_id, measure, value, text, unit, page, x0, top, x1, bottom
        FROM kpi_observations
        WHERE kpi_id IN (SELECT kpi_id FROM kpis WHERE lower(kpi_id) LIKE ? OR lower(name) LIKE ?)
        ORDER BY sha256, seq
        """,
        [_like(kpi), _like(kpi)],
    )
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        value = _observation(row)
        out.setdefault((value.pop("sha256"), value.pop("kpi_id")), []).append(value)
    return out


FINANCE_COLUMNS = (
    "directorate",
    "line_item",
    "measure",
    "period",
    "financial_year",
    "value_gbp_m",
    "document",
    "page",
    "period_source",
    "sources",
)


@dataclass(frozen=True)
class FinanceFilter:
    """Which finance figures to follow: text filters match case-insensitively anywhere; periods
    ('2023-24', 'Q2 2023-24', 'October 2023-24') bound the range, both ends included."""

    directorate: str | None = None
    measure: str | None = None
    line_item: str | None = None
    period_from: str | None = None
    period_to: str | None = None

    def bounds(self) -> tuple[PeriodKey | None, PeriodKey | None]:
        low = period_key(self.period_from) if self.period_from else None
        high = period_key(self.period_to) if self.period_to else None
        if low is not None and self.period_from and _is_year(self.period_from):
            low = PeriodKey(low.fy_start, 1)  # a whole year starts with its first month
        return low, high


def _is_year(label: str) -> bool:
    key = period_key(label)
    return key is not None and key.position == 12 and not re.search(r"[A-Za-z]", label)


def finance_series(store: Store, wanted: FinanceFilter | None = None) -> list[Series]:
    """One series per (directorate, line item, measure) with one observation per period and value:
    the same figure printed in several places (a cover report, its appendix, the council's pack)
    is one observation whose `sources` list each document, page and bbox."""
    f = wanted or FinanceFilter()
    rows = store.query(
        f"""
        SELECT coalesce(r.directorate_canonical, r.directorate) AS directorate, r.line_item,
               coalesce(r.measure_canonical, r.measure) AS measure, r.measure AS measure_printed,
               r.period, r.period_source, r.value, r.unit, r.value_gbp_m, r.text, r.table_id, r.extra,
               {_SOURCE}
        FROM financial_records r JOIN documents d USING (sha256)
        WHERE (lower(coalesce(r.directorate_canonical, '')) LIKE ?
               OR lower(coalesce(r.directorate, '')) LIKE ?)
          AND (lower(coalesce(r.measure_canonical, '')) LIKE ? OR lower(coalesce(r.measure, '')) LIKE ?)
          AND lower(r.line_item) LIKE ?
        ORDER BY d.meeting_date NULLS LAST, d.path, r.seq
        """,
        [_like(f.directorate), _like(f.directorate), _like(f.measure), _like(f.measure), _like(f.line_item)],
    )
    low, high = f.bounds()

    def when(o: dict[str, Any]) -> PeriodKey | None:
        return period_key(o["period"]) or period_key(o["meeting_date"])

    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        o = _observation(row)
        key = when(o)
        if (low or high) and (key is None or (low and key < low) or (high and key > high)):
            continue
        value = o["value_gbp_m"] if o["value_gbp_m"] is not None else o["value"]
        identity = (o["directorate"], o["line_item"], o["measure"], o["period"], value)
        source = {k: o[k] for k in ("path", "sha256", "page", "bbox", "text", "table_id", "meeting_date")}
        if identity in merged:
            merged[identity]["sources"].append(source)
            continue
        o["financial_year"] = key.financial_year if key else None
        o["month_of_year"] = key.position if key else None  # April = 1
        o["sources"] = [source]
        merged[identity] = o
    series = _group(
        list(merged.values()),
        lambda o: {"directorate": o["directorate"], "line_item": o["line_item"], "measure": o["measure"]},
        when,
    )
    for s in series:
        for o in s.observations:
            for k in ("directorate", "line_item", "measure"):
                o.pop(k)
    return series


def finance_rows(series: list[Series]) -> list[dict[str, Any]]:
    """Finance series in tidy long form: one row per observation, the columns of `FINANCE_COLUMNS`
    (the document and page are the first place printing it; `sources` counts the places)."""
    out = []
    for s in series:
        for o in s.observations:
            out.append(
                {
                    "directorate": s.key["directorate"],
                    "line_item": s.key["line_item"],
                    "measure": s.key["measure"],
                    "period": o["period"],
                    "financial_year": o["financial_year"],
                    "value_gbp_m": o["value_gbp_m"],
                    "document": o["path"],
                    "page": o["page"],
                    "period_source": o["period_source"],
                    "sources": len(o["sources"]),
                }
            )
    return out


def long_rows(series: list[Series]) -> list[dict[str, Any]]:
    """Series as one flat row per observation (for CSV); the bbox becomes a JSON list."""
    out = []
    for s in series:
        for o in s.observations:
            row = {**s.key, **o}
            for k, v in row.items():  # bbox, values...: JSON text in a CSV cell
                if isinstance(v, list | dict):
                    row[k] = json.dumps(v, ensure_ascii=False) if v else None
            out.append(row)
    return out
