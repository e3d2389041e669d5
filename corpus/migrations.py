"""Upgrades of a store written under an older schema version, in order, one step per version.

Each step is the SQL that turns a store of its version into one of the next; a writer opening an
older store applies every step from its version on, in one transaction, so the documents already
stored are kept. Tables new in a version need no step: the writer creates missing tables first.
After the steps every table's and column's COMMENT is written again, so they match `corpus.schema`.
"""

from __future__ import annotations

import duckdb

from extractor.corpus.schema import STORE_SCHEMA_VERSION, TABLES


def _retype(table: str, column: str, sql_type: str) -> str:
    """Turn a text column into `sql_type`; text that is no date stays unknown (NULL), text that is
    no JSON is kept as a JSON string."""
    c = f'"{column}"'
    using = {
        "DATE": f"TRY_CAST({c} AS DATE)",
        "TIMESTAMP": f"TRY_CAST({c} AS TIMESTAMP)",
        "JSON": f"CASE WHEN json_valid({c}) THEN {c}::JSON ELSE to_json({c}) END",
    }[sql_type]
    return f'ALTER TABLE "{table}" ALTER COLUMN {c} SET DATA TYPE {sql_type} USING {using}'


# The columns version 5 typed (written out: a later version's columns must not join this step).
_TYPED_IN_5 = (
    ("documents", "meeting_date", "DATE"),
    ("documents", "timings", "JSON"),
    ("documents", "ingested_at", "TIMESTAMP"),
    ("failures", "failed_at", "TIMESTAMP"),
    ("tables", "pages", "JSON"),
    ("paragraphs", "heading_path", "JSON"),
    ("findings", "pages", "JSON"),
    ("other_records", "data", "JSON"),
    *(
        (table, "extra", "JSON")
        for table in (
            "agenda_items",
            "tables",
            "kpis",
            "kpi_observations",
            "rag_summaries",
            "figures",
            "paragraphs",
            "financial_records",
            "findings",
        )
    ),
)

# version -> (next version, statements); a store at a version not listed cannot be upgraded
MIGRATIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "4": ("5", tuple(_retype(*typed) for typed in _TYPED_IN_5)),
    "5": (
        "6",
        tuple(
            f'ALTER TABLE documents ADD COLUMN IF NOT EXISTS "{column}" VARCHAR'
            for column in ("meeting_agenda_item", "meeting_source", "meeting_pack", "meeting_note", "title")
        ),
    ),
}


def can_upgrade(version: str) -> bool:
    seen = set()
    while version != STORE_SCHEMA_VERSION:
        if version not in MIGRATIONS or version in seen:
            return False
        seen.add(version)
        version = MIGRATIONS[version][0]
    return True


def upgrade(con: duckdb.DuckDBPyConnection, version: str) -> str:
    """Apply every step from `version` to the current one (the caller holds a transaction)."""
    while version != STORE_SCHEMA_VERSION:
        version, statements = MIGRATIONS[version]
        for sql in statements:
            con.execute(sql)
    for spec in TABLES:
        for comment in spec.comments():
            con.execute(comment)
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [version])
    return version
