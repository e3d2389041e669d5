"""Documents as tasks on a Dask distributed cluster: workers extract, this process alone writes.

Each task runs one document through `pool.run_tasks` on its worker, in a process of its own, so
the per-document time and memory limits hold there as they do on one machine, and a document
that kills its process costs that document only. A worker lost mid-task (killed, its machine
gone) is Dask's to reschedule on another worker; a task that loses several workers is recorded
as failed with that reason. The client hands results back as they complete and the caller
commits each document in one transaction, so a killed client leaves whole documents only, and a
re-run skips them.

`scheduler` is "local" (a LocalCluster on this machine, one single-threaded worker process per
`workers`) or the address of a running scheduler ("tcp://host:8786").
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from extractor.ingest.pool import TaskResult, run_tasks

A = TypeVar("A")
CONNECT_TIMEOUT_S = 30


def _one_task(
    fn: Callable[[A], Any], arg: A, timeout: float | None, memory_mb: int | None, preload: list[str]
) -> TaskResult[A]:
    """Worker side: one document in a limited process of its own (the fork server is per worker)."""
    # Dask may start its workers as daemonic processes, which multiprocessing forbids children
    # lest they outlive it; ours cannot (each dies with its parent, see pool.py), so allow them.
    process = multiprocessing.current_process()
    if process.daemon:
        process._config["daemon"] = False  # type: ignore[attr-defined]
    return next(iter(run_tasks(fn, [arg], workers=1, timeout=timeout, memory_mb=memory_mb, preload=preload)))


def run_on_cluster(
    fn: Callable[[A], Any],
    args: Iterable[A],
    scheduler: str,
    workers: int,
    timeout: float | None = None,
    memory_mb: int | None = None,
    preload: list[str] | None = None,
) -> Iterator[TaskResult[A]]:
    """Yield one TaskResult per arg, in completion order, computed on the cluster."""
    try:
        import dask
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise RuntimeError(
            "--scheduler needs Dask distributed: pip install 'council-extractor[cluster]'"
        ) from None

    # a worker starts a process per document, which a daemonic worker process may not
    with dask.config.set({"distributed.worker.daemon": False}):
        cluster = None
        if scheduler == "local":
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
        try:
            futures = {
                client.submit(_one_task, fn, arg, timeout, memory_mb, preload or [], pure=False): arg
                for arg in args
            }
            for future in as_completed(futures):
                arg = futures[future]
                try:
                    yield future.result()
                except Exception as exc:  # KilledWorker and the like: the cluster, not the PDF
                    yield TaskResult(
                        arg, failure="crash", reason=f"lost on the cluster: {type(exc).__name__}"
                    )
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
