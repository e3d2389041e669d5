"""Every record type of a store as CSV or Parquet files, described by a Frictionless
`datapackage.json` (Data Package v1, tabular) so open-data tools read them without guessing.

The table schemas (field names, types, descriptions, primary and foreign keys) come from
`corpus.schema`, the same definitions the store was created from.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from extractor.corpus.schema import STORE_SCHEMA_VERSION, TABLES, TableSpec
from extractor.corpus.store import Store
from extractor.corpus.views import DocumentFilter, create_views

Format = Literal["csv", "parquet"]
MEDIATYPES = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet"}


def _copy_sql(spec: TableSpec, target: Path, fmt: Format, filtered: bool = False) -> str:
    # JSON as its text (Parquet would otherwise carry an Arrow extension type few readers know)
    cols = ", ".join(
        f'"{c.name}"::VARCHAR AS "{c.name}"' if c.type == "JSON" else f'"{c.name}"' for c in spec.columns
    )
    order = ", ".join(f'"{c}"' for c in spec.primary_key)
    # times as Frictionless' default datetime format (ISO 8601, UTC)
    options = (
        "FORMAT csv, HEADER true, TIMESTAMPFORMAT '%Y-%m-%dT%H:%M:%SZ'" if fmt == "csv" else "FORMAT parquet"
    )
    path = str(target).replace("'", "''")
    where = ""
    if filtered and "sha256" in spec.column_names:  # the documents a filter selected (create_views)
        where = " WHERE sha256 IN (SELECT sha256 FROM selected_documents)"
    return f"COPY (SELECT {cols} FROM \"{spec.name}\"{where} ORDER BY {order}) TO '{path}' ({options})"


def resource(spec: TableSpec, fmt: Format) -> dict[str, Any]:
    """The Frictionless Data Resource describing one exported table."""
    fields = []
    for c in spec.columns:
        f: dict[str, Any] = {"name": c.name, "type": c.frictionless_type, "description": c.description}
        if c.required:
            f["constraints"] = {"required": True}
        fields.append(f)
    schema: dict[str, Any] = {"fields": fields, "primaryKey": list(spec.primary_key)}
    if fmt == "csv":
        schema["missingValues"] = [""]
    if spec.references_documents:
        schema["foreignKeys"] = [
            {"fields": ["sha256"], "reference": {"resource": "documents", "fields": ["sha256"]}}
        ]
    out: dict[str, Any] = {
        "name": spec.name.replace("_", "-"),
        "path": f"{spec.name}.{fmt}",
        "profile": "tabular-data-resource",
        "format": fmt,
        "mediatype": MEDIATYPES[fmt],
        "description": spec.description,
        "schema": schema,
    }
    if fmt == "csv":
        out["encoding"] = "utf-8"
        out["dialect"] = {"delimiter": ",", "header": True, "doubleQuote": True}
    return out


def export(
    store: Store, folder: str | Path, fmt: Format = "csv", documents: DocumentFilter | None = None
) -> Path:
    """Write every exported table and `datapackage.json` into `folder` (the records of the documents
    `documents` selects, if given); returns the descriptor's path."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    if documents is not None:
        create_views(store.con, documents)
    resources = []
    for spec in TABLES:
        if not spec.exported:
            continue
        store.con.execute(_copy_sql(spec, out / f"{spec.name}.{fmt}", fmt, documents is not None))
        res = resource(spec, fmt)
        # foreign keys name resources by their Frictionless name
        for fk in res["schema"].get("foreignKeys", []):
            fk["reference"]["resource"] = fk["reference"]["resource"].replace("_", "-")
        resources.append(res)
    package = {
        "profile": "tabular-data-package",
        "name": "council-extractor-store",
        "title": "Records extracted from council PDFs by extractor",
        "description": (
            "Documents, agenda items, tables and cells, KPI observations, RAG summaries, narrative "
            "figures, financial records, audit findings and failures. Every record carries the "
            "SHA-256 of its source PDF, its 1-based page and its bbox [x0, top, x1, bottom] in PDF points."
        ),
        "version": STORE_SCHEMA_VERSION,
        "resources": resources,
    }
    descriptor = out / "datapackage.json"
    descriptor.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return descriptor
