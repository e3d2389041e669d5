"""The store stays usable during an ingest: the writer holds it only for each document's commit, so
`extractor status` and a read-only DuckDB connection work mid-batch; a store held by someone else is
waited for briefly, then named in one line (the holder's PID and command line, what to do)."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from extractor.corpus.store import Store, StoreError
from tests.pdfgen import Line, Page, write_pdf

# enough documents, each slow enough, that the batch is still running when a reader, started after
# the first commit, gets in: with a worker process reused across documents, one page each was
# extracted and committed every 55 ms, about as long as the reader takes to connect; 150 pages
# each leave it more than a second
DOCUMENTS = 3
PAGES = 150  # each document's
SERVICES = 30
LINE_TIMEOUT_S = 300  # a guard against a hung ingest, not a measure


def reports(folder: Path) -> Path:
    """Small one-page reports, each other bytes (so each its own document)."""
    folder.mkdir(parents=True)
    for n in range(DOCUMENTS):
        pages = []
        for page in range(PAGES):
            lines = [Line(f"Budget monitoring report {n + 1}", size=14, bold=True)]
            lines += [
                Line(f"Service {k} forecasts a variance of £{n + k + page}.{k}m this month.")
                for k in range(SERVICES)
            ]
            pages.append(Page(lines=lines, footer=f"Page {page + 1}"))
        write_pdf(folder / f"report-{n}.pdf", pages)
    return folder


def extractor(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args],
        capture_output=True,
        text=True,
        timeout=LINE_TIMEOUT_S,
        env={**os.environ, **(env or {})},
    )


class Lines:
    """A process's stderr, line by line, read in a thread so a hung process cannot hang the test."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.seen: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        assert proc.stderr is not None
        stream = proc.stderr

        def read() -> None:
            for line in stream:
                self._queue.put(line.rstrip("\n"))
            self._queue.put(None)

        threading.Thread(target=read, daemon=True).start()

    def until(self, wanted: str) -> str:
        while True:
            line = self._queue.get(timeout=LINE_TIMEOUT_S)
            assert line is not None, f"stderr ended before {wanted!r}: {self.seen}"
            self.seen.append(line)
            if wanted in line:
                return line

    def rest(self) -> list[str]:
        while (line := self._queue.get(timeout=LINE_TIMEOUT_S)) is not None:
            self.seen.append(line)
        return self.seen


def read_only(db: Path) -> duckdb.DuckDBPyConnection:
    """A notebook's read-only connection; DuckDB refuses it during a commit, so try again then."""
    for _ in range(1000):
        try:
            return duckdb.connect(str(db), read_only=True)
        except duckdb.IOException as exc:
            assert "lock" in str(exc).lower(), exc
            threading.Event().wait(0.01)
    raise AssertionError("the store stayed locked")


def test_status_and_a_read_only_query_work_while_an_ingest_writes(tmp_path: Path) -> None:
    folder, db = reports(tmp_path / "in"), tmp_path / "store.duckdb"
    cmd = [sys.executable, "-m", "extractor", "ingest", str(folder), "--db", str(db), "--workers", "1", "-v"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    try:
        lines = Lines(proc)
        # the progress is shown (as plain lines: stderr is no terminal) before any document is done
        first = lines.until("ingest: ")
        assert first.startswith(f"ingest: 0/{DOCUMENTS} documents, 0/{DOCUMENTS * PAGES} pages"), first
        lines.until("stored: ")  # one document committed; the others are still to come
        con = read_only(db)
        try:
            (stored,) = con.execute("SELECT count(*) FROM documents").fetchone() or (0,)
            assert 1 <= stored < DOCUMENTS
            status = extractor("status", "--db", str(db), "--format", "json")
            assert status.returncode == 0, status.stderr
            assert len(json.loads(status.stdout)["documents"]) >= stored
            query = extractor("query", "SELECT count(*) AS n FROM documents", "--db", str(db), "-f", "json")
            assert query.returncode == 0, query.stderr
            # the ingest goes on extracting, and waits for this connection to commit: it has not finished
            waiting = lines.until("waiting")
            assert f"open for reading in process {os.getpid()} (" in waiting, waiting
            assert proc.poll() is None
        finally:
            con.close()
        seen = lines.rest()
        assert proc.wait(timeout=LINE_TIMEOUT_S) == 0, seen
    finally:
        proc.kill()
        proc.wait()
    assert sum(line.startswith("stored: ") for line in seen) == DOCUMENTS
    assert (
        f"ingest: {DOCUMENTS}/{DOCUMENTS} documents, {DOCUMENTS * PAGES}/{DOCUMENTS * PAGES} pages"
        in "\n".join(seen)
    )
    with Store(db) as store:
        assert len(store.stored()) == DOCUMENTS
        assert store.query("SELECT count(*) AS n FROM documents")[0]["n"] == DOCUMENTS


@contextmanager
def held(db: Path, read_only: bool) -> Iterator[int]:
    """Another process holding the store (as a notebook would), until the block ends; yields its PID."""
    code = "import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == 'ro'); "
    code += "print('held', flush=True); sys.stdin.read()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(db), "ro" if read_only else "rw"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "held\n"
        yield proc.pid
    finally:
        proc.kill()
        proc.wait()


def test_a_store_held_by_another_process_is_named_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    Store(db, read_only=False).close()
    with held(db, read_only=False) as pid:
        run = extractor("status", "--db", str(db), env={"EXTRACTOR_LOCK_WAIT": "1"})
        assert run.returncode == 4
        (line,) = run.stderr.splitlines()
        assert f"locked for writing by process {pid} ({sys.executable} -c import duckdb" in line, line
        assert "wait for it to finish, or close that connection" in line
        assert "read_only=True" in line and "Traceback" not in run.stderr
        with pytest.raises(StoreError, match=f"process {pid} "):
            Store(db, wait_s=0.2)
    with held(db, read_only=True) as pid:
        with Store(db) as store:  # readers share the store
            assert store.stored() == set()
        with pytest.raises(StoreError) as caught:
            Store(db, read_only=False, wait_s=0.2)
        message = str(caught.value)
        assert f"open for reading in process {pid} (" in message and "blocks writing" in message
        assert len(message.splitlines()) == 1
