"""Run one task per process, N at a time, each under a wall-clock timeout and a memory limit.

Why not concurrent.futures: a pool worker that hangs cannot be cancelled and one that is killed
(out of memory, a crash in C code) breaks the whole pool. Here every document gets a fresh
process forked from a single-threaded fork server that has already imported the pipeline, so a
process is cheap, can be killed on its own, and hands back all its memory when it ends.

Workers die with the batch: the fork server and each worker set PR_SET_PDEATHSIG, so when the
parent process is gone (even after kill -9) the fork server is killed, and its workers with it.
"""

from __future__ import annotations

import ctypes
import fcntl
import multiprocessing as mp
import os
import resource
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

A = TypeVar("A")
PR_SET_PDEATHSIG = 1
# the limits one document runs under, in `extract` as in `ingest`
DEFAULT_TIMEOUT_S = 900.0
DEFAULT_MEMORY_MB = 4096
PIPE_BYTES = 1 << 20  # a result's pipe (`_widen`)


@dataclass
class TaskResult(Generic[A]):
    arg: A
    value: Any = None  # what the task returned, when it finished
    failure: str | None = None  # "timeout", "memory" or "crash"
    reason: str | None = None
    seconds: float = 0.0
    # for a timeline of the batch: when the task's process began and ended (`time.monotonic()`,
    # one clock for every process of this machine), the CPU seconds it used (None: it did not
    # say: killed, or died), and which of the `workers` slots it ran in
    began: float = 0.0
    ended: float = 0.0
    cpu_seconds: float | None = None
    slot: int = 0


def die_with_parent(expected_parent: int | None = None) -> None:
    """Have the kernel kill this process when its parent ends (Linux; elsewhere nothing)."""
    if sys.platform.startswith("linux"):
        parent = expected_parent or os.getppid()
        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except OSError:
            pass
        if os.getppid() != parent:  # the parent died before the signal was armed
            os._exit(1)


def _send(conn: Connection, message: tuple[str, Any, float, float, float]) -> None:
    """Hand the result back; a parent that is gone gets nothing (and no traceback is printed)."""
    try:
        conn.send(message)
    except (BrokenPipeError, EOFError, OSError):
        os._exit(1)


def _address_space() -> int:
    """Current virtual memory size in bytes (Linux), 0 when unknown."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _child(conn: Connection, fn: Callable[[Any], Any], arg: Any, memory_mb: int | None) -> None:
    began = time.monotonic()
    die_with_parent()
    if memory_mb:
        # the limit is on memory the task adds, so it does not depend on what the imports took
        limit = _address_space() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    over = f"over the memory limit of {memory_mb} MB"
    try:
        status, value = "ok", fn(arg)
    except MemoryError:
        status, value = "memory", over
    # a forked process's CPU clock starts at zero
    try:
        _send(conn, (status, value, began, time.monotonic(), time.process_time()))
    except MemoryError:
        _send(conn, ("memory", over, began, time.monotonic(), time.process_time()))
    conn.close()


def _widen(conn: Connection) -> None:
    """A result's pipe made 1 MiB wide (Linux): through the default 64 KiB a document's rows (a few
    MB) pass in dozens of turns of writer and reader, each waiting to be scheduled on a busy machine."""
    try:
        fcntl.fcntl(conn.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
    except OSError:  # above the system's limit (/proc/sys/fs/pipe-max-size), or not Linux
        pass


@dataclass
class _Running(Generic[A]):
    arg: A
    process: BaseProcess
    conn: Connection
    started: float
    slot: int


def _context(preload: list[str], start_method: str | None) -> Any:
    if start_method in mp.get_all_start_methods():
        return mp.get_context(start_method)
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["extractor.ingest.orphans", *preload])
        return ctx
    return mp.get_context("spawn")


def start_server(preload: list[str]) -> None:
    """Start the fork server now, without waiting: it imports `preload` while this process gets on
    with other work (finding and hashing the files), instead of when the first task starts."""
    if _context(preload, None).get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def run_tasks(
    fn: Callable[[A], Any],
    args: Iterable[A],
    workers: int,
    timeout: float | None = None,
    memory_mb: int | None = None,
    preload: list[str] | None = None,
    start_method: str | None = None,
) -> Iterator[TaskResult[A]]:
    """Yield one TaskResult per arg, in completion order. `fn` must be a module-level function.

    `start_method` "fork" suits a single-threaded parent that has imported what `fn` needs; the
    default (a fork server with `preload` imported) suits a parent with threads (DuckDB's)."""
    ctx = _context(preload or [], start_method)
    pending = list(args)
    pending.reverse()
    running: list[_Running[A]] = []
    ended: list[_Running[A]] = []  # out of their slots, results not yet read
    slots = max(1, workers)

    def launch() -> None:
        while pending and len(running) < slots:
            arg = pending.pop()
            recv, send = ctx.Pipe(duplex=False)
            _widen(send)
            proc = ctx.Process(target=_child, args=(send, fn, arg, memory_mb), daemon=True)
            proc.start()
            send.close()
            slot = min(set(range(slots)) - {r.slot for r in running})
            running.append(_Running(arg, proc, recv, time.monotonic(), slot))

    try:
        launch()
        while running:
            wait_for = None
            if timeout is not None:
                wait_for = max(0.0, min(r.started + timeout for r in running) - time.monotonic())
            wait([r.conn for r in running] + [r.process.sentinel for r in running], wait_for)
            ended = [job for job in running if _ended(job, timeout)]
            for job in ended:
                running.remove(job)
            # the next tasks start before these results are read (a big one takes a while to come
            # through the pipe) and before the caller gets them (it writes a document to the
            # store), so no slot waits for either
            launch()
            while ended:
                yield _collect(ended.pop(0), timeout, memory_mb)
    finally:
        for job in running + ended:
            job.process.kill()
            job.process.join()


def _ended(job: _Running[A], timeout: float | None) -> bool:
    """Whether the job is done with its slot: its result is coming, it has died, or it overran."""
    if job.conn.poll() or not job.process.is_alive():
        return True
    return timeout is not None and time.monotonic() - job.started >= timeout


def _collect(job: _Running[A], timeout: float | None, memory_mb: int | None) -> TaskResult[A]:
    """The result of a job that has ended (`_ended`): what it sent, or how it died or overran."""
    now = time.monotonic()
    result = TaskResult(job.arg, seconds=now - job.started, began=job.started, ended=now, slot=job.slot)
    if job.conn.poll():
        try:
            status, result.value, result.began, result.ended, result.cpu_seconds = job.conn.recv()
        except (EOFError, OSError):
            status = "crash"
        job.process.join()
        job.conn.close()
        if status == "memory":
            result.failure, result.reason, result.value = "memory", str(result.value), None
        elif status != "ok":
            result.failure, result.reason = "crash", _died(job.process, memory_mb)
        return result
    if not job.process.is_alive():
        job.process.join()
        job.conn.close()
        result.failure, result.reason = "crash", _died(job.process, memory_mb)
        return result
    job.process.kill()
    job.process.join()
    job.conn.close()
    result.failure, result.reason = "timeout", f"timed out after {timeout:g} s"
    return result


def _died(process: BaseProcess, memory_mb: int | None) -> str:
    code = process.exitcode
    how = f"killed by {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit code {code}"
    limit = f", possibly over the memory limit of {memory_mb} MB" if memory_mb else ""
    return f"worker died with no result ({how}){limit}"
