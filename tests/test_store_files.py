"""A file given as the store that is not a usable store: one line saying what it is and what to do,
and the file is never modified; a full disk keeps what was written and says so."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from extractor.corpus.records import document_rows
from extractor.corpus.store import Store, StoreError
from tests.builtdocs import build_document, stored

TRUNCATED_AT = 64 * 1024  # DuckDB's three 4 KiB headers, then blocks of 256 KiB


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _a_store(folder: Path) -> Path:
    return stored(folder / "good.duckdb", build_document("q1"))


def _refused(db: Path, expected: str) -> None:
    before = _digest(db)
    for read_only in (False, True):
        with pytest.raises(StoreError) as caught:
            Store(db, read_only=read_only)
        message = str(caught.value)
        assert len(message.splitlines()) == 1
        assert message.startswith(str(db)) and expected in message, message
        assert "left untouched" in message and "--db" in message
    assert _digest(db) == before
    assert not Path(f"{db}.wal").exists()


def test_a_foreign_duckdb_file_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "analysis.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE budgets (year INTEGER, amount DOUBLE)")
    con.execute("INSERT INTO budgets VALUES (2024, 1.5)")
    con.close()
    _refused(db, "a DuckDB database with other tables (budgets)")
    con = duckdb.connect(str(db), read_only=True)
    tables = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    con.close()
    assert tables == [("budgets",)]  # no store tables were added


def test_a_truncated_store_is_refused_untouched(tmp_path: Path) -> None:
    db = _a_store(tmp_path)
    data = db.read_bytes()
    # the file's headers and no block: where DuckDB puts the live blocks among free ones varies
    db.write_bytes(data[:TRUNCATED_AT])
    _refused(db, "truncated")


def test_a_damaged_store_is_refused_untouched(tmp_path: Path) -> None:
    db = _a_store(tmp_path)
    data = bytearray(db.read_bytes())
    for i in range(5000, 9000):
        data[i] ^= 0x55
    db.write_bytes(bytes(data))
    _refused(db, "damaged")


def test_a_file_that_is_not_duckdb_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "notes.duckdb"
    db.write_text("minutes of the meeting\n" * 50)
    _refused(db, "not a DuckDB database")


def test_a_store_of_a_newer_extractor_is_refused_untouched(tmp_path: Path) -> None:
    db = _a_store(tmp_path)
    con = duckdb.connect(str(db))
    con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    con.close()
    _refused(db, "store schema version 999 is newer than this extractor's")


def test_ingest_names_the_bad_store_in_one_line(tmp_path: Path, qpr_pdf: Path) -> None:
    db = tmp_path / "other.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE t (a INTEGER)")
    con.close()
    run = subprocess.run(
        [sys.executable, "-m", "extractor", "ingest", str(qpr_pdf), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 4  # the store cannot be used
    assert run.stderr.strip().splitlines() == [
        f"error: {db}: a DuckDB database with other tables (t), not an extractor store; "
        "it was left untouched: give --db a new file"
    ]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 6 MB tmpfs (root only): enough for an empty store, not for many documents."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("a full file system needs `mount -t tmpfs`, which needs root")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"mount -t tmpfs is not allowed here: {made.stderr.decode(errors='replace').strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_full_disk_keeps_the_store_and_says_so(small_disk: Path) -> None:
    db = small_disk / "store.duckdb"
    written = []
    with pytest.raises(StoreError) as caught:
        with Store(db, read_only=False) as store:
            for n in range(10_000):
                doc = build_document(f"q{n}", quarter=1 + n % 4)
                # padding in every paragraph, so the disk fills in a few documents
                for p in doc.paragraphs:
                    p.text = p.text + os.urandom(200_000).hex()
                store.write_document(document_rows(doc))
                written.append(doc.source.sha256)
    message = str(caught.value)
    assert "the disk is full" in message and "keeps every document written before" in message
    assert written
    with Store(db, read_only=True) as store:
        assert store.stored() == set(written)
