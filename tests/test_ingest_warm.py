"""The ingest fork server's warm-up: every cached loader of the pipeline is found and filled, and
the worker's task is preloaded without the store's modules."""

from __future__ import annotations

import subprocess
import sys

from extractor.ingest import server, warm
from extractor.ingest.batch import extract_job
from extractor.parsers import figures, wordbreaks
from extractor.schemas import numbers


def test_warm_up_finds_the_loaders_every_document_needs() -> None:
    found = warm.loaders()
    for loader in (figures._sentencizer, wordbreaks._words, numbers._number_pattern):
        assert loader in found


def test_warm_up_leaves_every_loader_filled() -> None:
    warm.warm()
    assert all(load.cache_info().currsize == 1 for load in warm.loaders())  # type: ignore[attr-defined]


def test_loaders_take_no_arguments() -> None:
    # a cache keyed by its argument (one vocabulary of many) cannot be filled without knowing the key
    from extractor.schemas.vocabulary import load_vocab

    assert load_vocab not in warm.loaders()


def test_the_fork_server_preloads_the_task_and_none_of_the_store() -> None:
    # a worker unpickling its task imports nothing; DuckDB, pyarrow and pandas are the writer's
    assert extract_job.__module__ in server.PRELOAD
    store = ("duckdb", "pyarrow", "pandas")
    code = f"import sys; import {', '.join(server.PRELOAD)}; print([m for m in {store} if m in sys.modules])"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_the_writer_imports_neither_the_reader_nor_the_document_schemas() -> None:
    # the batch's process unpickles rows and writes them: the PDF reader and pydantic are the workers'
    heavy = ("pydantic", "playa", "pypdfium2", "extractor.schemas.document", "extractor.corpus.records")
    code = f"import sys; import extractor.ingest.batch; print([m for m in {heavy} if m in sys.modules])"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_what_a_worker_imports_as_it_runs_is_preloaded() -> None:
    # extract_job imports the pipeline, the PDF reader and the flattening where it runs: the fork
    # server must have them all, or every document would import them again
    code = (
        f"import sys; import {', '.join(server.PRELOAD)}; "
        "print([m for m in ('extractor.pipeline', 'extractor.parsers.pdf', 'extractor.corpus.records') "
        "if m not in sys.modules])"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
