"""The store's schema, in one place: every table, column, type, key and meaning.

The DuckDB DDL and COMMENTs (`corpus.store`), the Arrow types of each insert, the Frictionless table
schemas of an export (`corpus.export`) and the tables section of docs/store.md
(`extractor.reference`) are all generated from `TABLES`, so they cannot drift apart.
Change a table here and bump `STORE_SCHEMA_VERSION`; a store written under another version is
refused rather than silently mixed.

Conventions: every record of a document carries `sha256` (the SHA-256 of the PDF's bytes, the
document key) and `seq` (its position in the document's list, so keys never depend on
extracted text); pages are 1-based physical pages; a bbox is four columns `x0, top, x1, bottom`
in PDF points from the page's top-left. Lists and objects are stored as JSON, dates as DATE and
times (UTC) as TIMESTAMP. Fields a stage adds to a record after this schema was written land in the
`extra` column (JSON) instead of being lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pyarrow as pa

# The one place the store's version is kept. History: 2 other_records; 3 kpi_observations (KPI
# values: actual, target, previous, floor) and the period of rag_summaries; 4 the canonical measure
# and the period's source of financial records; 5 dates as DATE, times as TIMESTAMP and JSON as JSON
# (they were text); 6 each document's title and its meeting's agenda item, source, pack and note,
# and page_openings. An older store is upgraded by `corpus.migrations`.
STORE_SCHEMA_VERSION = "6"

SqlType = Literal["VARCHAR", "BIGINT", "DOUBLE", "DATE", "TIMESTAMP", "JSON"]
# Frictionless field type for each SQL type; JSON is exported as its text.
_FRICTIONLESS = {
    "VARCHAR": "string",
    "BIGINT": "integer",
    "DOUBLE": "number",
    "DATE": "date",
    "TIMESTAMP": "datetime",
    "JSON": "string",
}


def _arrow_type(sql_type: SqlType) -> pa.DataType:
    """Arrow type of each insert; DuckDB reads a JSON column's text and checks it is JSON. pyarrow
    is imported here, by the writer, not by every process that flattens a document to rows (nor
    by the ingest's fork server, which imports this schema)."""
    import pyarrow as pa

    if sql_type == "TIMESTAMP":
        return pa.timestamp("us")
    return {"BIGINT": pa.int64, "DOUBLE": pa.float64, "DATE": pa.date32}.get(sql_type, pa.string)()


# the types whose values `Column.arrow_value` converts (from ISO text)
_PARSED = ("DATE", "TIMESTAMP")


@dataclass(frozen=True)
class Column:
    name: str
    type: SqlType
    description: str
    required: bool = False

    @property
    def frictionless_type(self) -> str:
        return _FRICTIONLESS[self.type]

    def arrow_value(self, value: Any) -> Any:
        """`value` as this column's Arrow type takes it: ISO text becomes a date or a (naive UTC)
        time; text that is no date is unknown (None)."""
        if not isinstance(value, str) or self.type not in _PARSED:
            return value
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            return None
        if self.type == "DATE":
            return when.date()
        return when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo else when


@dataclass(frozen=True)
class TableSpec:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    references_documents: bool = True  # sha256 is a foreign key to documents
    exported: bool = True
    column_names: tuple[str, ...] = field(init=False)
    text_column_names: tuple[str, ...] = field(init=False)  # VARCHAR and JSON: values written as text

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_names", tuple(c.name for c in self.columns))
        text = tuple(c.name for c in self.columns if c.type in ("VARCHAR", "JSON"))
        object.__setattr__(self, "text_column_names", text)

    def ddl(self) -> str:
        cols = [f'"{c.name}" {c.type}{" NOT NULL" if c.required else ""}' for c in self.columns]
        cols.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in self.primary_key) + ")")
        return f'CREATE TABLE IF NOT EXISTS "{self.name}" (\n  ' + ",\n  ".join(cols) + "\n)"

    def comments(self) -> list[str]:
        """`COMMENT ON` statements giving the table and each column its meaning inside the store."""

        def text(value: str) -> str:
            return "'" + value.replace("'", "''") + "'"

        out = [f'COMMENT ON TABLE "{self.name}" IS {text(self.description)}']
        out += [f'COMMENT ON COLUMN "{self.name}"."{c.name}" IS {text(c.description)}' for c in self.columns]
        return out

    def arrow_schema(self) -> pa.Schema:
        return self._arrow_schema

    @cached_property
    def _arrow_schema(self) -> pa.Schema:
        import pyarrow as pa

        return pa.schema(
            [pa.field(c.name, _arrow_type(c.type), nullable=not c.required) for c in self.columns]
        )

    def arrow_table(self, rows: list[dict[str, Any]]) -> pa.Table:
        """Rows as an Arrow table of this table's columns and types (column by column: a
        document's ten thousand cells cost the writer a few milliseconds, not a tenth of a second)."""
        data: dict[str, list[Any]] = {}
        for c in self.columns:
            values = [row.get(c.name) for row in rows]
            data[c.name] = [c.arrow_value(v) for v in values] if c.type in _PARSED else values
        import pyarrow as pa

        return pa.Table.from_pydict(data, schema=self.arrow_schema())


def _c(name: str, type_: SqlType, description: str, **kw: object) -> Column:
    return Column(name, type_, description, **kw)  # type: ignore[arg-type]


SHA = _c("sha256", "VARCHAR", "SHA-256 of the PDF's bytes: the document key", required=True)
SEQ = _c("seq", "BIGINT", "position of the record in the document's list (0-based)", required=True)
PAGE = _c("page", "BIGINT", "1-based physical page")
BBOX = (
    _c("x0", "DOUBLE", "bbox left, PDF points from the page's left edge"),
    _c("top", "DOUBLE", "bbox top, PDF points from the page's top edge"),
    _c("x1", "DOUBLE", "bbox right"),
    _c("bottom", "DOUBLE", "bbox bottom"),
)
EXTRA = _c("extra", "JSON", "fields of the record not in this schema, as a JSON object")
AGENDA_ITEM = _c("agenda_item", "VARCHAR", "number of the agenda item whose papers hold the record")
TABLE_ID = _c("table_id", "VARCHAR", "id of the source table within the document")
PERIOD = (
    _c("quarter", "BIGINT", "quarter of the financial year (1-4) the data is for"),
    _c("financial_year", "VARCHAR", "financial year YYYY/YY"),
    _c("period_label", "VARCHAR", "the period as printed"),
)

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "meta",
        "Facts about the store itself (schema_version, created_at).",
        (_c("key", "VARCHAR", "name", required=True), _c("value", "VARCHAR", "value")),
        ("key",),
        references_documents=False,
        exported=False,
    ),
    TableSpec(
        "documents",
        "One row per stored document (a PDF that was extracted); written last in its transaction.",
        (
            SHA,
            _c("path", "VARCHAR", "path the document was first ingested from", required=True),
            _c("pages", "BIGINT", "physical page count", required=True),
            _c("document_type", "VARCHAR", "document type (docs/contract.md vocabulary)"),
            _c("document_schema_version", "VARCHAR", "schema_version of the document JSON"),
            _c("meeting_body", "VARCHAR", "meeting body, e.g. Cabinet"),
            _c("meeting_date", "DATE", "date of the meeting"),
            _c("meeting_time", "VARCHAR", "HH:MM of the meeting"),
            _c("meeting_venue", "VARCHAR", "venue of the meeting"),
            _c("meeting_agenda_item", "VARCHAR", "the agenda item whose papers the document is, when known"),
            _c(
                "meeting_source",
                "VARCHAR",
                "where the meeting was read: front_sheet, pack, first_page or file_name (empty: none found)",
            ),
            _c("meeting_pack", "VARCHAR", "sha256 of the stored agenda pack holding the document's pages"),
            _c("meeting_note", "VARCHAR", "why the meeting (or its date or body) is unknown"),
            _c("title", "VARCHAR", "the document's own title, from its first page"),
            _c("seconds", "DOUBLE", "wall-clock seconds the extraction took"),
            _c("timings", "JSON", "seconds per pipeline stage, JSON object"),
            _c("ingested_at", "TIMESTAMP", "UTC time the document was stored"),
        ),
        ("sha256",),
        references_documents=False,
    ),
    TableSpec(
        "sources",
        "Every path at which a document's bytes were seen (a PDF copied into two folders is one document).",
        (SHA, _c("path", "VARCHAR", "a path given to ingest", required=True)),
        ("sha256", "path"),
        references_documents=False,
    ),
    TableSpec(
        "failures",
        "Files that could not be stored, and why; a later successful ingest removes the row.",
        (
            SHA,
            _c("path", "VARCHAR", "path of the file", required=True),
            _c("kind", "VARCHAR", "bad_pdf, timeout, memory, crash or error", required=True),
            _c("reason", "VARCHAR", "why, in words a user understands", required=True),
            _c("failed_at", "TIMESTAMP", "UTC time of the failure"),
        ),
        ("sha256",),
        references_documents=False,
    ),
    TableSpec(
        "agenda_items",
        "Items of an agenda pack's front sheet with the pages of their papers.",
        (
            SHA,
            SEQ,
            _c("number", "VARCHAR", "item number as printed"),
            _c("title", "VARCHAR", "item title"),
            _c("printed_page_start", "BIGINT", "first printed pack page"),
            _c("printed_page_end", "BIGINT", "last printed pack page"),
            _c("page_start", "BIGINT", "first physical page"),
            _c("page_end", "BIGINT", "last physical page"),
            _c("document_type", "VARCHAR", "type of the item's papers"),
            _c("decision_number", "VARCHAR", "decision number YY/NNNNN"),
            _c("section", "VARCHAR", "unrestricted or exempt"),
            EXTRA,
        ),
        ("sha256", "seq"),
    ),
    TableSpec(
        "tables",
        "Tables found in a document; their cells are in table_cells.",
        (
            SHA,
            SEQ,
            TABLE_ID,
            _c("pages", "JSON", "physical pages the table spans, JSON list"),
            PAGE,
            *BBOX,
            _c("title", "VARCHAR", "nearest heading or caption"),
            _c("units", "VARCHAR", "units of the table's figures"),
            _c("n_header_rows", "BIGINT", "number of header rows"),
            _c("n_rows", "BIGINT", "number of body rows"),
            _c("n_cols", "BIGINT", "widest row's cell count"),
            AGENDA_ITEM,
            _c("engine", "VARCHAR", "how the table was found"),
            EXTRA,
        ),
        ("sha256", "seq"),
    ),
    TableSpec(
        "table_cells",
        "Every cell of every table in long form, with its page and bbox when known.",
        (
            SHA,
            _c("table_seq", "BIGINT", "seq of the table in tables", required=True),
            TABLE_ID,
            _c("part", "VARCHAR", "header or body", required=True),
            _c("row", "BIGINT", "0-based row within the part", required=True),
            _c("col", "BIGINT", "0-based column", required=True),
            _c("text", "VARCHAR", "cell text as printed"),
            PAGE,
            *BBOX,
        ),
        ("sha256", "table_seq", "part", "row", "col"),
    ),
    TableSpec(
        "kpis",
        "KPI observations: one KPI as reported in one document, with its period, RAG and direction.",
        (
            SHA,
            SEQ,
            _c("kpi_id", "VARCHAR", "stable KPI identity across documents", required=True),
            _c("name", "VARCHAR", "KPI name as printed", required=True),
            _c("area", "VARCHAR", "service area as printed"),
            _c("area_canonical", "VARCHAR", "service area, canonical name"),
            *PERIOD,
            _c("rag_latest", "VARCHAR", "GREEN, AMBER or RED"),
            _c("rag_previous", "VARCHAR", "GREEN, AMBER or RED"),
            _c("rag_previous_text", "VARCHAR", "printed previous RAG when not a RAG word"),
            _c("dot", "VARCHAR", "direction of travel: improving, stable or worsening"),
            PAGE,
            *BBOX,
            TABLE_ID,
            AGENDA_ITEM,
            EXTRA,
        ),
        ("sha256", "seq"),
    ),
    TableSpec(
        "kpi_observations",
        "KPI values as printed beside the RAG (Current/Target/Previous/Floor), one row per value.",
        (
            SHA,
            SEQ,
            _c("kpi_id", "VARCHAR", "stable KPI identity across documents (as in kpis)", required=True),
            _c("name", "VARCHAR", "KPI name as printed", required=True),
            _c("area", "VARCHAR", "service area as printed"),
            _c("area_canonical", "VARCHAR", "service area, canonical name"),
            _c("measure", "VARCHAR", "actual, target, floor or previous", required=True),
            _c("value", "DOUBLE", "the value", required=True),
            _c("text", "VARCHAR", "the value as printed"),
            _c("unit", "VARCHAR", "unit: %, count, £m..."),
            *PERIOD,
            PAGE,
            *BBOX,
            AGENDA_ITEM,
            EXTRA,
        ),
        ("sha256", "seq"),
    ),
    TableSpec(
        "rag_summaries",
        "RAG and direction-of-travel counts per area from a QPR's summary table.",
        (
            SHA,
            SEQ,
            _c("area", "VARCHAR", "service area", required=True),
            *(_c(n, "BIGINT", f"count of {n} KPIs") for n in ("green", "amber", "red")),
            *(_c(n, "BIGINT", f"count of {n} KPIs") for n in ("improving", "stable", "worsening")),
            *PERIOD,
            PAGE,
            *BBOX,
            TABLE_ID,
            EXTRA,
        ),
        ("sha256", "seq"),
    ),
    TableSpec(
        "figures",
        "Figures quoted in the narrative, with the sentence they are in.",
        (
            SHA,
            SEQ,
            _c("text", "VARCHAR", "the figure as printed"),
            _c("value", "DOUBLE", "its numeric value"),
            _c("unit", "VARCHAR", "unit"),
            _c("value_gbp_m", "DOUBLE", "money value in £m"),
            _c("kind", "VARCHAR", "money, percent or count"),
            PAGE,
            *BBOX,
            _c("sentence", "VARCHAR", "the sentence quoting it"),
            AGENDA_ITEM,
            EXTRA,
        ),
        ("sha256", "seq"),
    ),
    TableSpec(
        "paragraphs",
        "Paragraphs of narrative text with their heading path.",
        (
            SHA,
            SEQ,
            PAGE,
            *BBOX,
            _c("text", "VARCHAR", "paragraph text"),
            _c("heading_path", "JSON", "headings above it, JSON list"),
            EXTRA,
        ),
        ("sha256", "seq"),
    ),
    TableSpec(
        "financial_records",
        "Directorate finance figures from budget monitoring tables (budget, forecast, variance...).",
        (
            SHA,
            SEQ,
            _c("directorate", "VARCHAR", "directorate as printed"),
            _c("directorate_canonical", "VARCHAR", "directorate, canonical name"),
            _c("line_item", "VARCHAR", "row label"),
            _c(
                "measure", "VARCHAR", "the column's own header as printed, e.g. Net Revenue Forecast Variance"
            ),
            _c("measure_canonical", "VARCHAR", "what the column measures: budget, forecast, variance ..."),
            _c("value", "DOUBLE", "value in the table's units"),
            _c("text", "VARCHAR", "cell as printed"),
            _c("unit", "VARCHAR", "unit"),
            _c("value_gbp_m", "DOUBLE", "value in £m"),
            _c(
                "period", "VARCHAR", "normalised: October 2023-24, Q3 2023-24 or 2023-24 (schemas/periods.py)"
            ),
            _c("period_source", "VARCHAR", "where the period was read: column, caption, report or meeting"),
            PAGE,
            *BBOX,
            TABLE_ID,
            EXTRA,
        ),
        ("sha256", "seq"),
    ),
    TableSpec(
        "findings",
        "Audit findings: figures that do not reconcile; their evidence is in finding_evidence.",
        (
            SHA,
            SEQ,
            _c("kind", "VARCHAR", "finding kind (docs/contract.md vocabulary)", required=True),
            _c("severity", "VARCHAR", "error, warning or info", required=True),
            PAGE,
            _c("pages", "JSON", "every page involved, JSON list"),
            _c("description", "VARCHAR", "what disagrees with what"),
            _c("reported", "VARCHAR", "the figure as reported"),
            _c("expected", "VARCHAR", "what the other figures imply"),
            _c("difference", "DOUBLE", "reported minus expected"),
            TABLE_ID,
            _c("audit_check", "VARCHAR", "the audit module that raised it"),
            EXTRA,
        ),
        ("sha256", "seq"),
    ),
    TableSpec(
        "finding_evidence",
        "The printed figures behind each finding.",
        (
            SHA,
            _c("finding_seq", "BIGINT", "seq of the finding", required=True),
            SEQ,
            PAGE,
            *BBOX,
            _c("text", "VARCHAR", "text at that place"),
        ),
        ("sha256", "finding_seq", "seq"),
    ),
    TableSpec(
        "other_records",
        "Records of a kind this schema does not know yet (a newer stage's output), kept as JSON.",
        (
            SHA,
            _c("record_type", "VARCHAR", "the Document field the records came from", required=True),
            SEQ,
            PAGE,
            *BBOX,
            _c("data", "JSON", "the record, JSON"),
        ),
        ("sha256", "record_type", "seq"),
    ),
    TableSpec(
        "page_openings",
        "The opening words of each page, to find a document's pages inside its agenda pack.",
        (
            SHA,
            _c("page", "BIGINT", "1-based physical page", required=True),
            _c("text", "VARCHAR", "opening words"),
        ),
        ("sha256", "page"),
        exported=False,
    ),
    TableSpec(
        "warnings",
        "Extraction warnings about a document (e.g. pages without text).",
        (SHA, SEQ, _c("message", "VARCHAR", "the warning")),
        ("sha256", "seq"),
    ),
)

BY_NAME = {t.name: t for t in TABLES}
# Tables holding one document's records, deleted and rewritten together in its transaction.
DOCUMENT_TABLES = tuple(t.name for t in TABLES if t.references_documents)
