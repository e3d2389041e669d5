"""The embedded DuckDB store: open (creating the schema of `corpus.schema`), write, read back.

A document is written in ONE transaction: its old rows (if any) are deleted, every child table
is inserted, and the `documents` row goes in last. A process killed at any moment therefore
leaves either the whole document or none of it (DuckDB replays only committed transactions from
its write-ahead log). Only one process may write a DuckDB file, so batch workers extract and the
parent process alone writes.

The file is held only while it is used: a `with Store(...)` block, or one call of a method (a
notebook's `extractor.Store(path)` holds nothing between calls), and the ingest opens it for each
document's commit. So readers and the writer take turns, and one that finds the file locked
waits briefly before saying who holds it (`corpus.locking`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import duckdb

from extractor.corpus.locking import StoreError, connect, lock_wait_s, wait_for_lock
from extractor.corpus.migrations import can_upgrade, upgrade
from extractor.corpus.packs import PackLink, link_packs
from extractor.corpus.rows import DocumentRows, Row, utc_now
from extractor.corpus.schema import BY_NAME, DOCUMENT_TABLES, STORE_SCHEMA_VERSION, TABLES
from extractor.corpus.views import DocumentFilter
from extractor.schemas.paths import printable_path

if TYPE_CHECKING:
    import pandas as pd

# The document columns put beside each record in the DataFrames of the reading API.
_DOCUMENT_COLUMNS = "d.path, d.document_type, d.meeting_date"
# the one file attached to a writer's engine (beside its own in-memory database)
_ATTACHED_SQL = (
    "SELECT database_name FROM duckdb_databases() WHERE NOT internal AND database_name <> 'memory'"
)


__all__ = ["Store", "StoreError"]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _open_error(name: str, exc: duckdb.Error) -> StoreError:
    """One line: what the file is and what to do, from DuckDB's error."""
    text = str(exc)
    low = text.lower()
    if "not a valid duckdb database" in low:
        what = "not a DuckDB database"
    elif "version" in low:
        what = "a DuckDB database written by another version of DuckDB than this extractor's"
    elif "could not read enough bytes" in low:
        what = "a truncated DuckDB database (the file ends early)"
    elif "corrupt" in low or "checksum" in low:
        what = "a damaged DuckDB database (its checksums do not match)"
    else:
        what = f"not readable as a DuckDB database ({text.splitlines()[0] if text else type(exc).__name__})"
    return StoreError(f"{name}: {what}; it was left untouched: give --db a new file, or move this one aside")


def _full_disk(exc: BaseException) -> bool:
    return "no space left" in str(exc).lower() or "disk is full" in str(exc).lower()


def _verify(
    con: duckdb.DuckDBPyConnection, name: str, allow_empty: bool, allow_upgrade: bool = False
) -> None:
    """Raise StoreError unless `con` holds this extractor's store (or nothing, if `allow_empty`; or
    an older one `corpus.migrations` can upgrade, if `allow_upgrade`)."""
    rows = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    tables = sorted(str(r[0]) for r in rows)
    if "meta" not in tables:
        if allow_empty and not tables:
            return
        what = f"a DuckDB database with other tables ({', '.join(tables[:5])})" if tables else "empty"
        raise StoreError(
            f"{name}: {what}, not an extractor store; it was left untouched: give --db a new file"
        )
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    found = str(row[0]) if row else "none"
    if found == STORE_SCHEMA_VERSION or (allow_upgrade and can_upgrade(found)):
        return
    if found.isdigit() and int(found) > int(STORE_SCHEMA_VERSION):
        raise StoreError(
            f"{name}: store schema version {found} is newer than this extractor's ({STORE_SCHEMA_VERSION}); "
            "it was left untouched: use a newer extractor, or give --db a new file"
        )
    how = (
        "open it for writing once (extractor ingest) to upgrade it"
        if can_upgrade(found)
        else "ingest into a new file"
    )
    raise StoreError(
        f"{name}: store schema version {found}, this extractor uses {STORE_SCHEMA_VERSION}; "
        f"it was left untouched: {how}"
    )


def _inspect(path: Path, name: str, wait_s: float) -> None:
    """Look at an existing file read-only, so one that is not this extractor's store is never modified."""
    try:
        con = connect(path, name, read_only=True, wait_s=wait_s)
    except duckdb.Error as exc:
        raise _open_error(name, exc) from None
    try:
        _verify(con, name, allow_empty=True, allow_upgrade=True)
    except duckdb.Error as exc:  # damage found while reading the catalogue
        raise _open_error(name, exc) from None
    finally:
        con.close()


class Store:
    """A DuckDB store of extracted documents (`corpus.schema` lists its tables).

    Opened read-only unless `read_only=False`: readers never lock out another reader, and only a
    writer (`extractor ingest`) creates the file and its tables. The reading methods return pandas
    DataFrames, each record beside its document's path, type and meeting date.

    The file is open only inside `with store:` and during each method call; another process
    holding it is waited for up to `wait_s` seconds (`on_wait` is told once if the wait is long).
    """

    def __init__(
        self,
        path: str | Path,
        read_only: bool = True,
        wait_s: float | None = None,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.name = printable_path(path)
        self.read_only = read_only
        self.wait_s = wait_s if wait_s is not None else lock_wait_s()
        self.on_wait = on_wait
        self._con: duckdb.DuckDBPyConnection | None = None
        self._users = 0  # `with` blocks and method calls using the open connection
        # a writer's DuckDB engine, kept between its sessions, the file attached to it for each
        # (`_attach`), and the name the file is attached under
        self._engine: duckdb.DuckDBPyConnection | None | Literal[False] = None  # False: not used
        self._attached = ""
        self._checked = False
        if read_only and not self.path.exists():
            raise StoreError(f"{self.name}: no such store")
        if self.path.exists() and not self.path.is_file():
            raise StoreError(f"{self.name}: not a file; give --db a file name")
        if self.path.exists() and self.path.stat().st_size > 0 and not read_only:
            _inspect(self.path, self.name, self.wait_s)
        with self._session():  # made (a writer) and checked now, not at the first use
            pass

    # -- lifecycle -----------------------------------------------------------------------------
    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The open connection (inside `with store:`)."""
        if self._con is None:
            raise StoreError(f"{self.name}: the store is not open here; use it inside `with store:`")
        return self._con

    def _open(self) -> duckdb.DuckDBPyConnection:
        if self._checked and not self.read_only and self._engine is not False:
            try:
                return self._attach()
            except duckdb.Error:  # not attachable (a name the engine holds): connect as readers do
                self._engine = False
        try:
            con = connect(self.path, self.name, self.read_only, self.wait_s, self.on_wait)
        except duckdb.Error as exc:
            raise _open_error(self.name, exc) from None
        if self._checked:
            return con
        self._con = con
        try:
            if not self.read_only:
                self._create()
            self._check_version()
        except duckdb.Error as exc:
            self._con = None
            con.close()
            raise _open_error(self.name, exc) from None
        except BaseException:
            self._con = None
            con.close()
            raise
        self._checked = True
        return con

    def _attach(self) -> duckdb.DuckDBPyConnection:
        """A writer's file, once made and checked, attached to the writer's one DuckDB engine for a
        session. Starting an engine for each commit (its catalogue of functions, its threads) cost
        30-40 ms of CPU, more than the commit's rows; attaching costs 5. Detaching at the end of the
        session checkpoints the file and lets go of it, as closing a connection to it does."""
        if not self._engine:
            # one thread: a commit's inserts are too small to share out, and waking DuckDB's other
            # threads for each cost CPU that the ingest's workers want
            self._engine = duckdb.connect(config={"threads": 1})
        engine = self._engine
        path = "'" + str(self.path).replace("'", "''") + "'"
        # under the name a connection to the file gives it (its stem), so SQL naming it still works
        wait_for_lock(lambda: engine.execute(f"ATTACH {path}"), self.name, self.wait_s, self.on_wait)
        try:
            (name,) = engine.execute(_ATTACHED_SQL).fetchall()
            self._attached = _quote(str(name[0]))
            engine.execute(f"USE {self._attached}")
        except BaseException:
            self._detach()
            raise
        return engine

    def _detach(self) -> None:
        engine, attached = self._engine, self._attached
        self._attached = ""
        if not engine or not attached:
            return
        try:
            engine.execute("USE memory")
            engine.execute(f"DETACH {attached}")
        except duckdb.Error:
            # the checkpoint failed (a full disk): what was committed is in the file's log, replayed
            # at the next open, as when closing a connection fails to checkpoint (which is silent);
            # the engine, in doubt, is let go with the file, and the next session starts another
            self._engine = None
            engine.close()

    @contextmanager
    def _session(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The connection, opened by the outermost user and closed after it."""
        self._acquire()
        try:
            yield self.con
        finally:
            self._release()

    def _acquire(self) -> None:
        if self._con is None:
            self._con = self._open()
        self._users += 1

    def _release(self) -> None:
        self._users -= 1
        if self._users <= 0:
            self.close()

    def close(self) -> None:
        self._users = 0
        if self._con is not None:
            con, self._con = self._con, None
            if con is self._engine:
                self._detach()
            else:
                con.close()

    def __enter__(self) -> Store:
        self._acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self._release()

    def _create(self) -> None:
        new = self.con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'meta'").fetchone()
        with self._transaction():
            for spec in TABLES:
                self.con.execute(spec.ddl())
                # each table's and column's meaning, written once when the store is made
                for comment in spec.comments() if new == (0,) else ():
                    self.con.execute(comment)
            self.con.execute(
                "INSERT INTO meta VALUES ('schema_version', ?), ('created_at', ?) ON CONFLICT DO NOTHING",
                [STORE_SCHEMA_VERSION, utc_now()],
            )
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row and str(row[0]) != STORE_SCHEMA_VERSION and can_upgrade(str(row[0])):
                upgrade(self.con, str(row[0]))

    def _check_version(self) -> None:
        _verify(self.con, self.name, allow_empty=False)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing, the file held only for it (unless inside `with store:`)."""
        with self._session(), self._transaction():
            yield

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """All or nothing; a full disk rolls back and says so (what was committed before stays)."""
        self.con.begin()
        try:
            yield
            self.con.commit()
        except BaseException as exc:
            try:
                self.con.rollback()
            except duckdb.Error:
                pass  # a failed commit has already ended the transaction
            if isinstance(exc, duckdb.Error) and _full_disk(exc):
                raise StoreError(
                    f"{self.name}: the disk is full; the store keeps every document written before "
                    "this one: free some space and run again to finish"
                ) from None
            raise

    # -- writes --------------------------------------------------------------------------------
    def _insert(self, table: str, rows: list[Row]) -> None:
        if not rows:
            return
        spec = BY_NAME[table]
        # read by its name, which DuckDB finds among this frame's variables: registering the table
        # as a view and dropping it again each time changed the catalogue twice per insert
        incoming_rows = spec.arrow_table(rows)  # noqa: F841
        cols = ", ".join(_quote(c) for c in spec.column_names)
        self.con.execute(f"INSERT INTO {_quote(table)} ({cols}) SELECT {cols} FROM incoming_rows")

    def link_packs(self) -> list[PackLink]:
        """Attach every stored document whose pages a stored pack holds to that pack's meeting."""
        with self.transaction():
            return link_packs(self.con)

    def write_document(self, doc: DocumentRows, path: str | None = None) -> None:
        """Store one document and all its records atomically, replacing any earlier copy."""
        with self.transaction():
            # an earlier copy's rows go first; a document's rows are only ever written with its
            # `documents` row, in one transaction, so a new one has none: one lookup, not a scan of
            # every table
            if self._holds(doc.sha256):
                for table in (*DOCUMENT_TABLES, "documents"):
                    self.con.execute(f"DELETE FROM {_quote(table)} WHERE sha256 = ?", [doc.sha256])
            for table in DOCUMENT_TABLES:
                self._insert(table, doc.tables.get(table, []))
            self.con.execute("DELETE FROM failures WHERE sha256 = ?", [doc.sha256])
            self._insert("documents", doc.tables["documents"])
            self._add_source(doc.sha256, path or doc.path)

    def _holds(self, sha256: str) -> bool:
        found = self.con.execute("SELECT count(*) FROM documents WHERE sha256 = ?", [sha256]).fetchall()
        return found != [(0,)]

    def write_failure(self, sha256: str, path: str, kind: str, reason: str) -> None:
        with self.transaction():
            self.con.execute("DELETE FROM failures WHERE sha256 = ?", [sha256])
            row = {"sha256": sha256, "path": path, "kind": kind, "reason": reason, "failed_at": utc_now()}
            self._insert("failures", [row])
            self._add_source(sha256, path)

    def add_source(self, sha256: str, path: str) -> None:
        """Remember another path at which already-known bytes were found."""
        self.add_sources([(sha256, path)])

    def add_sources(self, found: list[tuple[str, str]]) -> None:
        """Remember other paths (sha256, path) at which already-known bytes were found."""
        if not found:
            return
        with self.transaction():
            for sha256, path in found:
                self._add_source(sha256, path)

    def _add_source(self, sha256: str, path: str) -> None:
        self.con.execute("INSERT INTO sources VALUES (?, ?) ON CONFLICT DO NOTHING", [sha256, path])

    # -- reads ---------------------------------------------------------------------------------
    def sql(self, query: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Any SQL over the store's tables, as a DataFrame (`?` placeholders take `params`)."""
        try:
            with self._session() as con:
                return con.execute(query, params or []).df()
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: {exc}") from None

    def documents(self) -> pd.DataFrame:
        """One row per stored document, by path."""
        return self.sql("SELECT * FROM documents ORDER BY path")

    def _records(self, table: str, where: str = "TRUE", params: list[Any] | None = None) -> pd.DataFrame:
        return self.sql(
            f"SELECT {_DOCUMENT_COLUMNS}, r.* FROM {_quote(table)} r JOIN documents d USING (sha256) "
            f"WHERE {where} ORDER BY d.path, r.seq",
            params,
        )

    def kpis(self, kpi: str | None = None) -> pd.DataFrame:
        """KPIs as reported (RAG, direction of travel, period); `kpi` keeps ids or names containing it."""
        return self._records("kpis", *_kpi_filter(kpi))

    def kpi_values(self, kpi: str | None = None) -> pd.DataFrame:
        """The values printed for KPIs (actual, target, floor, previous), one row per value."""
        return self._records("kpi_observations", *_kpi_filter(kpi))

    def findings(self, severity: str | list[str] | None = None) -> pd.DataFrame:
        """Audit findings; `severity` keeps one ('error') or several (['error', 'warning'])."""
        if severity is None:
            return self._records("findings")
        wanted = [severity] if isinstance(severity, str) else list(severity)
        return self._records("findings", "r.severity IN (SELECT unnest(?))", [wanted])

    def series(
        self,
        kpi: str | None = None,
        kind: str = "kpi",
        directorate: str | None = None,
        measure: str | None = None,
    ) -> pd.DataFrame:
        """Time series in the tidy form `extractor series` prints, ordered by period: each KPI
        (`kind='kpi'`, filtered by `kpi`; columns `corpus.series.KPI_COLUMNS`) or each directorate
        finance figure (`kind='finance'`, by directorate and measure; `FINANCE_COLUMNS`), a reading
        once with every place printing it in `sources`."""
        import pandas as pd

        from extractor.corpus.series import (
            FINANCE_COLUMNS,
            KPI_COLUMNS,
            FinanceFilter,
            finance_rows,
            finance_series,
            kpi_rows,
            kpi_series,
        )

        with self._session():
            if kind == "kpi":
                return pd.DataFrame(kpi_rows(kpi_series(self, kpi)), columns=list(KPI_COLUMNS))
            if kind == "finance":
                found = finance_series(self, FinanceFilter(directorate=directorate, measure=measure))
                return pd.DataFrame(finance_rows(found), columns=list(FINANCE_COLUMNS))
        raise ValueError(f"kind must be 'kpi' or 'finance', not {kind!r}")

    def stored(self) -> set[str]:
        return {r["sha256"] for r in self.query("SELECT sha256 FROM documents")}

    def failed(self) -> set[str]:
        return {r["sha256"] for r in self.query("SELECT sha256 FROM failures")}

    def schema_version(self) -> str:
        rows = self.query("SELECT value FROM meta WHERE key = 'schema_version'")
        return str(rows[0]["value"]) if rows else ""

    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        """Rows as dicts of JSON-ready values: a DATE as 'YYYY-MM-DD', a TIMESTAMP as ISO 8601 UTC."""
        with self._session() as con:
            cursor = con.execute(sql, params or [])
            names = [d[0] for d in cursor.description or []]
            return [dict(zip(names, map(_plain, row), strict=True)) for row in cursor.fetchall()]

    def counts(self, sha256: str) -> dict[str, int]:
        """Rows per document table for one document (used to prove a write was complete)."""
        out: dict[str, int] = {}
        with self._session() as con:
            for table in (*DOCUMENT_TABLES, "documents"):
                sql = f"SELECT count(*) FROM {_quote(table)} WHERE sha256 = ?"
                row = con.execute(sql, [sha256]).fetchone()
                out[table] = int(row[0]) if row else 0
        return out

    def status(self, documents: DocumentFilter | None = None) -> list[dict[str, Any]]:
        """Every stored and every failed document, in the contract's status shape (plus finding counts
        and the meeting); with a filter, the documents it selects (and no failures: they have no meeting
        or type, unless --doc names them)."""
        with self._session():
            return self._status(documents or DocumentFilter())

    def _status(self, chosen: DocumentFilter) -> list[dict[str, Any]]:
        condition, params = chosen.where()
        ok = self.query(
            f"""
            SELECT d.path, d.sha256, d.pages, d.document_type, 'ok' AS status, NULL AS reason,
                   d.title, d.meeting_body, d.meeting_date, d.meeting_agenda_item, d.meeting_source,
                   d.meeting_note,
                   count(f.seq) FILTER (WHERE f.severity = 'error') AS errors,
                   count(f.seq) FILTER (WHERE f.severity = 'warning') AS warnings,
                   count(f.seq) FILTER (WHERE f.severity = 'info') AS infos,
                   count(f.seq) FILTER (WHERE f.audit_check = 'structure') AS not_checked
            FROM documents d LEFT JOIN findings f USING (sha256)
            WHERE {condition}
            GROUP BY ALL ORDER BY d.path
            """,
            params,
        )
        only_doc = chosen.body is None and chosen.date_from is None and chosen.date_to is None
        only_doc = only_doc and chosen.document_type is None
        bad_condition, bad_params = DocumentFilter(doc=chosen.doc).where() if only_doc else ("FALSE", [])
        bad = self.query(
            f"""
            SELECT path, sha256, NULL AS pages, NULL AS document_type, 'failed' AS status, reason, kind
            FROM failures d WHERE {bad_condition} ORDER BY path
            """,
            bad_params,
        )
        for row in ok:
            row["findings"] = {
                "error": row.pop("errors"),
                "warning": row.pop("warnings"),
                "info": row.pop("infos"),
            }
            row["tables_not_checked"] = row.pop("not_checked")
        return ok + bad


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat() if isinstance(value, date) else value


def _kpi_filter(kpi: str | None) -> tuple[str, list[Any]]:
    text = f"%{(kpi or '').lower()}%"
    return "(lower(r.kpi_id) LIKE ? OR lower(r.name) LIKE ?)", [text, text]
