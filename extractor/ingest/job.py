"""The worker's side of the ingest: one document through the pipeline, flattened to rows.

Light on purpose: it never imports the store (DuckDB, pyarrow, pandas), so the fork server
preloads it (`server.PRELOAD`) and a document's process has nothing left to import when it unpickles
its job. The pipeline, the PDF reader and the flattening to rows (pydantic and the document schemas)
are imported where they run: the fork server preloads them, the batch's own process (which imports
this module for `Job` and `Extracted`) never needs them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from extractor.corpus.rows import DocumentRows
from extractor.garbage import fewer_collections
from extractor.schemas.paths import printable_path


@dataclass(frozen=True)
class Job:
    path: str  # as the file system has it (for opening)
    sha256: str

    @property
    def name(self) -> str:
        """The path as stored and shown: any bytes, newlines included, made one printable line."""
        return printable_path(self.path)


@dataclass
class Extracted:
    """What a worker sends back: the document's rows, or why it could not be extracted."""

    rows: DocumentRows | None = None
    kind: str | None = None  # bad_pdf or error
    reason: str | None = None
    seconds: float = 0.0


def extract_job(job: Job) -> Extracted:
    """One document through the pipeline, flattened to rows. Never raises for bad input."""
    # the collector is paused (see garbage.py) for the document and its flattening alike, and the
    # document is let go before the pause ends: the collection that follows then walks the rows
    # and what the run left, not the million objects of the document (about 80 ms a document)
    with fewer_collections():
        return _extract_rows(job)


def _extract_rows(job: Job) -> Extracted:
    from extractor.corpus.records import document_rows
    from extractor.parsers.pdf import PdfError
    from extractor.pipeline import extract

    start = time.monotonic()
    try:
        doc = extract(job.path, display_path=job.name)
    except PdfError as exc:
        return Extracted(kind="bad_pdf", reason=exc.reason, seconds=time.monotonic() - start)
    except MemoryError:
        raise
    except Exception as exc:  # an extractor bug must cost one document, not the batch
        reason = f"extraction failed: {type(exc).__name__}: {exc}"
        return Extracted(kind="error", reason=reason, seconds=time.monotonic() - start)
    seconds = time.monotonic() - start
    return Extracted(rows=document_rows(doc, round(seconds, 3)), seconds=seconds)
