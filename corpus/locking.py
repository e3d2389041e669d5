"""Opening the store when another process may hold it: wait briefly, then say who holds it.

DuckDB lets one process write a file, or many read it, never both at once, and refuses at once
(it does not queue). The ingest holds the store only while it commits a document, so a reader
that finds it locked waits a little and gets in; a lock held for longer is someone else's (a
notebook's read-write connection, an older ingest, another tool), and the error names that
process and what to do. DuckDB's lock error names the holder's PID; its command line comes
from /proc where it can be read.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import duckdb

from extractor.schemas.errors import ExtractorError

# how long opening the store waits for a lock (EXTRACTOR_LOCK_WAIT overrides): one commit is far shorter
LOCK_WAIT_S = 10.0
# how long the ingest, once running, waits to commit a document (a notebook may hold the store a while)
COMMIT_WAIT_S = 600.0
NOTICE_AFTER_S = 2.0  # a writer's wait this long is told (once) through `on_wait`
_PID = re.compile(r"\(PID (\d+)\)")
T = TypeVar("T")


class StoreError(ExtractorError):
    """The store cannot be used (locked by another process, another schema version...)."""

    exit_code = 4


def lock_wait_s() -> float:
    """Seconds to wait for a lock when opening the store."""
    try:
        return float(os.environ.get("EXTRACTOR_LOCK_WAIT", LOCK_WAIT_S))
    except ValueError:
        return LOCK_WAIT_S


def is_lock_error(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, duckdb.Error) and ("could not set lock" in text or "conflicting lock" in text)


def holder(text: str) -> str:
    """'PID 123 (extractor ingest ...)' from DuckDB's lock error; the command line where readable."""
    found = _PID.search(text)
    if not found:
        return "another process"
    pid = found.group(1)
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return f"process {pid}"
    command = " ".join(part.decode("utf-8", "replace") for part in raw.split(b"\0") if part)
    if len(command) > 160:
        command = command[:157] + "..."
    return f"process {pid} ({command})" if command else f"process {pid}"


def locked(name: str, exc: BaseException, waited: float) -> StoreError:
    """One line: who holds the store and what to do."""
    text = str(exc)
    who = holder(text)
    if "read-only mode" in text:  # DuckDB says so when the holder only reads: this one writes
        return StoreError(
            f"{name}: open for reading in {who} for over {waited:.0f} s, which blocks writing; "
            "close that connection (extractor.Store(path) holds the store only during each call)"
        )
    return StoreError(
        f"{name}: locked for writing by {who} for over {waited:.0f} s; wait for it to finish, or close "
        "that connection (in notebooks open the store read-only: extractor.Store(path) or "
        "duckdb.connect(path, read_only=True))"
    )


def connect(
    path: Path,
    name: str,
    read_only: bool,
    wait_s: float,
    on_wait: Callable[[str], None] | None = None,
) -> duckdb.DuckDBPyConnection:
    """A connection to the file, retrying for up to `wait_s` seconds while another process holds it."""
    return wait_for_lock(lambda: duckdb.connect(str(path), read_only=read_only), name, wait_s, on_wait)


def wait_for_lock(
    open_file: Callable[[], T],
    name: str,
    wait_s: float,
    on_wait: Callable[[str], None] | None = None,
) -> T:
    """`open_file()`, tried again for up to `wait_s` seconds while another process holds the file."""
    start = time.monotonic()
    pause, told = 0.01, False
    while True:
        try:
            return open_file()
        except duckdb.Error as exc:
            if not is_lock_error(exc):
                raise
            waited = time.monotonic() - start
            if waited >= wait_s:
                raise locked(name, exc, waited) from None
            if on_wait is not None and not told and waited >= NOTICE_AFTER_S:
                on_wait(f"waiting (up to {wait_s:.0f} s) for the store: {locked(name, exc, waited)}")
                told = True
        time.sleep(min(pause, max(wait_s - (time.monotonic() - start), 0.0)))
        pause = min(pause * 2, 0.25)
