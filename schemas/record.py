"""The base of every typed record, and the vocabularies their fields take (as JSON Schema enums).

A `bbox` is `[x0, top, x1, bottom]` in PDF points from the page's top-left; pages are 1-based.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

BBox = list[float]
DocumentType = Literal[
    "cabinet_agenda_pack",
    "council_agenda_pack",
    "committee_agenda_pack",
    "qpr",
    "budget_monitoring",
    "risk_register",
    "minutes",
    "annual_report",
    "report",
    "other",
]
Rag = Literal["GREEN", "AMBER", "RED"]
Dot = Literal["improving", "stable", "worsening"]
Unit = Literal["£m", "£k", "£000s", "£", "%", "count"]
FindingKind = Literal[
    "column_total",
    "row_total",
    "row_arithmetic",
    "cross_table",
    "narrative_vs_table",
    "count_vs_table",
    "other",
]
Severity = Literal["error", "warning", "info"]
KpiMeasure = Literal["actual", "target", "floor", "previous"]


class Record(BaseModel):
    # a field's description (in the JSON Schema) is its `Field(description=...)` or the docstring under it
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)
