"""A one-line progress bar on stderr: documents, pages and pages/second; silent off a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total = total
        self.done = 0
        self.failed = 0
        self.pages = 0
        self.started = time.monotonic()

    @property
    def elapsed(self) -> float:
        return max(time.monotonic() - self.started, 1e-9)

    def advance(self, pages: int = 0, failed: bool = False) -> None:
        self.done += 1
        self.pages += pages
        self.failed += int(failed)
        self.draw()

    def draw(self) -> None:
        if not self.enabled:
            return
        width = 24
        filled = int(width * self.done / self.total) if self.total else width
        bar = "#" * filled + "-" * (width - filled)
        line = (
            f"\r[{bar}] {self.done}/{self.total} documents  {self.pages} pages  "
            f"{self.pages / self.elapsed:.1f} pages/s  {self.failed} failed"
        )
        self.stream.write(line)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
