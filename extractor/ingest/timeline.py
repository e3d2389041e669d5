"""Where a batch's wall time goes: each step of this process (finding, hashing, counting, each
document's write) and each document's run in its worker slot, as spans from the batch's start,
with CPU seconds; and the gaps in which a worker slot ran nothing.

`ingest(..., timeline=Timeline())` fills one; `benchmarks/ingest_timeline.py` prints it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

EXTRACT = "extract"  # a document's run in a worker (its slot's span)


@dataclass(frozen=True)
class Span:
    what: str  # discover, open, plan, count, extract, write, link
    start: float  # seconds from the batch's start
    end: float
    cpu_seconds: float | None = None  # of the process it ran in (None: unknown)
    name: str = ""  # the document, where there is one
    slot: int | None = None  # the worker slot of an extract

    @property
    def seconds(self) -> float:
        return self.end - self.start


@dataclass
class Timeline:
    origin: float = field(default_factory=time.monotonic)
    spans: list[Span] = field(default_factory=list)
    end: float = 0.0

    def at(self, monotonic: float) -> float:
        return monotonic - self.origin

    @contextmanager
    def step(self, what: str, name: str = "") -> Iterator[None]:
        """A step of this process, timed on the wall and CPU clocks."""
        wall, cpu = time.monotonic(), time.process_time()
        try:
            yield
        finally:
            self.spans.append(
                Span(what, self.at(wall), self.at(time.monotonic()), time.process_time() - cpu, name)
            )

    def ran(self, name: str, slot: int, began: float, ended: float, cpu_seconds: float | None) -> None:
        """A document's run in a worker slot (`began`, `ended` on `time.monotonic()`)."""
        self.spans.append(Span(EXTRACT, self.at(began), self.at(ended), cpu_seconds, name, slot))

    def finish(self) -> None:
        self.end = self.at(time.monotonic())

    def idle(self) -> dict[int, list[tuple[float, float]]]:
        """Each worker slot's gaps from the batch's start to its end, in which it ran nothing."""
        gaps: dict[int, list[tuple[float, float]]] = {}
        slots = sorted({s.slot for s in self.spans if s.slot is not None})
        for slot in slots:
            runs = sorted((s.start, s.end) for s in self.spans if s.slot == slot)
            edge, out = 0.0, []
            for start, end in runs:
                if start > edge:
                    out.append((edge, start))
                edge = max(edge, end)
            if self.end > edge:
                out.append((edge, self.end))
            gaps[slot] = out
        return gaps

    def text(self) -> str:
        """The spans in order of start, then each slot's idle gaps and totals."""
        lines = [f"{'what':8} {'slot':>4} {'start':>7} {'end':>7} {'wall':>6} {'cpu':>6}  document"]
        for s in sorted(self.spans, key=lambda s: (s.start, s.end)):
            used = "" if s.cpu_seconds is None else f"{s.cpu_seconds:6.2f}"
            where = "" if s.slot is None else str(s.slot)
            times = f"{s.start:7.2f} {s.end:7.2f} {s.seconds:6.2f}"
            lines.append(f"{s.what:8} {where:>4} {times} {used:>6}  {s.name}")
        lines.append(f"batch ended at {self.end:.2f} s")
        for slot, gaps in self.idle().items():
            shown = ", ".join(f"{a:.2f}-{b:.2f}" for a, b in gaps)
            lines.append(f"slot {slot} idle {sum(b - a for a, b in gaps):.2f} s: {shown}")
        totals: dict[str, tuple[float, float]] = {}
        for s in self.spans:
            wall, cpu = totals.get(s.what, (0.0, 0.0))
            totals[s.what] = (wall + s.seconds, cpu + (s.cpu_seconds or 0.0))
        for what, (wall, cpu) in totals.items():
            lines.append(f"total {what}: {wall:.2f} s wall, {cpu:.2f} s CPU")
        return "\n".join(lines)
