"""Batch ingestion: find every PDF once, skip what the store holds, extract in worker processes,
write each document from this (the only writing) process, and record every failure with its reason.

Documents are keyed by the SHA-256 of their bytes, so a re-run (after success, a crash or kill -9)
skips what is stored and finishes the rest; the same bytes under two paths are one document.
The store is opened for each document's commit and closed after it, so `extractor status`, `query`
and read-only notebooks can read it between commits while the batch runs.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from extractor.corpus.locking import COMMIT_WAIT_S
from extractor.corpus.store import Store
from extractor.garbage import fewer_collections
from extractor.ingest import server
from extractor.ingest.job import Extracted, Job, extract_job
from extractor.ingest.pagecount import page_counts
from extractor.ingest.pool import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S, TaskResult, run_tasks
from extractor.ingest.progress import Progress
from extractor.ingest.server import PRELOAD
from extractor.ingest.timeline import Timeline
from extractor.schemas.paths import printable_path, special_file

PDF_SUFFIX = ".pdf"
# documents one worker process extracts before a fresh one takes over (see pool.py): enough that
# starting processes costs little, few enough that what a long-lived process accumulates stays small
TASKS_PER_PROCESS = 50


@dataclass
class IngestSummary:
    found: int = 0
    stored: int = 0
    failed: int = 0
    skipped: int = 0  # already stored, or failed before (without --retry-failed)
    not_files: list[tuple[str, str]] = field(default_factory=list)  # special files etc., with why
    duplicates: int = 0  # same bytes as another path in this batch
    pages: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)
    linked: int = 0  # stored documents attached to the meeting of a stored pack holding their pages

    def line(self) -> str:
        rate = ""
        if self.stored and self.seconds > 0:
            rate = (
                f"; {self.stored / self.seconds * 60:.1f} documents/minute, "
                f"{self.pages / self.seconds:.1f} pages/second"
            )
        return (
            f"ingest: {self.found} PDF(s) found, {self.stored} stored ({self.pages} pages), "
            f"{self.failed} failed, {self.skipped} skipped, {self.duplicates} duplicate(s)"
            f"{f', {len(self.not_files)} not a file' if self.not_files else ''} "
            f"in {self.seconds:.1f} s{rate}"
        )


def discover(paths: Iterable[str | Path], skipped: list[tuple[str, str]] | None = None) -> list[Path]:
    """Files as given, and every *.pdf under each folder (recursively), each path once, in order.

    Special files (FIFOs, devices, sockets), symbolic links that loop or lead nowhere, and folders
    that cannot be listed are left out, with the reason in `skipped`, before anything reads them
    (a FIFO would block the first read for ever)."""
    found: list[Path] = []
    seen: set[Path] = set()
    skip = skipped if skipped is not None else []
    for given in paths:
        p = Path(given)
        if p.is_dir():
            candidates = _walk(p, skip)
        else:
            candidates = [p]
        for f in candidates:
            why = unreadable(f)
            if why:
                skip.append((printable_path(f), why))
                continue
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                found.append(f)
    return found


def _walk(folder: Path, skipped: list[tuple[str, str]]) -> list[Path]:
    """Every *.pdf under `folder`, not following links to folders (so a link loop cannot recur)."""

    def report(exc: OSError) -> None:
        skipped.append((printable_path(exc.filename or folder), f"cannot list: {exc.strerror or exc}"))

    out: list[Path] = []
    for root, _dirs, files in os.walk(folder, onerror=report):
        out.extend(Path(root, name) for name in files if Path(name).suffix.lower() == PDF_SUFFIX)
    return sorted(out)


def unreadable(path: Path) -> str | None:
    """Why a path is not a file to read (without opening it), or None for a regular file."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop"
        if path.is_symlink():
            return "a symbolic link to nothing"
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return None
    if kind := special_file(path):
        return f"{kind}, not a file"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def plan(files: list[Path], store: Store, retry_failed: bool, summary: IngestSummary) -> list[Job]:
    """Hash every file; keep those not stored (nor failed, unless retrying), each sha once."""
    with store:
        stored, failed = store.stored(), store.failed()
    jobs: list[Job] = []
    queued: set[str] = set()
    sources: list[tuple[str, str]] = []  # known bytes at another path, written in one transaction
    for f in files:
        try:
            sha = sha256_file(f)
        except OSError as exc:
            summary.failed += 1
            summary.failures.append((printable_path(f), f"cannot read: {exc.strerror or exc}"))
            continue
        if sha in stored or (sha in failed and not retry_failed):
            summary.skipped += 1
            sources.append((sha, printable_path(f)))
        elif sha in queued:
            summary.duplicates += 1
            sources.append((sha, printable_path(f)))
        else:
            queued.add(sha)
            jobs.append(Job(str(f), sha))
    store.add_sources(sources)
    return jobs


def largest_first(jobs: list[Job], pages: list[int | None]) -> list[tuple[Job, int | None]]:
    """Jobs with their page counts, most pages first (by size where the count is unknown), so
    parallel workers do not end waiting on one big pack started last."""
    sizes = [Path(j.path).stat().st_size for j in jobs]
    paired = sorted(zip(jobs, pages, sizes, strict=True), key=lambda t: (t[1] is None, -(t[1] or 0), -t[2]))
    return [(job, n) for job, n, _ in paired]


def ingest(
    paths: Iterable[str | Path],
    db: str | Path,
    workers: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT_S,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    retry_failed: bool = False,
    progress: Progress | None = None,
    on_document: Callable[[str, str, str], None] | None = None,
    scheduler: str | None = None,
    timeline: Timeline | None = None,
) -> IngestSummary:
    """Ingest every PDF under `paths` into the store at `db`; returns what happened.

    `on_document(status, path, detail)` is called after each document is committed
    (status "stored" or "failed"). `scheduler` ("local" or a Dask scheduler's address) runs the
    documents on a Dask cluster instead of this machine's process pool.
    """
    start = time.monotonic()
    clock = timeline or Timeline()
    if not scheduler:
        server.start()  # the fork server warms up while the files are found, hashed and counted
    summary = IngestSummary()
    bar = progress or Progress()
    with clock.step("discover"):
        files = discover(paths, summary.not_files)
    summary.found = len(files)
    # held only for each transaction: readers get in between (a reader in the way is waited for)
    with clock.step("open"):
        store = Store(db, read_only=False, on_wait=bar.write)
    with clock.step("plan"):
        jobs = plan(files, store, retry_failed, summary)
    store.wait_s = COMMIT_WAIT_S  # from now on, work would be lost: wait longer for a reader to let go
    with clock.step("count"):
        ordered = largest_first(jobs, page_counts([j.path for j in jobs]))
    jobs = [job for job, _ in ordered]
    # DuckDB imports pandas at the first Arrow table it reads (half a CPU second): done now, while
    # the fork server warms up, rather than at the first write, when the workers want every core
    import pandas  # noqa: F401

    bar.begin((job.name, pages) for job, pages in ordered)
    n = workers or os.cpu_count() or 1
    try:
        if scheduler:
            from extractor.ingest.cluster import run_on_cluster

            tasks = run_on_cluster(extract_job, jobs, scheduler, n, timeout, memory_mb, PRELOAD)
        else:
            tasks = run_tasks(
                extract_job,
                jobs,
                workers=n,
                timeout=timeout,
                memory_mb=memory_mb,
                preload=PRELOAD,
                tasks_per_process=TASKS_PER_PROCESS,
            )
        # each result unpickled and written makes tens of thousands of objects, nearly all freed by
        # reference counting: collections walking this process's imports (DuckDB, pyarrow, pandas)
        # cost a tenth of its writing time
        with fewer_collections():
            for result in tasks:
                clock.ran(result.arg.name, result.slot, result.began, result.ended, result.cpu_seconds)
                with clock.step("write", result.arg.name):
                    _commit(store, result, summary, bar, on_document)
    finally:
        bar.close()
        # a pack stored in this batch (or a report whose pack was stored before) is linked now
        with clock.step("link"):
            summary.linked = len(store.link_packs())
    clock.finish()
    summary.seconds = time.monotonic() - start
    return summary


def _commit(
    store: Store,
    result: TaskResult[Job],
    summary: IngestSummary,
    bar: Progress,
    on_document: Callable[[str, str, str], None] | None,
) -> None:
    """One document's result into the store (its rows, or why it failed), in one transaction."""
    job, value = result.arg, result.value
    if isinstance(value, Extracted) and value.rows is not None:
        store.write_document(value.rows, job.name)
        summary.stored += 1
        summary.pages += value.rows.pages
        bar.advance(job.name, pages=value.rows.pages)
        if on_document:
            on_document("stored", job.name, f"{value.rows.pages} pages")
        return
    if isinstance(value, Extracted):
        kind, reason = value.kind or "error", value.reason or "unknown"
    else:
        kind, reason = result.failure or "crash", result.reason or "unknown"
    store.write_failure(job.sha256, job.name, kind, reason)
    summary.failed += 1
    summary.failures.append((job.name, reason))
    bar.advance(job.name, failed=True)
    if on_document:
        on_document("failed", job.name, reason)
