"""Python's cyclic garbage collector, made to run less often while one document is extracted.

Extraction allocates millions of small container objects (glyphs, words, lines, cells) and frees
nearly all of them by reference counting; few form cycles. With the default thresholds the
collector still runs hundreds of times a document, and each full collection walks every object
alive, the imported libraries (spaCy's vocabulary, playa, pdfium's bindings) included. So for the
length of one extraction the objects that existed before it are frozen (left out of collections;
put back afterwards) and the youngest generation is collected after GC_YOUNG allocations instead
of 700. Both are undone on the way out, and cycles are still collected during the run, only in
larger batches: memory grows by at most one batch of garbage.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# allocations between collections of the youngest generation (Python's: 700). At 50,000 the
# samples' extraction still ran 22 collections, 1.3-1.5 CPU s in all (each walks what the run keeps:
# glyphs, words, tables); at 500,000 none ran on any sample (237 pages the most), while a far bigger
# document is still collected every so often, and peak memory on the samples stayed at 185 MiB
GC_YOUNG = 500_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    thresholds = gc.get_threshold()
    # someone else (a fork server, the caller) manages frozen objects: theirs are left alone
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    gc.set_threshold(max(GC_YOUNG, thresholds[0]), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if freeze:
            gc.unfreeze()
