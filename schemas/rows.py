"""Records as flat rows: the one flattening shared by the store's tables and the DataFrame API.

A `bbox` becomes four columns `x0, top, x1, bottom` and a `Period` becomes `quarter,
financial_year, period_label`, so a KPI has the same columns in `Document.kpis_df()` as in the
store's `kpis` table. Everything else keeps its field name and JSON value (lists stay lists).
"""

from __future__ import annotations

from typing import Any, get_args

from pydantic import BaseModel

from extractor.schemas.document import Period

BBOX_COLUMNS = ("x0", "top", "x1", "bottom")
PERIOD_COLUMNS = ("quarter", "financial_year", "period_label")


def bbox_columns(box: object) -> dict[str, float | None]:
    """`[x0, top, x1, bottom]` as four columns; anything else (None, a malformed box) as four nulls."""
    if not isinstance(box, list | tuple) or len(box) != 4:
        return dict.fromkeys(BBOX_COLUMNS)
    x0, top, x1, bottom = box  # spelled out: called for every cell of every table
    return {"x0": float(x0), "top": float(top), "x1": float(x1), "bottom": float(bottom)}


def period_columns(period: object) -> dict[str, Any]:
    """A dumped `Period` (or None) as quarter, financial_year and period_label (the printed label)."""
    data = period if isinstance(period, dict) else {}
    return {
        "quarter": data.get("quarter"),
        "financial_year": data.get("financial_year"),
        "period_label": data.get("label"),
    }


def row_columns(model: type[BaseModel]) -> list[str]:
    """The columns `record_row` gives a record of this type, in order."""
    out: list[str] = []
    for name, info in model.model_fields.items():
        if name == "bbox":
            out.extend(BBOX_COLUMNS)
        elif name == "period" and Period in (info.annotation, *get_args(info.annotation)):
            out.extend(PERIOD_COLUMNS)
        else:
            out.append(name)
    return out


def record_row(record: BaseModel) -> dict[str, Any]:
    """One record's fields as a flat row (JSON values; bbox and period spread into their columns)."""
    row: dict[str, Any] = {}
    for key, value in record.model_dump(mode="json").items():
        if key == "bbox":
            row.update(bbox_columns(value))
        elif key == "period" and (value is None or isinstance(value, dict)):
            row.update(period_columns(value))
        else:
            row[key] = value
    return row
