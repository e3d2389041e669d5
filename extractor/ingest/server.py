"""The ingest's fork server: what it imports before it forks each document's process.

The pipeline's imports and loaders (spaCy's sentencizer, the word list, the vocabularies: about
three CPU seconds) run once there, not again in every document's process; so do the batch's
(the store's records: pyarrow, DuckDB), as each worker unpickles `batch.extract_job`. The last,
`warm`, fills the loaders. Started first thing (`start`), it warms up while the batch's own
process imports, finds, hashes and counts the files.
"""

from __future__ import annotations

from extractor.ingest.pool import start_server

PRELOAD = ["extractor.pipeline", "extractor.ingest.batch", "extractor.ingest.warm"]


def start() -> None:
    start_server(PRELOAD)
