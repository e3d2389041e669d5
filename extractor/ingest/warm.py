"""Imported by the ingest fork server before any document is read: what every document's process
would otherwise load for itself (spaCy's English sentencizer, pyspellchecker's word list, the
vocabularies and the expressions compiled from them) is loaded once, and each worker forked from
the server starts with it in memory.

The loaders are found, not listed: every function of the pipeline's modules that takes no
argument and keeps its result (`functools.cache` / `lru_cache`), so one added later is warmed too.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable

import extractor.pipeline  # noqa: F401  (imports every stage, so their loaders are found)


def loaders() -> list[Callable[[], object]]:
    """Every cached, argument-free function defined in one of extractor's imported modules."""
    found: list[Callable[[], object]] = []
    for name, module in list(sys.modules.items()):
        if module is None or name.split(".")[0] != "extractor":
            continue
        for value in list(vars(module).values()):
            if not callable(getattr(value, "cache_info", None)) or getattr(value, "__module__", "") != name:
                continue
            try:
                takes = inspect.signature(value).parameters
            except (TypeError, ValueError):
                continue
            if not takes:
                found.append(value)
    return found


def warm() -> None:
    for load in loaders():
        load()


warm()
