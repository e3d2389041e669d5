"""Batch ingestion of real sample PDFs mixed with bad files: each good document stored once, each
bad one recorded with its reason, re-runs skip, and a batch killed with SIGKILL resumes cleanly."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from extractor.corpus.store import Store
from extractor.ingest.batch import discover, ingest, sha256_file
from tests.badfiles import make_bad_files
from tests.test_bad_input import EXPECTED as BAD_REASONS

Batch = tuple[Path, dict[str, Path]]
Ingested = tuple[Path, subprocess.CompletedProcess[str]]
QPRS = ("qpr_2018-19_q1_A.pdf", "qpr_2018-19_q1_B.pdf", "qpr_2018-19_q1_D.pdf")
PACK = "cabinet_pack_2024-01-04_A.pdf"  # holds a later QPR, so KPIs can be followed across quarters


def extractor(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args], capture_output=True, text=True, timeout=timeout
    )


def status(db: Path) -> list[dict[str, Any]]:
    run = extractor("status", "--db", str(db), "--format", "json")
    assert run.returncode == 0, run.stderr
    docs: list[dict[str, Any]] = json.loads(run.stdout)["documents"]
    return docs


def truth_pages(samples: Path, name: str) -> int:
    pages: int = json.loads((samples / name).with_suffix(".truth.json").read_text())["pages"]
    return pages


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory, samples: Path) -> Batch:
    """A folder tree: the three QPR samples (one nested), an agenda pack, a byte-identical copy,
    one bad file of each kind."""
    root = tmp_path_factory.mktemp("batch")
    (root / "qpr" / "nested").mkdir(parents=True)
    shutil.copy(samples / QPRS[0], root / "qpr" / QPRS[0])
    shutil.copy(samples / QPRS[1], root / "qpr" / QPRS[1])
    shutil.copy(samples / QPRS[2], root / "qpr" / "nested" / QPRS[2])
    shutil.copy(samples / QPRS[0], root / "qpr" / "nested" / "COPY OF REPORT.PDF")
    shutil.copy(samples / PACK, root / PACK)
    (root / "qpr" / "notes.txt").write_text("not a PDF by name, so not ingested")
    return root, make_bad_files(samples / QPRS[0], root / "bad")


@pytest.fixture(scope="module")
def ingested(batch: Batch, tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    db = tmp_path_factory.mktemp("store") / "store.duckdb"
    return db, extractor("ingest", str(batch[0]), "--db", str(db), "--workers", "2")


def test_discovery_finds_every_pdf_once_recursively(batch: Batch) -> None:
    root, bad = batch
    found = discover([root, root / "qpr" / QPRS[0]])
    names = sorted(p.name for p in found)
    assert names == sorted([*QPRS, PACK, "COPY OF REPORT.PDF", *(p.name for p in bad.values())])


def test_good_documents_are_stored_once_and_bad_ones_reported(
    ingested: Ingested, batch: Batch, samples: Path
) -> None:
    db, run = ingested
    assert run.returncode == 0, run.stderr
    assert "\r[" not in run.stderr  # no progress bar when stderr is not a terminal
    assert "4 stored" in run.stderr and "6 failed" in run.stderr and "1 duplicate" in run.stderr
    docs = status(db)
    ok = {d["sha256"]: d for d in docs if d["status"] == "ok"}
    assert set(ok) == {sha256_file(samples / name) for name in (*QPRS, PACK)}
    for name in (*QPRS, PACK):
        assert ok[sha256_file(samples / name)]["pages"] == truth_pages(samples, name)
    failed = {Path(d["path"]).name: d["reason"] for d in docs if d["status"] == "failed"}
    bad = batch[1]
    assert set(failed) == {p.name for p in bad.values()}
    for kind, path in bad.items():
        assert BAD_REASONS[kind] in failed[path.name]
    with Store(db, read_only=True) as store:
        paths = store.query("SELECT path FROM sources WHERE sha256 = ?", [sha256_file(samples / QPRS[0])])
        assert {Path(p["path"]).name for p in paths} == {QPRS[0], "COPY OF REPORT.PDF"}


def test_a_rerun_skips_everything_already_known(ingested: Ingested, batch: Batch) -> None:
    db, _ = ingested
    before = status(db)
    run = extractor("ingest", str(batch[0]), "--db", str(db))
    assert run.returncode == 0, run.stderr
    assert "0 stored" in run.stderr and "0 failed" in run.stderr and "11 skipped" in run.stderr
    assert status(db) == before


def test_a_slow_document_times_out_and_is_retried_on_request(tmp_path: Path, samples: Path) -> None:
    db, pdf = tmp_path / "s.duckdb", samples / QPRS[2]
    first = ingest([pdf], db, workers=1, timeout=0.05)
    assert (first.failed, first.failures[0][1]) == (1, "timed out after 0.05 s")
    retried = ingest([pdf], db, workers=1, timeout=0.1, retry_failed=True)
    assert (retried.skipped, retried.failed, retried.failures[0][1]) == (0, 1, "timed out after 0.1 s")
    with Store(db, read_only=True) as store:
        (doc,) = store.status()
    assert doc["status"] == "failed" and doc["reason"] == "timed out after 0.1 s"


def test_a_document_over_the_memory_limit_is_recorded(tmp_path: Path, samples: Path) -> None:
    db = tmp_path / "s.duckdb"
    # the pack: its tables need more than the megabyte; a short QPR fits in what the fork server's
    # warm-up freed before the worker was forked
    summary = ingest([samples / PACK], db, workers=1, memory_mb=1)
    assert summary.failed == 1 and summary.stored == 0
    with Store(db, read_only=True) as store:
        (doc,) = store.status()
    assert doc["status"] == "failed" and "memory limit of 1 MB" in doc["reason"]


def test_kill_9_mid_batch_then_rerun_stores_each_document_exactly_once(
    ingested: Ingested, tmp_path: Path, samples: Path
) -> None:
    clean_db, _ = ingested
    db = tmp_path / "killed.duckdb"
    pdfs = [str(samples / name) for name in QPRS]
    cmd = [sys.executable, "-m", "extractor", "ingest", *pdfs, "--db", str(db), "--workers", "1", "-v"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    for line in proc.stderr:  # wait until the first document is committed
        if line.startswith("stored:"):
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    with Store(db, read_only=True) as store:
        assert 1 <= len(store.stored()) < len(QPRS)  # killed mid-batch
    run = extractor("ingest", *pdfs, "--db", str(db), "--workers", "2")
    assert run.returncode == 0, run.stderr
    with Store(db, read_only=True) as killed, Store(clean_db, read_only=True) as clean:
        shas = {sha256_file(Path(p)) for p in pdfs}
        assert killed.stored() == shas
        assert killed.query("SELECT count(*) AS n FROM documents")[0]["n"] == len(QPRS)
        for sha in shas:
            assert killed.counts(sha) == clean.counts(sha)


def test_series_follows_a_kpi_across_quarters_of_the_samples(ingested: Ingested) -> None:
    db, _ = ingested
    run = extractor("series", "--db", str(db), "--format", "json")
    assert run.returncode == 0, run.stderr
    periods: dict[str, list[tuple[str, int]]] = {}
    for row in json.loads(run.stdout)["rows"]:
        periods.setdefault(row["kpi_id"], []).append((row["financial_year"], row["quarter"]))
    followed = {k: p for k, p in periods.items() if len(set(p)) >= 2}
    assert followed, periods
    for p in followed.values():
        assert p == sorted(p)  # in period order
    some_id = sorted(followed)[0]
    narrowed = json.loads(extractor("series", "--db", str(db), "--kpi", some_id.upper()).stdout)["rows"]
    assert {r["kpi_id"] for r in narrowed} == {some_id}
