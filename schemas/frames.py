"""Records as pandas DataFrames, for notebooks: a table with its header as columns and its figures
as numbers, and any list of records as one row each (`schemas.rows` flattening).

pandas is imported here only, and this module only when a DataFrame is asked for, so reading the
typed records stays light.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from pydantic import BaseModel

from extractor.schemas.document import Table
from extractor.schemas.numbers import is_null_cell, parse_number
from extractor.schemas.rows import record_row, row_columns
from extractor.schemas.table_figures import clean_text


def _width(table: Table) -> int:
    return max((len(r) for r in [*table.header_rows, *table.rows]), default=0)


def column_names(table: Table) -> list[str]:
    """One name per column: its header cells top to bottom (a spanning cell repeated once), unique.

    A column with no header text is named by its position ('column 3'); a repeated name gets its
    position too ('2023-24 (column 5)'), so every column can be selected by name.
    """
    names = []
    for c in range(_width(table)):
        parts: list[str] = []
        for row in table.header_rows:
            text = clean_text(row[c]) if c < len(row) else ""
            if text and text not in parts:
                parts.append(text)
        names.append(" ".join(parts) or f"column {c + 1}")
    seen = {n for n in names if names.count(n) > 1}
    return [f"{n} (column {c + 1})" if n in seen else n for c, n in enumerate(names)]


def table_text_frame(table: Table) -> pd.DataFrame:
    """Every body cell as printed (strings; a short row padded with empty strings)."""
    width = _width(table)
    rows = [[*row, *[""] * (width - len(row))] for row in table.rows]
    return pd.DataFrame(rows, columns=column_names(table), dtype="string")


def _numeric(texts: pd.Series, units: str | None) -> pd.Series | None:
    """The column's values when every printed cell is a number or prints no value, else None.

    Values are in the printed unit ('(6.0)' is -6.0 and '£1.2m' is 1.2); cells printing no value
    (blank, '-', 'n/a') are missing, never zero. Whole numbers printed without decimals stay integers.
    """
    values: list[float | None] = []
    decimals = 0
    for text in texts:
        if is_null_cell(text):
            values.append(None)
            continue
        number = parse_number(text, units)
        if number is None:
            return None
        values.append(number.value)
        decimals = max(decimals, number.decimals)
    if all(v is None for v in values):
        return None
    dtype = "Int64" if decimals == 0 and all(v is None or v == int(v) for v in values) else "Float64"
    return pd.Series(values, index=texts.index, name=texts.name, dtype=dtype)


def table_frame(table: Table) -> pd.DataFrame:
    """The table's body with its header as columns; a column whose every cell is a number (or
    prints no value) holds numbers, every other column the text as printed."""
    text = table_text_frame(table)
    out = text.copy()
    for name in text.columns:
        numbers = _numeric(text[name], table.units)
        if numbers is not None:
            out[name] = numbers
    out.attrs = {"table_id": table.id, "title": table.title, "units": table.units, "pages": table.pages}
    return out


def records_frame(records: Sequence[BaseModel], model: type[BaseModel]) -> pd.DataFrame:
    """One row per record (`schemas.rows.record_row`), with the columns of `model` even when empty."""
    return pd.DataFrame([record_row(r) for r in records], columns=row_columns(model))
