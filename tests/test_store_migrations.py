"""A store written under an older schema version is upgraded in place by a writer, every row kept;
a reader of it is told how to upgrade it, and exits 4."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.corpus.migrations import MIGRATIONS, can_upgrade
from extractor.corpus.schema import STORE_SCHEMA_VERSION, TABLES
from extractor.corpus.store import Store, StoreError
from tests.builtdocs import build_document, stored

TYPED = [
    (t.name, c.name, c.type) for t in TABLES for c in t.columns if c.type in ("DATE", "TIMESTAMP", "JSON")
]
UTC_TEXT = "'%Y-%m-%dT%H:%M:%SZ'"  # how version 4 wrote a time


def _as_text(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, typed columns read as the text version 4 held."""
    out = {}
    for spec in TABLES:
        cols = ", ".join(
            f'strftime("{c.name}", {UTC_TEXT})' if c.type == "TIMESTAMP" else f'"{c.name}"::VARCHAR'
            for c in spec.columns
        )
        out[spec.name] = con.execute(f'SELECT {cols} FROM "{spec.name}" ORDER BY ALL').fetchall()
    return out


def _version_4_store(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """A store of two documents and a failure as version 4 wrote it (dates, times and JSON as text);
    returns its rows."""
    stored(db, build_document("q1"), build_document("q2", quarter=2))
    with Store(db, read_only=False) as store:
        store.write_failure("0" * 64, "bad.pdf", "bad_pdf", "encrypted")
    con = duckdb.connect(str(db))
    before = _as_text(con)
    for table, column, sql_type in TYPED:
        using = f'strftime("{column}", {UTC_TEXT})' if sql_type == "TIMESTAMP" else column
        con.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" SET DATA TYPE VARCHAR USING {using}')
    con.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    con.close()
    return before


def test_every_version_since_4_upgrades_to_the_current_one() -> None:
    assert all(can_upgrade(v) for v in MIGRATIONS)
    assert can_upgrade(STORE_SCHEMA_VERSION)
    assert not can_upgrade("1")


def test_writer_upgrades_a_version_4_store_and_keeps_every_row(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    before = _version_4_store(db)
    with pytest.raises(StoreError, match="open it for writing once"):
        Store(db)  # a reader leaves it untouched and says how to upgrade it
    run = CliRunner().invoke(cli, ["status", "--db", str(db)])
    assert run.exit_code == 4 and "open it for writing once" in run.output
    with Store(db, read_only=False) as store:
        assert store.schema_version() == STORE_SCHEMA_VERSION
    con = duckdb.connect(str(db), read_only=True)
    assert _as_text(con) == before and sum(map(len, before.values())) > 50
    found = con.execute("SELECT table_name, column_name, data_type, comment FROM duckdb_columns()").fetchall()
    types = {(t, c): (kind, comment) for t, c, kind, comment in found}
    for table, column, sql_type in TYPED:
        assert types[table, column][0] == sql_type
    assert all(types[t.name, c.name][1] == c.description for t in TABLES for c in t.columns)
    con.close()
    with Store(db) as store:  # and now reads, with dates as dates
        documents = store.documents()
        assert str(documents["meeting_date"].dtype).startswith("datetime64")
        assert store.query("SELECT meeting_date FROM documents")[0]["meeting_date"] == "2023-01-04"


def test_version_5_gains_the_meeting_columns(tmp_path: Path) -> None:
    """Version 6 added each document's title and its meeting's item, source, pack and note."""
    db = tmp_path / "five.duckdb"
    stored(db, build_document("q1"))
    con = duckdb.connect(str(db))
    for column in ("meeting_agenda_item", "meeting_source", "meeting_pack", "meeting_note", "title"):
        con.execute(f'ALTER TABLE documents DROP COLUMN "{column}"')
    con.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match="open it for writing once"):
        Store(db)
    with Store(db, read_only=False) as store:
        assert store.schema_version() == STORE_SCHEMA_VERSION
        rows = store.query("SELECT count(*) AS n, count(title) AS titled FROM documents")
    assert rows == [{"n": 1, "titled": 0}]
