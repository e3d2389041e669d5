"""Ground-truth tables of the bundled samples as `schemas.Table`, so that downstream stages
(KPIs, finance, audit) can be developed and tested independently of table detection."""

from __future__ import annotations

import json
from pathlib import Path

from extractor.schemas.document import Table


def truth_tables(truth_path: Path) -> list[Table]:
    truth = json.loads(Path(truth_path).read_text(encoding="utf-8"))
    tables = []
    for t in truth["tables"]:
        page = t["pages"][0]
        tables.append(
            Table(
                id=t["id"],
                pages=t["pages"],
                bbox=[0.0, 0.0, 0.0, 0.0],
                title=t.get("title"),
                header_rows=t.get("header_rows") or [],
                rows=t.get("rows") or [],
                units=t.get("units"),
                row_pages=[page] * len(t.get("rows") or []),
                row_bboxes=[[0.0, 0.0, 0.0, 0.0]] * len(t.get("rows") or []),
            )
        )
    return tables
