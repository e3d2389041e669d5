"""Ingest on a Dask distributed cluster (a LocalCluster with 2 workers): bad files recorded, a lost
worker's documents rescheduled, and the store the same as the process pool's."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import duckdb
import pytest

from extractor.corpus.schema import DOCUMENT_TABLES
from extractor.ingest.batch import ingest
from tests.pdfgen import Line, Page, write_pdf

distributed = pytest.importorskip("distributed")


def small_reports(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(3):
        lines = [Line(f"Budget monitoring report {n + 1}", size=14, bold=True)]
        lines += [
            Line(f"The forecast variance for service {k} is £{n + k}.{k}m this month.") for k in range(8)
        ]
        paths.append(write_pdf(folder / f"report-{n}.pdf", [Page(lines=lines, footer="Page 1")]))
    (folder / "not-a-pdf.pdf").write_text("plain text under a PDF name")
    (folder / "empty.pdf").write_bytes(b"")
    return paths


def row_counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in DOCUMENT_TABLES}
        counts["documents"] = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        counts["failures"] = con.execute("SELECT count(*) FROM failures").fetchone()[0]
        return counts
    finally:
        con.close()


def test_local_cluster_stores_what_the_process_pool_stores(tmp_path: Path) -> None:
    small_reports(tmp_path / "in")
    pool = ingest([tmp_path / "in"], tmp_path / "pool.duckdb", workers=2, timeout=120)
    cluster = ingest(
        [tmp_path / "in"], tmp_path / "cluster.duckdb", workers=2, timeout=120, scheduler="local"
    )
    assert (pool.stored, pool.failed) == (cluster.stored, cluster.failed) == (3, 2)
    assert row_counts(tmp_path / "pool.duckdb") == row_counts(tmp_path / "cluster.duckdb")


def slow_square(n: int) -> int:
    time.sleep(1.5)
    return n * n


def test_a_worker_killed_mid_batch_loses_no_task() -> None:
    from distributed import Client, LocalCluster

    from extractor.ingest.cluster import run_on_cluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        victim = next(iter(cluster.workers.values()))
        killed = threading.Event()

        def kill_one() -> None:
            # killed while it holds a task (the scheduler's view), not before it got one
            with Client(cluster.scheduler_address) as watcher:
                while not watcher.processing(workers=[victim.worker_address]).get(victim.worker_address):
                    time.sleep(0.05)
                os.kill(victim.process.process.pid, signal.SIGKILL)
                killed.set()

        threading.Thread(target=kill_one, daemon=True).start()
        results = list(
            run_on_cluster(slow_square, range(6), cluster.scheduler_address, workers=2, timeout=60)
        )
    assert killed.is_set()
    assert sorted(r.value for r in results) == [n * n for n in range(6)]
    assert all(r.failure is None for r in results)
