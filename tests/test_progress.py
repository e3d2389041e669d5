"""Progress of a batch: plain lines off a terminal (from the start, then every so often), a bar with
documents, pages, rate, elapsed, time left and the current file on one, `-v` lines above it."""

from __future__ import annotations

import io
import re

from extractor.ingest.progress import Progress


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


DOCS = [("a.pdf", 10), ("b.pdf", 5), ("c.pdf", None)]  # c's pages could not be counted up front


def test_plain_lines_from_the_start_then_every_interval_and_at_the_end() -> None:
    out, clock = io.StringIO(), Clock()
    progress = Progress(stream=out, terminal=False, every_s=30, every_documents=100, clock=clock, tick_s=None)
    progress.begin(DOCS)
    assert out.getvalue().splitlines() == [
        "ingest: 0/3 documents, 0/15 pages, 0.0 pages/s, elapsed 00:00, left ?, now: a.pdf"
    ]
    clock.now += 10
    progress.advance("a.pdf", pages=10)
    progress.tick()
    assert len(out.getvalue().splitlines()) == 1  # not due yet
    progress.write("stored: a.pdf: 10 pages")
    clock.now += 20
    progress.tick()
    assert out.getvalue().splitlines()[1:] == [
        "stored: a.pdf: 10 pages",
        "ingest: 1/3 documents, 10/15 pages, 0.3 pages/s, elapsed 00:30, left 00:15, now: b.pdf",
    ]
    progress.tick()  # the interval starts again from the last line
    assert len(out.getvalue().splitlines()) == 3
    progress.advance("c.pdf", pages=7)  # c (unknown up front) finishes before b: the total grows
    progress.advance("b.pdf", failed=True)
    progress.close()
    assert out.getvalue().splitlines()[-1] == (
        "ingest: 3/3 documents (1 failed), 22/22 pages, 0.7 pages/s, elapsed 00:30, left 00:00"
    )


def test_a_line_every_n_documents_when_they_come_faster_than_the_interval() -> None:
    out, clock = io.StringIO(), Clock()
    progress = Progress(stream=out, terminal=False, every_s=30, every_documents=2, clock=clock, tick_s=None)
    progress.begin([(f"{n}.pdf", 1) for n in range(5)])
    for n in range(5):
        progress.advance(f"{n}.pdf", pages=1)
    lines = out.getvalue().splitlines()
    assert [line.split(",")[0] for line in lines] == [
        "ingest: 0/5 documents",
        "ingest: 2/5 documents",
        "ingest: 4/5 documents",
    ]


def test_the_bar_on_a_terminal_shows_everything_and_keeps_verbose_lines_apart() -> None:
    out, clock = io.StringIO(), Clock()
    progress = Progress(stream=out, terminal=True, clock=clock, tick_s=None)
    progress.begin(DOCS)
    shown = out.getvalue()
    assert "0/15 pages" in shown and "0/3 documents" in shown and "now: a.pdf" in shown  # from the start
    progress.advance("a.pdf", pages=10)
    progress.write("stored: a.pdf: 10 pages")
    progress.close()
    shown = out.getvalue()
    assert "10/15 pages" in shown and "1/3 documents" in shown and "now: b.pdf" in shown
    assert "page/s" in shown or "s/page" in shown  # the rate
    assert "<" in shown  # elapsed<left
    # the bar is wiped, the line written on its own, and the bar drawn again under it
    assert re.search(r"\r +\rstored: a\.pdf: 10 pages\n\r +\d+%", shown), repr(shown)


def test_nothing_is_shown_when_disabled() -> None:
    out = io.StringIO()
    progress = Progress(stream=out, terminal=False, enabled=False, tick_s=None)
    progress.begin(DOCS)
    progress.advance("a.pdf", pages=10)
    progress.close()
    assert out.getvalue() == ""
