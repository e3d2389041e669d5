"""A `Document` as rows of the store's tables (`corpus.schema`), ready for one transaction.

Flattening is generic (`schemas.rows`): a record's fields that name a column go there, `bbox` becomes four
columns, a `Period` becomes quarter/financial_year/period_label, lists become JSON text, and any
field the schema does not know yet goes to `extra` so nothing a newer stage adds is dropped.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from extractor.corpus.rows import DocumentRows, Row, utc_now
from extractor.corpus.schema import BY_NAME, TableSpec
from extractor.schemas.document import Document, Table
from extractor.schemas.rows import bbox_columns, record_row

# record field -> column, where the two names differ
_RENAMES = {"id": "table_id", "check": "audit_check"}
# Document fields stored in their own tables (anything else goes to other_records)
_MAPPED_FIELDS = {
    "schema_version",
    "source",
    "document_type",
    "meeting",
    "agenda_items",
    "tables",
    "kpis",
    "kpi_observations",
    "rag_summary",
    "figures",
    "paragraphs",
    "financial_records",
    "findings",
    "warnings",
    "timings",
    "title",
    "page_openings",
}
_CHILD_FIELDS = {"header_rows", "rows", "row_pages", "row_bboxes", "cell_bboxes", "evidence"}


def flatten(record: BaseModel, spec: TableSpec, **fixed: Any) -> Row:
    """One record as a row of `spec`; `fixed` sets columns the record does not carry (sha256, seq...)."""
    row: Row = dict.fromkeys(spec.column_names)
    extra: dict[str, Any] = {}
    for key, value in record_row(record).items():
        if key in _CHILD_FIELDS:
            continue
        column = _RENAMES.get(key, key)
        if column in row:
            row[column] = value
        elif value not in (None, [], {}, ""):
            extra[key] = value
    if "extra" in row:
        row["extra"] = json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None
    row.update(fixed)
    for column in spec.text_column_names:  # a list or object as JSON, any other value as text
        value = row[column]
        if value is not None and not isinstance(value, str):
            row[column] = (
                json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else str(value)
            )
    return row


def _table_rows(sha: str, seq: int, table: Table) -> tuple[Row, list[Row]]:
    spec = BY_NAME["tables"]
    first_page = table.pages[0] if table.pages else None
    widths = [len(r) for r in table.header_rows + table.rows]
    row = flatten(
        table,
        spec,
        sha256=sha,
        seq=seq,
        page=first_page,
        n_header_rows=len(table.header_rows),
        n_rows=len(table.rows),
        n_cols=max(widths, default=0),
    )
    cells: list[Row] = []
    tid = table.id
    # (part, row, its texts, its page, its cells' boxes): header rows have no boxes of their own
    rows: list[tuple[str, int, list[str], int | None, list[Any]]] = [
        ("header", r, texts, first_page, []) for r, texts in enumerate(table.header_rows)
    ]
    rows += [
        (
            "body",
            r,
            texts,
            table.row_pages[r] if r < len(table.row_pages) else first_page,
            table.cell_bboxes[r] if r < len(table.cell_bboxes) else [],
        )
        for r, texts in enumerate(table.rows)
    ]
    for part, r, texts, page, boxes in rows:
        for c, text in enumerate(texts):
            box = boxes[c] if c < len(boxes) else None
            cells.append(
                {
                    "sha256": sha,
                    "table_seq": seq,
                    "table_id": tid,
                    "part": part,
                    "row": r,
                    "col": c,
                    "text": text,
                    "page": page,
                    **bbox_columns(box),
                }
            )
    return row, cells


def _other_records(doc: Document) -> list[Row]:
    """Document fields this schema does not map yet, so a newer stage's records are not lost."""
    rows: list[Row] = []
    for name in type(doc).model_fields:
        value = getattr(doc, name)
        if name in _MAPPED_FIELDS or value in (None, [], {}):
            continue
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            data = item.model_dump(mode="json") if isinstance(item, BaseModel) else item
            place = data if isinstance(data, dict) else {}
            page = place.get("page") if isinstance(place.get("page"), int) else None
            rows.append(
                {
                    "sha256": doc.source.sha256,
                    "record_type": name,
                    "seq": i,
                    "page": page,
                    **bbox_columns(place.get("bbox")),
                    "data": json.dumps(data, ensure_ascii=False, sort_keys=True),
                }
            )
    return rows


def document_rows(doc: Document, seconds: float | None = None) -> DocumentRows:
    """Every record of `doc` as rows keyed by store table name."""
    sha = doc.source.sha256
    out = DocumentRows(sha256=sha, path=doc.source.path, pages=doc.source.pages)
    t = out.tables

    def each(table: str, records: list[Any]) -> None:
        t[table] = [flatten(r, BY_NAME[table], sha256=sha, seq=i) for i, r in enumerate(records)]

    each("agenda_items", doc.agenda_items)
    each("kpis", doc.kpis)
    each("kpi_observations", doc.kpi_observations)
    each("rag_summaries", doc.rag_summary)
    each("figures", doc.figures)
    each("paragraphs", doc.paragraphs)
    each("financial_records", doc.financial_records)
    each("findings", doc.findings)
    t["finding_evidence"] = [
        flatten(e, BY_NAME["finding_evidence"], sha256=sha, finding_seq=i, seq=j)
        for i, f in enumerate(doc.findings)
        for j, e in enumerate(f.evidence)
    ]
    t["warnings"] = [{"sha256": sha, "seq": i, "message": w} for i, w in enumerate(doc.warnings)]
    t["page_openings"] = [
        {"sha256": sha, "page": i + 1, "text": text} for i, text in enumerate(doc.page_openings)
    ]
    t["other_records"] = _other_records(doc)
    t["tables"], t["table_cells"] = [], []
    for i, table in enumerate(doc.tables):
        row, cells = _table_rows(sha, i, table)
        t["tables"].append(row)
        t["table_cells"].extend(cells)
    meeting = doc.meeting
    t["documents"] = [
        {
            "sha256": sha,
            "path": doc.source.path,
            "pages": doc.source.pages,
            "document_type": doc.document_type,
            "document_schema_version": doc.schema_version,
            "meeting_body": meeting.body if meeting else None,
            "meeting_date": meeting.date if meeting else None,
            "meeting_time": meeting.time if meeting else None,
            "meeting_venue": meeting.venue if meeting else None,
            "meeting_agenda_item": meeting.agenda_item if meeting else None,
            "meeting_source": meeting.source if meeting else None,
            "meeting_pack": None,
            "meeting_note": next((w for w in doc.warnings if w.startswith("meeting:")), None),
            "title": doc.title,
            "seconds": seconds,
            "timings": json.dumps(doc.timings, sort_keys=True) if doc.timings else None,
            "ingested_at": utc_now(),
        }
    ]
    return out
