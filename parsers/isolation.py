"""Page-level isolation: one page that cannot be read costs that page, never the document."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
REASON_CHARS = 160  # a reason is one line a person reads, not a dump of the parser's state


@dataclass(frozen=True)
class PageFailure:
    number: int  # 1-based
    reason: str


def failure_reason(exc: BaseException) -> str:
    """Why a read failed, in words: the deep and the huge by name, the rest as the reader said."""
    if isinstance(exc, RecursionError):
        return "its objects are nested too deeply to read"
    if isinstance(exc, MemoryError):
        return "it needs more memory than the limit allows"
    detail = " ".join(str(exc).split())
    text = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return text[:REASON_CHARS]


def guarded_read(number: int, read: Callable[[], T], failures: list[PageFailure] | None) -> T | None:
    """`read()`, or None with the failure recorded when it raises (re-raised when `failures` is None)."""
    try:
        return read()
    except (Exception, RecursionError, MemoryError) as exc:  # damaged input raises anything
        if failures is None:
            raise
        failures.append(PageFailure(number, failure_reason(exc)))
        return None
