"""The worker pool: processes reused across tasks, and a task that goes wrong costs that task only,
the next one starting in a fresh process."""

from __future__ import annotations

import os
import time

import pytest

from extractor.ingest import pool
from extractor.ingest.pool import TaskResult, run_tasks

KEPT: list[bytearray] = []  # what a task leaves behind in its process


# each task is (its number, what it does), and returns the pid of the process it ran in


def _pid(task: tuple[int, object]) -> int:
    return os.getpid()


def _die_or_pid(task: tuple[int, str]) -> int:
    if task[1] == "die":
        os._exit(3)  # as a crash in C code would
    return os.getpid()


def _sleep_then_pid(task: tuple[int, float]) -> int:
    time.sleep(task[1])
    return os.getpid()


def _allocate_then_pid(task: tuple[int, int]) -> int:
    bytearray(task[1] * 1024 * 1024)
    return os.getpid()


def _keep_then_pid(task: tuple[int, int]) -> int:
    KEPT.append(bytearray(task[1] * 1024 * 1024))
    return os.getpid()


def _run(fn: object, what: list[object], **kw: object) -> list[TaskResult[tuple[int, object]]]:
    """Every task's result, in the order of the tasks."""
    results = list(run_tasks(fn, list(enumerate(what)), start_method="fork", **kw))  # type: ignore[arg-type]
    assert sorted(r.arg[0] for r in results) == list(range(len(what)))
    return sorted(results, key=lambda r: r.arg[0])


def test_a_worker_takes_tasks_up_to_its_share_then_a_fresh_one_takes_over() -> None:
    results = _run(_pid, list(range(8)), workers=2, tasks_per_process=3)
    pids = [r.value for r in results]
    assert all(r.failure is None for r in results)
    assert max(pids.count(p) for p in pids) == 3  # reused, up to its share
    assert len(set(pids)) >= 3  # 8 tasks cannot fit in two processes of 3
    assert {r.slot for r in results} == {0, 1}
    assert all(r.cpu_seconds is not None and r.began <= r.ended for r in results)


def test_one_task_per_process_by_default() -> None:
    pids = [r.value for r in _run(_pid, list(range(4)), workers=2)]
    assert len(set(pids)) == 4


def test_a_task_that_kills_its_process_costs_that_task_only() -> None:
    results = _run(_die_or_pid, ["a", "die", "b", "c"], workers=1, tasks_per_process=10)
    assert [r.failure for r in results] == [None, "crash", None, None]
    assert "exit code 3" in (results[1].reason or "")
    assert results[0].value != results[2].value == results[3].value  # a fresh process after it


def test_a_task_over_the_time_limit_is_killed_and_the_next_starts_afresh() -> None:
    results = _run(_sleep_then_pid, [0.0, 30.0, 0.0], workers=1, timeout=2.0, tasks_per_process=10)
    assert [r.failure for r in results] == [None, "timeout", None]
    assert results[1].seconds < 25
    assert results[0].value != results[2].value


def test_a_task_over_the_memory_limit_fails_alone_and_its_process_is_not_reused() -> None:
    results = _run(_allocate_then_pid, [1, 400, 1, 1], workers=1, memory_mb=100, tasks_per_process=10)
    assert [r.failure for r in results] == [None, "memory", None, None]
    assert results[0].value != results[2].value == results[3].value
    # the limit is on what each task adds: a process that has run tasks still takes one up to it
    assert [
        r.failure
        for r in _run(_allocate_then_pid, [60, 60, 60], workers=1, memory_mb=100, tasks_per_process=10)
    ] == [None] * 3


def test_a_worker_that_has_grown_hands_over_to_a_fresh_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "RETIRE_GROWTH_MB", 50)  # forked workers see the parent's value
    pids = [r.value for r in _run(_keep_then_pid, [30, 30, 30, 30], workers=1, tasks_per_process=10)]
    # 30 MB kept: still under the mark; 60: over it, so that process ends after its task
    assert pids[0] == pids[1] != pids[2] == pids[3]
