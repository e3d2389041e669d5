"""The ingest fork server's warm-up: every cached loader of the pipeline is found and filled."""

from __future__ import annotations

from extractor.ingest import warm
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
