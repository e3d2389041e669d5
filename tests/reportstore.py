"""A small store for the report tests, built once per test session: one real sample PDF
ingested (findings with page snippets) plus built documents over three quarters (KPI history,
directorate variance over periods, a document whose PDF is missing)."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from extractor.ingest.batch import ingest
from tests.builtdocs import build_document, stored

SAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "samples" / "qpr_2018-19_q1_A.pdf"
QUARTERS = [
    (1, "GREEN", "June 2018-19", 1.5),
    (2, "AMBER", "September 2018-19", 2.5),
    (3, "RED", "December 2018-19", -0.5),
]


@functools.cache
def report_store() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="report-store-"))
    db = folder / "store.duckdb"
    summary = ingest([SAMPLE], db, workers=1)
    assert summary.stored == 1, summary
    built = [
        build_document(f"built-q{quarter}", quarter=quarter, rag=rag, month=month, variance=variance)
        for quarter, rag, month, variance in QUARTERS
    ]
    return stored(db, *built)
