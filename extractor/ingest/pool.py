"""Run tasks in worker processes, N at a time, each task under a wall-clock timeout and a memory limit.

Why not concurrent.futures: a pool worker that hangs cannot be cancelled and one that is killed
(out of memory, a crash in C code) breaks the whole pool. Here each worker is a process forked
from a single-threaded fork server that has already imported the pipeline, so a process is cheap
and can be killed on its own: a task that overruns, or kills its process, costs that task only,
and the next one starts in a new process. A worker runs up to `tasks_per_process` tasks one after
another: in a fresh process every cache starts cold and each page of the server's memory the
task writes to is copied (measured with valgrind: an 18-page report took 3.27 G instructions in a
fresh process, 2.94 G after another report in the same one), so the batch reuses its workers, and
still hands their memory back now and then (`RETIRE_GROWTH_MB`).

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
from multiprocessing.reduction import ForkingPickler
from typing import Any, Generic, TypeVar, cast

A = TypeVar("A")
PR_SET_PDEATHSIG = 1
# the limits one document runs under, in `extract` as in `ingest`
DEFAULT_TIMEOUT_S = 900.0
DEFAULT_MEMORY_MB = 4096
PIPE_BYTES = 1 << 20  # a result's pipe (`_widen`)
# a worker that has grown by this much since it started ends after its task: Python seldom hands
# freed memory back, so a process that once read a huge document would hold its peak for good
RETIRE_GROWTH_MB = 1024
RETIRE_WAIT_S = 5.0  # for a worker told there is no more work to end, before it is killed


@dataclass
class TaskResult(Generic[A]):
    arg: A
    value: Any = None  # what the task returned, when it finished
    failure: str | None = None  # "timeout", "memory" or "crash"
    reason: str | None = None
    seconds: float = 0.0
    # for a timeline of the batch: when the task began and ended (`time.monotonic()`, one clock
    # for every process of this machine), the CPU seconds it used (None: it did not say: killed,
    # or died), and which of the `workers` slots it ran in
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


def _address_space() -> int:
    """Current virtual memory size in bytes (Linux), 0 when unknown."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _serve(
    jobs: Connection, results: Connection, fn: Callable[[Any], Any], memory_mb: int | None, tasks: int
) -> None:
    """A worker: up to `tasks` tasks, one after another, each under the memory limit. Each result
    goes back as a header (status, began, ended, CPU seconds, whether this process takes another
    task) and the pickled value. It ends when its jobs pipe is closed (no more work, or the batch
    is gone), after its last task, after one that ran out of memory, or once it has grown past
    RETIRE_GROWTH_MB."""
    die_with_parent()
    start = _address_space()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    for done in range(1, tasks + 1):
        try:
            arg = jobs.recv()
        except (EOFError, OSError):
            break
        began, cpu = time.monotonic(), time.process_time()
        if memory_mb:
            # the limit is on memory the task adds, so it depends neither on what the imports took
            # nor on what earlier tasks left; the soft limit only, so that it can be lifted after
            resource.setrlimit(resource.RLIMIT_AS, (_address_space() + memory_mb * 1024 * 1024, hard))
        try:
            status, payload = "ok", bytes(ForkingPickler.dumps(fn(arg)))
        except MemoryError:
            status, payload = "memory", b""
        if memory_mb:
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        # a process that ran out of memory may hold half-built state, and one that has grown holds
        # on to what it took: the next task gets a fresh process
        more = done < tasks and status == "ok" and _address_space() - start <= RETIRE_GROWTH_MB * 1024 * 1024
        _send(results, (status, began, time.monotonic(), time.process_time() - cpu, more), payload)
        if not more:
            break
    results.close()


def _send(conn: Connection, header: tuple[str, float, float, float, bool], payload: bytes) -> None:
    """Hand a result back; a parent that is gone gets nothing (and no traceback is printed)."""
    try:
        conn.send(header)
        conn.send_bytes(payload)
    except (BrokenPipeError, EOFError, OSError):
        os._exit(1)


def _widen(conn: Connection) -> None:
    """A result's pipe made 1 MiB wide (Linux): through the default 64 KiB a document's rows (a few
    MB) pass in dozens of turns of writer and reader, each waiting to be scheduled on a busy machine."""
    try:
        fcntl.fcntl(conn.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
    except OSError:  # above the system's limit (/proc/sys/fs/pipe-max-size), or not Linux
        pass


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


@dataclass
class _Worker(Generic[A]):
    process: BaseProcess
    jobs: Connection  # this process's end: tasks go out
    results: Connection  # this process's end: results come in
    slot: int
    arg: A | None = None  # its task, while it has one
    started: float = 0.0
    busy: bool = False


def run_tasks(
    fn: Callable[[A], Any],
    args: Iterable[A],
    workers: int,
    timeout: float | None = None,
    memory_mb: int | None = None,
    preload: list[str] | None = None,
    start_method: str | None = None,
    tasks_per_process: int = 1,
) -> Iterator[TaskResult[A]]:
    """Yield one TaskResult per arg, in completion order. `fn` must be a module-level function.

    `start_method` "fork" suits a single-threaded parent that has imported what `fn` needs; the
    default (a fork server with `preload` imported) suits a parent with threads (DuckDB's).
    A worker runs up to `tasks_per_process` tasks (1: every task in a fresh process)."""
    ctx = _context(preload or [], start_method)
    pending = list(args)
    pending.reverse()
    pool: list[_Worker[A]] = []
    slots = max(1, workers)

    def assign() -> None:
        for worker in pool:
            if not worker.busy and pending:
                _give(worker, pending.pop())
        for worker in [w for w in pool if not w.busy]:
            _retire(pool, worker)  # no work left for it
        while pending and len(pool) < slots:
            slot = min(set(range(slots)) - {w.slot for w in pool})
            worker = _start(ctx, fn, memory_mb, tasks_per_process, slot)
            pool.append(worker)
            _give(worker, pending.pop())

    try:
        assign()
        while pool:
            wait_for = None
            if timeout is not None:
                wait_for = max(0.0, min(w.started + timeout for w in pool) - time.monotonic())
            wait([w.results for w in pool] + [w.process.sentinel for w in pool], wait_for)
            ended: list[tuple[TaskResult[A], bytes | None]] = []
            for worker in list(pool):
                done = _receive(worker, timeout, memory_mb)
                if done is None:
                    continue
                result, payload, more = done
                if not more:
                    _retire(pool, worker)
                ended.append((result, payload))
            # the next tasks go out before these results are unpickled (a big one takes a while)
            # and before the caller gets them (it writes a document to the store), so no slot
            # waits for either
            assign()
            for result, payload in ended:
                if payload is not None:
                    result.value = ForkingPickler.loads(payload)
                yield result
    finally:
        for worker in pool:
            worker.process.kill()
            worker.process.join()
            _close(worker)


def _start(ctx: Any, fn: Callable[[Any], Any], memory_mb: int | None, tasks: int, slot: int) -> _Worker[Any]:
    take_jobs, give_jobs = ctx.Pipe(duplex=False)
    take_results, give_results = ctx.Pipe(duplex=False)
    _widen(give_results)
    proc = ctx.Process(target=_serve, args=(take_jobs, give_results, fn, memory_mb, tasks), daemon=True)
    proc.start()
    take_jobs.close()
    give_results.close()
    return _Worker(proc, give_jobs, take_results, slot)


def _give(worker: _Worker[A], arg: A) -> None:
    worker.arg, worker.started, worker.busy = arg, time.monotonic(), True
    try:
        worker.jobs.send(arg)
    except OSError:
        pass  # it has died: found out when it is waited for


def _retire(pool: list[_Worker[A]], worker: _Worker[A]) -> None:
    """Out of the pool: its jobs pipe closed, it ends by itself (or is killed if it does not)."""
    pool.remove(worker)
    _close(worker)
    worker.process.join(RETIRE_WAIT_S)
    if worker.process.is_alive():
        worker.process.kill()
        worker.process.join()


def _close(worker: _Worker[A]) -> None:
    worker.jobs.close()
    worker.results.close()


def _receive(
    worker: _Worker[A], timeout: float | None, memory_mb: int | None
) -> tuple[TaskResult[A], bytes | None, bool] | None:
    """A busy worker's result (the value still pickled) and whether it takes another task; or how
    it died or that it overran. None while it is at work."""
    if not worker.busy:
        return None
    now, began = time.monotonic(), worker.started
    result = TaskResult(cast(A, worker.arg), seconds=now - began, began=began, ended=now, slot=worker.slot)
    if worker.results.poll():
        status, payload, more = "crash", None, False
        try:
            status, result.began, result.ended, result.cpu_seconds, more = worker.results.recv()
            payload = worker.results.recv_bytes()
        except (EOFError, OSError):
            status = "crash"  # it died before its result was all through
        worker.busy = False
        if status == "ok":
            return result, payload, more
        if status == "memory":
            result.failure, result.reason = "memory", f"over the memory limit of {memory_mb} MB"
            return result, None, False
        worker.process.join()
        result.failure, result.reason = "crash", _died(worker.process, memory_mb)
        return result, None, False
    if not worker.process.is_alive():
        worker.process.join()
        worker.busy = False
        result.failure, result.reason = "crash", _died(worker.process, memory_mb)
        return result, None, False
    if timeout is not None and now - worker.started >= timeout:
        worker.process.kill()
        worker.process.join()
        worker.busy = False
        result.failure, result.reason = "timeout", f"timed out after {timeout:g} s"
        return result, None, False
    return None


def _died(process: BaseProcess, memory_mb: int | None) -> str:
    code = process.exitcode
    how = f"killed by {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit code {code}"
    limit = f", possibly over the memory limit of {memory_mb} MB" if memory_mb else ""
    return f"worker died with no result ({how}){limit}"
