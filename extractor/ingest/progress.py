"""What a batch has done, on stderr: a tqdm bar on a terminal, plain lines elsewhere (Jupyter, nohup).

Both show documents and pages done of the totals known up front (pages from a cheap count before
the first document starts), pages per second, elapsed time, the time left at that rate, and the
file being extracted. They are shown from the start and refreshed by a ticker thread, so a
500-page pack that takes minutes still shows time passing. Lines of `write` (`-v`) go above the
bar, never into it.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterable
from typing import TextIO

from tqdm import tqdm

# plain lines (stderr not a terminal): one every LOG_EVERY_S seconds, or every LOG_EVERY_DOCUMENTS
LOG_EVERY_S = 30.0
LOG_EVERY_DOCUMENTS = 100
TICK_S = 1.0  # how often the bar's clock (elapsed, ETA) and the plain lines' timer are looked at
BAR_FORMAT = (
    "{percentage:3.0f}%|{bar:20}| {n_fmt}/{total_fmt} pages [{elapsed}<{remaining}, {rate_fmt}]{postfix}"
)


def clock_text(seconds: float) -> str:
    return str(tqdm.format_interval(seconds))


class Progress:
    """Call `begin` with the documents (in the order they will run) and their page counts, then
    `advance` per document done, `write` for a line of its own, and `close` at the end."""

    def __init__(
        self,
        stream: TextIO | None = None,
        terminal: bool | None = None,
        enabled: bool = True,
        every_s: float = LOG_EVERY_S,
        every_documents: int = LOG_EVERY_DOCUMENTS,
        clock: Callable[[], float] = time.monotonic,
        tick_s: float | None = TICK_S,
    ) -> None:
        self.stream = stream or sys.stderr
        self.terminal = _is_terminal(self.stream) if terminal is None else terminal
        self.enabled = enabled
        self.every_s, self.every_documents = every_s, every_documents
        self.clock = clock
        self.tick_s = tick_s  # None: no ticker thread (the caller calls `tick`)
        self.started = clock()
        self.documents = self.pages = 0  # totals
        self.done = self.failed = self.pages_done = 0
        self.queue: dict[str, int] = {}  # not yet done, in the order they run: name -> pages
        self._bar: tqdm | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        self._logged_at, self._logged_done = self.started, 0

    # -- what the batch calls --------------------------------------------------------------------
    def begin(self, documents: Iterable[tuple[str, int | None]]) -> None:
        """The documents to extract, in order, each with its page count (None: unknown)."""
        self.queue = {name: pages or 0 for name, pages in documents}
        self.documents, self.pages = len(self.queue), sum(self.queue.values())
        self.started = self.clock()
        self._logged_at = self.started
        if not self.enabled:
            return
        if self.terminal:
            self._bar = tqdm(
                total=self.pages, unit="page", file=self.stream, bar_format=BAR_FORMAT, dynamic_ncols=True
            )
            self._bar.set_postfix_str(self._postfix(), refresh=True)
        else:
            self._log()
        if self.tick_s is not None:
            self._ticker = threading.Thread(target=self._run_ticker, name="progress", daemon=True)
            self._ticker.start()

    def advance(self, name: str, pages: int | None = None, failed: bool = False) -> None:
        """One document done; `pages` as extracted (else its up-front count)."""
        with self._lock:
            counted = self.queue.pop(name, 0)
            done_pages = counted if pages is None else pages
            if done_pages != counted:  # the up-front count was wrong or unknown: the total follows
                self.pages += done_pages - counted
            self.done += 1
            self.failed += int(failed)
            self.pages_done += done_pages
            if self._bar is not None:
                self._bar.total = self.pages
                self._bar.update(done_pages)
                self._bar.set_postfix_str(self._postfix(), refresh=True)
            elif self.enabled and self.done - self._logged_done >= self.every_documents:
                self._log()

    def write(self, line: str) -> None:
        """A line of its own (`-v`), above the bar."""
        with self._lock:
            if self._bar is not None:
                self._bar.write(line, file=self.stream)
            else:
                self.stream.write(line + "\n")
                self.stream.flush()

    def close(self) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        with self._lock:
            if self._bar is not None:
                self._bar.close()
                self._bar = None
            elif self.enabled and self.documents:
                self._log()

    # -- what is shown ---------------------------------------------------------------------------
    @property
    def elapsed(self) -> float:
        return max(self.clock() - self.started, 0.0)

    def current(self) -> str | None:
        """The first document not done, in run order: the oldest one running."""
        return next(iter(self.queue), None)

    def _postfix(self) -> str:
        failed = f", {self.failed} failed" if self.failed else ""
        now = self.current()
        return f"{self.done}/{self.documents} documents{failed}" + (f", now: {now}" if now else "")

    def line(self) -> str:
        """The plain line: documents, pages, rate, elapsed, time left, current file."""
        elapsed = self.elapsed
        rate = self.pages_done / elapsed if elapsed > 0 else 0.0
        left = (self.pages - self.pages_done) / rate if rate > 0 else None
        failed = f" ({self.failed} failed)" if self.failed else ""
        now = self.current()
        return (
            f"ingest: {self.done}/{self.documents} documents{failed}, "
            f"{self.pages_done}/{self.pages} pages, {rate:.1f} pages/s, "
            f"elapsed {clock_text(elapsed)}, left {clock_text(left) if left is not None else '?'}"
            + (f", now: {now}" if now else "")
        )

    def _log(self) -> None:
        self.stream.write(self.line() + "\n")
        self.stream.flush()
        self._logged_at, self._logged_done = self.clock(), self.done

    def tick(self) -> None:
        """Time passed: the bar's clock moves; a plain line is due every `every_s` seconds."""
        with self._lock:
            if self._bar is not None:
                self._bar.refresh()
            elif self.enabled and self.clock() - self._logged_at >= self.every_s:
                self._log()

    def _run_ticker(self) -> None:
        while not self._stop.wait(self.tick_s):
            self.tick()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
