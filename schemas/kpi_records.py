"""Records of performance: a KPI with its RAG and direction, a summary of RAG counts, and each value
printed for a KPI."""

from __future__ import annotations

from pydantic import Field

from extractor.schemas.record import BBox, Dot, KpiMeasure, Rag, Record, Unit


class Period(Record):
    quarter: int | None = None
    """quarter of the financial year (1 = April to June)"""
    financial_year: str | None = Field(None, description="YYYY/YY")
    label: str | None = Field(None, description="the period as printed")


class Kpi(Record):
    area: str | None
    """the service area as printed"""
    name: str
    """the KPI's name as printed"""
    kpi_id: str
    """a stable identity across documents: area slug / name slug, or an id from the KPI registry"""
    rag_latest: Rag | None = None
    """the latest RAG rating"""
    rag_previous: Rag | None = None
    """the previous RAG rating"""
    dot: Dot | None = None
    """direction of travel"""
    period: Period | None = None
    """the quarter and financial year reported"""
    page: int
    """physical page of the KPI"""
    bbox: BBox
    """the KPI's row or box on its page"""
    area_canonical: str | None = None
    """the service area's canonical name"""
    rag_previous_text: str | None = Field(
        None, description="the printed previous RAG when not a RAG word (e.g. '*')"
    )
    table_id: str | None = None
    """the table the KPI was read from"""
    agenda_item: str | None = None
    """the agenda item whose papers hold the KPI"""
    lower_is_better: bool | None = Field(
        default=None,
        description="the KPI's sense, from its printed floor and target: a floor above the target",
    )


class RagSummary(Record):
    area: str
    """the service area as printed"""
    green: int = 0
    """KPIs rated GREEN"""
    amber: int = 0
    """KPIs rated AMBER"""
    red: int = 0
    """KPIs rated RED"""
    improving: int = 0
    """KPIs improving"""
    stable: int = 0
    """KPIs stable"""
    worsening: int = 0
    """KPIs worsening"""
    page: int
    """physical page of the summary"""
    bbox: BBox | None = None
    """the area's row on its page"""
    table_id: str | None = None
    """the summary table"""
    period: Period | None = Field(None, description="the QPR's quarter and financial year")


class KpiObservation(Record):
    """One value a QPR prints for a KPI (Current/Target/Previous/Floor), beside its RAG and DoT."""

    kpi_id: str
    """the KPI's stable identity (as in kpis)"""
    name: str
    """the KPI's name as printed"""
    area: str | None = None
    """the service area as printed"""
    area_canonical: str | None = None
    """the service area's canonical name"""
    measure: KpiMeasure
    """which value: actual, target, floor or previous"""
    value: float
    """the value in its unit"""
    text: str = Field(description="the value as printed")
    unit: Unit | None = None
    """the value's unit"""
    period: Period | None = None
    """the quarter and financial year reported"""
    page: int
    """physical page of the value"""
    bbox: BBox
    """the value on its page"""
    agenda_item: str | None = None
    """the agenda item whose papers hold it"""
