"""How the batch schedules its documents: pages counted apart from the fork server, most pages
first, the next document started before the last one is written, and the timeline of it all."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import sys
import time
from pathlib import Path

import pytest

from extractor.ingest.batch import Job, ingest, largest_first
from extractor.ingest.pagecount import count_pages, page_counts
from extractor.ingest.pool import PIPE_BYTES, _widen, run_tasks
from extractor.ingest.progress import Progress
from extractor.ingest.timeline import EXTRACT, Span, Timeline
from tests.badfiles import make_bad_files

QPR = "qpr_2018-19_q1_A.pdf"
PACK = "county_council_pack_2022-12-15_A.pdf"


def _mark_started(path: str) -> str:
    """A task that leaves a mark when its process starts."""
    Path(path).write_text("started")
    return path


def test_the_next_task_starts_before_the_caller_handles_a_result(tmp_path: Path) -> None:
    marks = [str(tmp_path / f"task{i}") for i in range(2)]
    tasks = run_tasks(_mark_started, marks, workers=1, start_method="fork")
    first = next(tasks)
    # the caller is busy with the first result (writing it): the second task runs meanwhile
    deadline = time.monotonic() + 120
    while not os.path.exists(marks[1]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert os.path.exists(marks[1])
    second = next(tasks)
    assert [first.value, second.value] == marks
    assert first.slot == second.slot == 0
    assert second.cpu_seconds is not None and first.began <= first.ended <= second.ended


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pipe sizes are Linux's")
def test_a_result_pipe_holds_a_documents_rows_in_one_go() -> None:
    # through the default 64 KiB, a document's rows (a few MB) would pass in dozens of turns
    recv, send = multiprocessing.Pipe(duplex=False)
    try:
        _widen(send)
        assert fcntl.fcntl(recv.fileno(), fcntl.F_GETPIPE_SZ) >= min(PIPE_BYTES, _pipe_max())
    finally:
        recv.close()
        send.close()


def _pipe_max() -> int:
    return int(Path("/proc/sys/fs/pipe-max-size").read_text())


def test_pages_are_counted_in_a_process_of_their_own(samples: Path, tmp_path: Path) -> None:
    bad = make_bad_files(samples / QPR, tmp_path)
    paths = [str(samples / QPR), str(samples / PACK), str(bad["truncated"]), str(tmp_path / "gone.pdf")]
    expected = count_pages(paths)
    assert expected[:2] == [18, 92] and expected[3] is None
    assert page_counts(paths) == expected
    assert page_counts(paths, timeout=0.001) == [None] * 4  # overrun: unknown, not a failed batch


def test_documents_run_most_pages_first_and_by_size_where_unknown(tmp_path: Path) -> None:
    files = {}
    for name, size in (("small", 10), ("big", 30), ("unknown_big", 50), ("unknown_small", 5), ("mid", 20)):
        files[name] = tmp_path / name
        files[name].write_bytes(b"x" * size)
    jobs = [Job(str(files[n]), n) for n in ("small", "unknown_small", "big", "unknown_big", "mid")]
    ordered = largest_first(jobs, [3, None, 200, None, 40])
    assert [job.sha256 for job, _ in ordered] == ["big", "mid", "small", "unknown_big", "unknown_small"]
    assert [pages for _, pages in ordered] == [200, 40, 3, None, None]


def test_the_timeline_shows_each_document_in_its_slot_and_each_write(samples: Path, tmp_path: Path) -> None:
    timeline = Timeline()
    files = [samples / QPR, samples / "qpr_2018-19_q1_D.pdf"]
    summary = ingest(
        files, tmp_path / "s.duckdb", workers=2, progress=Progress(enabled=False), timeline=timeline
    )
    assert summary.stored == 2
    runs = [s for s in timeline.spans if s.what == EXTRACT]
    writes = [s for s in timeline.spans if s.what == "write"]
    assert sorted(s.name for s in runs) == sorted(s.name for s in writes) == sorted(map(str, files))
    assert {s.slot for s in runs} == {0, 1}
    for run in runs:
        write = next(w for w in writes if w.name == run.name)
        assert 0 < run.start < run.end <= write.start <= write.end <= timeline.end
        assert run.cpu_seconds and run.cpu_seconds > 0
    for slot, gaps in timeline.idle().items():
        busy = sum(s.seconds for s in runs if s.slot == slot)
        assert abs(busy + sum(b - a for a, b in gaps) - timeline.end) < 1e-6
    assert "slot 1 idle" in timeline.text()


def test_idle_gaps_are_what_no_document_covers() -> None:
    timeline = Timeline(spans=[Span(EXTRACT, 1.0, 3.0, slot=0), Span(EXTRACT, 3.5, 6.0, slot=0)], end=7.0)
    assert timeline.idle() == {0: [(0.0, 1.0), (3.0, 3.5), (6.0, 7.0)]}
