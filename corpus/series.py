"""Time series across documents: each KPI's observations, and each directorate finance figure,
ordered by financial year and quarter (or month), every observation with its document, page and bbox.

A KPI observation carries its RAG and direction of travel and, where the report prints them, its
values (`actual`, `target`, `previous`, `floor`, with `unit`) and their places (`values`).
"""

from __future__ import annotations

import json
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


def finance_series(store: Store, directorate: str | None = None, measure: str | None = None) -> list[Series]:
    """One series per (directorate, line item, measure), e.g. a directorate's forecast variance by month."""
    rows = store.query(
        f"""
        SELECT coalesce(r.directorate_canonical, r.directorate) AS directorate, r.line_item, r.measure,
               r.period, r.value, r.unit, r.value_gbp_m, r.text, r.table_id, r.extra, {_SOURCE}
        FROM financial_records r JOIN documents d USING (sha256)
        WHERE (lower(coalesce(r.directorate_canonical, '')) LIKE ?
               OR lower(coalesce(r.directorate, '')) LIKE ?)
          AND lower(coalesce(r.measure, '')) LIKE ?
        """,
        [_like(directorate), _like(directorate), _like(measure)],
    )
    observations = [_observation(r) for r in rows]

    def when(o: dict[str, Any]) -> PeriodKey | None:
        return period_key(o["period"]) or period_key(o["meeting_date"])

    for o in observations:
        key = when(o)
        o["financial_year"] = key.financial_year if key else None
        o["month_of_year"] = key.position if key else None  # April = 1
    series = _group(
        observations,
        lambda o: {"directorate": o["directorate"], "line_item": o["line_item"], "measure": o["measure"]},
        when,
    )
    for s in series:
        for o in s.observations:
            for k in ("directorate", "line_item", "measure"):
                o.pop(k)
    return series


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
