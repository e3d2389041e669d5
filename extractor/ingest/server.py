"""The ingest's fork server: what it imports before it forks each document's process.

The pipeline's imports and loaders (spaCy's sentencizer, the word list, the vocabularies: about
three CPU seconds) run once there, not again in every document's process; the last, `warm`, fills
the loaders. Started first thing (`start`), it warms up while the batch's own process imports,
finds, hashes and counts the files.

A worker's task is `job.extract_job`, preloaded here too, so a worker imports nothing as it
unpickles its task. That module is light on purpose: the batch module, with the store's pyarrow
and DuckDB (0.2 CPU s a document when each worker imported it), stays out of this server; its
imports here would also move where a document runs over its memory limit (a worker's first
allocations find room in the server's freed heap; the limit counts address space added after
the fork).
"""

from __future__ import annotations

from extractor.ingest.pool import start_server

PRELOAD = ["extractor.pipeline", "extractor.corpus.records", "extractor.ingest.job", "extractor.ingest.warm"]


def start() -> None:
    start_server(PRELOAD)
