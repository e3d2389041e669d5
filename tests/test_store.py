"""The store: schema from one definition, complete and idempotent writes, all-or-nothing transactions."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
from pydantic import BaseModel

from extractor.corpus.records import document_rows, flatten
from extractor.corpus.schema import BY_NAME, STORE_SCHEMA_VERSION, TABLES
from extractor.corpus.store import Store, StoreError
from extractor.schemas.document import Document, Kpi
from tests.builtdocs import BOX, build_document, record_counts

ROOT = Path(__file__).resolve().parents[1]


def test_tables_and_columns_are_those_of_the_schema(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb", read_only=False) as store:
        assert store.schema_version() == STORE_SCHEMA_VERSION
        for spec in TABLES:
            cols = [
                (r["column_name"], r["data_type"])
                for r in store.query(
                    "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
                    "ORDER BY ordinal_position",
                    [spec.name],
                )
            ]
            assert cols == [(c.name, c.type) for c in spec.columns]  # dates DATE, JSON JSON ...


def test_every_record_is_stored_with_page_and_bbox(tmp_path: Path) -> None:
    doc = build_document("q1")
    with Store(tmp_path / "s.duckdb", read_only=False) as store:
        store.write_document(document_rows(doc))
        assert store.counts(doc.source.sha256) == record_counts(doc)
        kpi = store.query("SELECT * FROM kpis WHERE seq = 0")[0]
        assert (kpi["quarter"], kpi["financial_year"], kpi["rag_latest"], kpi["page"]) == (
            1,
            "2018/19",
            "GREEN",
            5,
        )
        assert [kpi["x0"], kpi["top"], kpi["x1"], kpi["bottom"]] == BOX
        cells = store.query("SELECT * FROM table_cells WHERE part = 'body' ORDER BY row, col")
        assert [c["text"] for c in cells] == [c for r in doc.tables[0].rows for c in r]
        assert [c["page"] for c in cells] == [3, 3, 3, 4, 4, 4]
        assert cells[4]["x0"] is None  # an empty cell has no bbox
        finding = store.query("SELECT * FROM findings")[0]
        assert (finding["reported"], finding["expected"], finding["audit_check"]) == (
            "1.5",
            "1.4",
            "column_totals",
        )
        assert json.loads(finding["pages"]) == [3, 4]
        doc_row = store.query("SELECT * FROM documents")[0]
        assert doc_row["meeting_date"] == "2023-01-04" and doc_row["pages"] == 12


def test_fields_the_schema_does_not_know_are_kept_in_extra() -> None:
    class KpiWithValue(Kpi):
        value: float
        target: float | None = None

    kpi = KpiWithValue(area="A", name="n", kpi_id="a/n", page=1, bbox=BOX, value=74.8, target=75.0)
    row = flatten(kpi, BY_NAME["kpis"], sha256="x", seq=0)
    assert json.loads(row["extra"]) == {"value": 74.8, "target": 75.0}


def test_records_of_a_kind_the_schema_does_not_know_are_kept(tmp_path: Path) -> None:
    class Observation(BaseModel):
        kpi_id: str
        measure: str
        value: float
        page: int
        bbox: list[float]

    class NewerDocument(Document):
        kpi_values: list[Observation] = []

    base = build_document("q1")
    obs = [Observation(kpi_id="a/b", measure="target", value=75.0, page=5, bbox=BOX)]
    doc = NewerDocument(**{k: getattr(base, k) for k in type(base).model_fields}, kpi_values=obs)
    with Store(tmp_path / "s.duckdb", read_only=False) as store:
        store.write_document(document_rows(doc))
        (row,) = store.query("SELECT * FROM other_records")
    assert (row["record_type"], row["seq"], row["page"], row["x1"]) == ("kpi_values", 0, 5, BOX[2])
    assert json.loads(row["data"])["value"] == 75.0


def test_writing_a_document_twice_keeps_one_copy(tmp_path: Path) -> None:
    doc = build_document("q1")
    with Store(tmp_path / "s.duckdb", read_only=False) as store:
        store.write_document(document_rows(doc))
        store.write_document(document_rows(doc))
        assert store.counts(doc.source.sha256) == record_counts(doc)
        assert store.stored() == {doc.source.sha256}


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = build_document("q1"), build_document("q2", quarter=2)
    with Store(tmp_path / "s.duckdb", read_only=False) as store:
        store.write_document(document_rows(first))
        real_insert = store._insert
        calls = []

        def failing_insert(table: str, rows: list[dict[str, object]]) -> None:
            calls.append(table)
            if len(calls) == 4:
                raise RuntimeError("disk full")
            real_insert(table, rows)

        monkeypatch.setattr(store, "_insert", failing_insert)
        with pytest.raises(RuntimeError):
            store.write_document(document_rows(second))
        assert set(store.counts(second.source.sha256).values()) == {0}
        assert store.counts(first.source.sha256) == record_counts(first)


KILL_MID_WRITE = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from extractor.corpus.records import document_rows
    from extractor.corpus.store import Store
    from tests.builtdocs import build_document

    store = Store({db!r}, read_only=False)
    store.write_document(document_rows(build_document("q1")))
    real_insert, calls = store._insert, []

    def insert_then_die(table, rows):
        real_insert(table, rows)
        calls.append(table)
        if len(calls) == 5:  # half-way through the second document's transaction
            os.kill(os.getpid(), signal.SIGKILL)

    store._insert = insert_then_die
    store.write_document(document_rows(build_document("q2", quarter=2)))
    """
)


def test_kill_9_inside_a_write_leaves_whole_documents_only(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    script = KILL_MID_WRITE.format(root=str(ROOT), db=str(db))
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == -9, run.stderr
    first, second = build_document("q1"), build_document("q2", quarter=2)
    with Store(db) as store:
        assert store.counts(first.source.sha256) == record_counts(first)
        assert set(store.counts(second.source.sha256).values()) == {0}


def test_a_store_of_another_schema_version_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    Store(db, read_only=False).close()
    con = duckdb.connect(str(db))
    con.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match="schema version 0"):
        Store(db)


def test_failures_are_recorded_and_cleared_by_a_later_success(tmp_path: Path) -> None:
    doc = build_document("q1")
    with Store(tmp_path / "s.duckdb", read_only=False) as store:
        store.write_failure(doc.source.sha256, "q1.pdf", "timeout", "timed out after 1 s")
        status = store.status()
        assert [(s["status"], s["reason"]) for s in status] == [("failed", "timed out after 1 s")]
        store.write_document(document_rows(doc))
        assert [s["status"] for s in store.status()] == ["ok"]
        assert store.failed() == set()


READ_COUNT = (
    "import duckdb; con = duckdb.connect({db!r}, read_only=True); print(len(con.execute({sql!r}).fetchall()))"
)


@pytest.mark.parametrize("name", ["s.duckdb", "memory.duckdb"])  # the second: the engine's own name
def test_a_writer_lets_go_of_the_file_after_each_write(tmp_path: Path, name: str) -> None:
    # each write attaches the file to the writer's one DuckDB engine and detaches it after, which
    # checkpoints it: another process reads every document in between, with no log to replay
    db = tmp_path / name
    store = Store(db, read_only=False)
    engines = []
    for n, doc in enumerate([build_document("q1"), build_document("q2", quarter=2)], start=1):
        store.write_document(document_rows(doc))
        engines.append(store._engine)
        assert not db.with_name(db.name + ".wal").exists()
        run = subprocess.run(
            [sys.executable, "-c", READ_COUNT.format(db=str(db), sql="SELECT sha256 FROM documents")],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip() == str(n)
    assert engines[0] is engines[1]
    second = build_document("q2", quarter=2)
    assert Store(db).counts(second.source.sha256) == record_counts(second)
