"""Time series across documents: each KPI's observations, and each finance figure (directorate, line
item, measure), ordered by financial year and quarter (or month), every observation with its
document, page and bbox; a finance figure printed in several places is one observation with
several sources.

A KPI observation carries its RAG and direction of travel and, where the report prints them, its
values (`actual`, `target`, `previous`, `floor`, with `unit`) and their places (`values`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from extractor.corpus.store import Store
from extractor.corpus.views import DocumentFilter
from extractor.schemas.periods import PeriodKey, ReportingPeriod, fy_start, period_key, period_span

_SOURCE = (
    "d.path, d.meeting_body, d.meeting_date, d.document_type, r.sha256, r.page, r.x0, r.top, r.x1, r.bottom"
)
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


def kpi_series(store: Store, kpi: str | None = None, documents: DocumentFilter | None = None) -> list[Series]:
    """One series per kpi_id; `kpi` keeps ids or names containing it (case-insensitive), `documents`
    the documents it reads."""
    where, params = (documents or DocumentFilter()).where()
    rows = store.query(
        f"""
        SELECT r.kpi_id, r.name, r.area, r.area_canonical, r.financial_year, r.quarter, r.period_label,
               r.rag_latest, r.rag_previous, r.rag_previous_text, r.dot, r.extra, {_SOURCE}
        FROM kpis r JOIN documents d USING (sha256)
        WHERE (lower(r.kpi_id) LIKE ? OR lower(r.name) LIKE ?) AND {where}
        """,
        [_like(kpi), _like(kpi), *params],
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
        return period_bounds(self.period_from, self.period_to)


def period_bounds(first: str | None, last: str | None) -> tuple[PeriodKey | None, PeriodKey | None]:
    """The months from the start of period `first` to the end of period `last` ('2023-24' from
    April, 'Q2 2024-25' to September); None for an end not given or not read."""
    low = period_span(first) if first else None
    high = period_span(last) if last else None
    return (low.first if low else None), (high.last if high else None)


def finance_series(
    store: Store, wanted: FinanceFilter | None = None, documents: DocumentFilter | None = None
) -> list[Series]:
    """One series per (directorate, line item, measure) with one observation per period and value:
    the same figure printed in several places (a cover report, its appendix, the council's pack)
    is one observation whose `sources` list each document, page and bbox."""
    f = wanted or FinanceFilter()
    where, params = (documents or DocumentFilter()).where()
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
          AND lower(r.line_item) LIKE ? AND {where}
        ORDER BY d.meeting_date NULLS LAST, d.path, r.seq
        """,
        [
            _like(f.directorate),
            _like(f.directorate),
            _like(f.measure),
            _like(f.measure),
            _like(f.line_item),
            *params,
        ],
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
        source = {k: o[k] for k in (*SOURCE_FIELDS, "text", "table_id")}
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


# -- the tidy long form: fixed columns, one row per (series, period, reading) -------------------
# Where each reading was printed: the document's path, its meeting, the page and the box.
SOURCE_FIELDS = ("path", "sha256", "meeting_body", "meeting_date", "page", "bbox")

KPI_COLUMNS = {
    "kpi_id": "the KPI's identity across documents",
    "name": "its name as last printed",
    "area": "service area (canonical where known)",
    "period": "the period the reading is for: 'Q1 2018-19', '2018-19' or as printed",
    "financial_year": "financial year YYYY/YY",
    "quarter": "quarter of the financial year (1-4), empty for a whole year",
    "rag_latest": "GREEN, AMBER or RED",
    "rag_previous": "the previous period's RAG as printed beside it",
    "dot": "direction of travel: improving, stable or worsening",
    "actual": "the value printed for the period",
    "target": "its target",
    "floor": "its floor",
    "previous": "the previous period's value",
    "unit": "unit of the values: %, count, £m ...",
    "lower_is_better": "true where the printed floor is above the target",
    "readings": "how many different readings the sources give for this KPI and period (1: they agree)",
    "sources": "every place printing this reading: document, page (a list in JSON, joined in CSV;"
    " in JSON each with the place of each value)",
}
FINANCE_COLUMNS = {
    "directorate": "directorate, canonical name where known",
    "line_item": "row label",
    "measure": "what the column measures: budget, forecast, variance ...",
    "period": "'October 2023-24', 'Q3 2023-24' or '2023-24'",
    "financial_year": "financial year YYYY/YY",
    "month_of_year": "month of the financial year (April = 1; 12 for a whole year)",
    "value": "the value in the table's units",
    "unit": "the table's unit",
    "value_gbp_m": "the value in £m, where the unit is money",
    "period_source": "where the period was read: column, caption, report or meeting",
    "readings": "how many different values the sources give for this figure and period (1: they agree)",
    "sources": "every place printing this value: document, page (a list in JSON, joined in CSV)",
}
_KPI_VALUES = ("actual", "target", "floor", "previous")


def _source(o: dict[str, Any]) -> dict[str, Any]:
    return {"document": o["path"], **{k: o.get(k) for k in SOURCE_FIELDS if k != "path"}}


def kpi_period(o: dict[str, Any]) -> str | None:
    """The normalised period of a KPI reading: 'Q1 2018-19', '2018-19', else as printed."""
    start = fy_start(o.get("financial_year") or "")
    if start is not None:
        return ReportingPeriod(start, quarter=o.get("quarter")).label
    return o.get("period_label")


def kpi_rows(
    series: list[Series], low: PeriodKey | None = None, high: PeriodKey | None = None
) -> list[dict[str, Any]]:
    """KPI series in the tidy form of `KPI_COLUMNS`: a KPI and period once, with every document
    printing the same reading as a source; sources that disagree give one row per reading. `low`
    and `high` bound the periods (an undated reading is left out when either is given)."""
    out: list[dict[str, Any]] = []
    for s in series:
        readings: dict[tuple[Any, ...], dict[str, Any]] = {}
        for o in s.observations:
            key = period_key(o["period_label"], o["quarter"], o["financial_year"])
            if (low or high) and (key is None or (low and key < low) or (high and key > high)):
                continue
            row = {
                "kpi_id": s.key["kpi_id"],
                "name": s.key["name"],
                "area": s.key["area"],
                "period": kpi_period(o),
                "financial_year": o["financial_year"],
                "quarter": o["quarter"],
                "rag_latest": o["rag_latest"],
                "rag_previous": o["rag_previous"] or o.get("rag_previous_text"),
                "dot": o["dot"],
                **{k: o.get(k) for k in _KPI_VALUES},
                "unit": o.get("unit"),
                "lower_is_better": o.get("lower_is_better"),
            }
            identity = tuple(v for k, v in row.items() if k not in ("name", "area"))
            source = {**_source(o), "values": o["values"]}
            readings.setdefault(identity, {**row, "sources": []})["sources"].append(source)
        _count_readings(list(readings.values()), ("kpi_id", "period"))
        out.extend({c: r[c] for c in KPI_COLUMNS} for r in readings.values())
    return out


def finance_rows(series: list[Series]) -> list[dict[str, Any]]:
    """Finance series in the tidy form of `FINANCE_COLUMNS` (each observation already holds every
    place printing its value)."""
    out: list[dict[str, Any]] = []
    for s in series:
        rows = [
            {
                **s.key,
                "period": o["period"],
                "financial_year": o["financial_year"],
                "month_of_year": o["month_of_year"],
                "value": o["value"],
                "unit": o["unit"],
                "value_gbp_m": o["value_gbp_m"],
                "period_source": o["period_source"],
                "sources": [
                    {**_source(x), "text": x["text"], "table_id": x["table_id"]} for x in o["sources"]
                ],
            }
            for o in s.observations
        ]
        _count_readings(rows, ("period",))
        out.extend({c: r[c] for c in FINANCE_COLUMNS} for r in rows)
    return out


def _count_readings(rows: list[dict[str, Any]], same: tuple[str, ...]) -> None:
    counts: dict[tuple[Any, ...], int] = {}
    for r in rows:
        k = tuple(r[c] for c in same)
        counts[k] = counts.get(k, 0) + 1
    for r in rows:
        r["readings"] = counts[tuple(r[c] for c in same)]


def sources_text(sources: list[dict[str, Any]]) -> str:
    """Sources in one CSV cell: 'report.pdf p.5 | pack.pdf p.41'."""
    return " | ".join(
        f"{s['document']} p.{s['page']}" if s.get("page") else str(s["document"]) for s in sources
    )


def directorate_lines(series: list[Series]) -> list[Series]:
    """Of finance series, the one line standing for each directorate and measure: the line named
    after the directorate, else its only line (a directorate with several other lines has none)."""
    groups: dict[tuple[str, str | None], list[Series]] = {}
    for s in series:
        if s.key["directorate"]:
            groups.setdefault((s.key["directorate"], s.key["measure"]), []).append(s)
    out: list[Series] = []
    for (name, _), group in sorted(groups.items(), key=lambda kv: tuple(str(k or "") for k in kv[0])):
        own = [s for s in group if (s.key["line_item"] or "").lower() == name.lower()]
        out.extend(own or (group if len(group) == 1 else []))
    return out
