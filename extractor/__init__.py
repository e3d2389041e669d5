"""extractor: structured, checked data from published UK council PDFs.

    import extractor
    doc = extractor.extract("pack.pdf")        # a Document: tables, KPIs, findings... (docs/api.md)
    store = extractor.Store("store.duckdb")    # what `extractor ingest` stored, as DataFrames

The names below are loaded on first use, so `import extractor` (or `import extractor.schemas`)
does not import the pipeline, DuckDB or pandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from extractor.corpus.store import Store, StoreError
    from extractor.parsers.pdf import PdfError
    from extractor.pipeline import extract
    from extractor.schemas.document import Document, Table
    from extractor.schemas.errors import ExtractorError

# public name -> module defining it
_LAZY = {
    "extract": "extractor.pipeline",
    "Document": "extractor.schemas.document",
    "Table": "extractor.schemas.document",
    "Store": "extractor.corpus.store",
    "ExtractorError": "extractor.schemas.errors",
    "PdfError": "extractor.parsers.pdf",
    "StoreError": "extractor.corpus.store",
}

__all__ = ["Document", "ExtractorError", "PdfError", "Store", "StoreError", "Table", "extract"]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'extractor' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
