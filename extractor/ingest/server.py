"""The ingest's fork server: what it imports before it forks each document's process.

The pipeline's imports and loaders (spaCy's sentencizer, the word list, the vocabularies: about
three CPU seconds) run once there, not again in every document's process; the last, `warm`, fills
the loaders. Started first thing (`start`), it warms up while the batch's own process imports,
finds, hashes and counts the files.

Each worker still imports `extractor.ingest.batch` (pyarrow, DuckDB: 0.2 CPU s) as it unpickles
`batch.extract_job`. Preloading it here too saves that, but then a worker's first allocations
find room in the fork server's freed heap rather than in new memory, so where a document runs
over its memory limit moves (the limit counts address space added after the fork).
"""

from __future__ import annotations

from extractor.ingest.pool import start_server

PRELOAD = ["extractor.pipeline", "extractor.ingest.warm"]


def start() -> None:
    start_server(PRELOAD)
