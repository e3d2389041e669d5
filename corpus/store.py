"""The embedded DuckDB store: open (creating the schema of `corpus.schema`), write, read back.

A document is written in ONE transaction: its old rows (if any) are deleted, every child table
is inserted, and the `documents` row goes in last. A process killed at any moment therefore
leaves either the whole document or none of it (DuckDB replays only committed transactions from
its write-ahead log). Only one process may write a DuckDB file, so batch workers extract and the
parent process alone writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from extractor.corpus.records import DocumentRows, Row, utc_now
from extractor.corpus.schema import BY_NAME, DOCUMENT_TABLES, STORE_SCHEMA_VERSION, TABLES


class StoreError(Exception):
    """The store cannot be used (locked by another process, another schema version...)."""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Store:
    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no such store")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot open the store ({exc})") from None
        if not read_only:
            self._create()
        self._check_version()

    # -- lifecycle -----------------------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _create(self) -> None:
        with self.transaction():
            for spec in TABLES:
                self.con.execute(spec.ddl())
            self.con.execute(
                "INSERT INTO meta VALUES ('schema_version', ?), ('created_at', ?) ON CONFLICT DO NOTHING",
                [STORE_SCHEMA_VERSION, utc_now()],
            )

    def _check_version(self) -> None:
        try:
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except duckdb.Error:
            raise StoreError(f"{self.path}: not an extractor store (no meta table)") from None
        if row is None or row[0] != STORE_SCHEMA_VERSION:
            found = row[0] if row else "none"
            raise StoreError(
                f"{self.path}: store schema version {found}, this extractor uses {STORE_SCHEMA_VERSION}"
            )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.begin()
        try:
            yield
        except BaseException:
            self.con.rollback()
            raise
        self.con.commit()

    # -- writes --------------------------------------------------------------------------------
    def _insert(self, table: str, rows: list[Row]) -> None:
        if not rows:
            return
        spec = BY_NAME[table]
        data = pa.Table.from_pylist(rows, schema=spec.arrow_schema())
        cols = ", ".join(_quote(c) for c in spec.column_names)
        self.con.register("incoming_rows", data)
        try:
            self.con.execute(f"INSERT INTO {_quote(table)} ({cols}) SELECT {cols} FROM incoming_rows")
        finally:
            self.con.unregister("incoming_rows")

    def write_document(self, doc: DocumentRows, path: str | None = None) -> None:
        """Store one document and all its records atomically, replacing any earlier copy."""
        with self.transaction():
            for table in DOCUMENT_TABLES:
                self.con.execute(f"DELETE FROM {_quote(table)} WHERE sha256 = ?", [doc.sha256])
            for table in DOCUMENT_TABLES:
                self._insert(table, doc.tables.get(table, []))
            self.con.execute("DELETE FROM documents WHERE sha256 = ?", [doc.sha256])
            self.con.execute("DELETE FROM failures WHERE sha256 = ?", [doc.sha256])
            self._insert("documents", doc.tables["documents"])
            self._add_source(doc.sha256, path or doc.path)

    def write_failure(self, sha256: str, path: str, kind: str, reason: str) -> None:
        with self.transaction():
            self.con.execute("DELETE FROM failures WHERE sha256 = ?", [sha256])
            row = {"sha256": sha256, "path": path, "kind": kind, "reason": reason, "failed_at": utc_now()}
            self._insert("failures", [row])
            self._add_source(sha256, path)

    def add_source(self, sha256: str, path: str) -> None:
        """Remember another path at which already-known bytes were found."""
        with self.transaction():
            self._add_source(sha256, path)

    def _add_source(self, sha256: str, path: str) -> None:
        self.con.execute("INSERT INTO sources VALUES (?, ?) ON CONFLICT DO NOTHING", [sha256, path])

    # -- reads ---------------------------------------------------------------------------------
    def stored(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT sha256 FROM documents").fetchall()}

    def failed(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT sha256 FROM failures").fetchall()}

    def schema_version(self) -> str:
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return str(row[0]) if row else ""

    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cursor = self.con.execute(sql, params or [])
        names = [d[0] for d in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def counts(self, sha256: str) -> dict[str, int]:
        """Rows per document table for one document (used to prove a write was complete)."""
        out: dict[str, int] = {}
        for table in (*DOCUMENT_TABLES, "documents"):
            row = self.con.execute(
                f"SELECT count(*) FROM {_quote(table)} WHERE sha256 = ?", [sha256]
            ).fetchone()
            out[table] = int(row[0]) if row else 0
        return out

    def status(self) -> list[dict[str, Any]]:
        """Every stored and every failed document, in the CONTRACT's status shape (plus finding counts)."""
        ok = self.query(
            """
            SELECT d.path, d.sha256, d.pages, d.document_type, 'ok' AS status, NULL AS reason,
                   count(f.seq) FILTER (WHERE f.severity = 'error') AS errors,
                   count(f.seq) FILTER (WHERE f.severity = 'warning') AS warnings,
                   count(f.seq) FILTER (WHERE f.severity = 'info') AS infos,
                   count(f.seq) FILTER (WHERE f.audit_check = 'structure') AS not_checked
            FROM documents d LEFT JOIN findings f USING (sha256)
            GROUP BY ALL ORDER BY d.path
            """
        )
        bad = self.query(
            """
            SELECT path, sha256, NULL AS pages, NULL AS document_type, 'failed' AS status, reason, kind
            FROM failures ORDER BY path
            """
        )
        for row in ok:
            row["findings"] = {
                "error": row.pop("errors"),
                "warning": row.pop("warnings"),
                "info": row.pop("infos"),
            }
            row["tables_not_checked"] = row.pop("not_checked")
        return ok + bad
