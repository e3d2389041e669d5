"""The collector runs less often during an extraction, and is left as it was found."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path
from typing import Any

import pytest

from extractor.garbage import GC_YOUNG, fewer_collections


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_collections_are_rarer_inside_and_restored_after() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] >= GC_YOUNG
        assert gc.get_freeze_count() > 0  # what existed before is left out of collections
        a, b = _Node(), _Node()
        a.other, b.other = b, a  # a cycle made during the run is still collected
        gone = weakref.ref(a)
        del a, b
        gc.collect()
        assert gone() is None
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_frozen_objects_of_the_caller_are_left_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with fewer_collections():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_a_documents_rows_are_flattened_while_collections_are_still_rare(
    samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from extractor.corpus import records
    from extractor.ingest.job import Job, extract_job

    seen: list[tuple[int, int]] = []
    flatten = records.document_rows

    def watched(doc: Any, seconds: float | None = None) -> Any:
        seen.append((gc.get_threshold()[0], gc.get_freeze_count()))
        return flatten(doc, seconds)

    monkeypatch.setattr(records, "document_rows", watched)
    before = gc.get_threshold()
    result = extract_job(Job(str(samples / "qpr_2018-19_q1_A.pdf"), "x"))
    assert result.rows is not None and result.rows.pages == 18
    assert len(seen) == 1 and seen[0][0] >= GC_YOUNG and seen[0][1] > 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
