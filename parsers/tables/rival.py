"""A second opinion on the pages that need one: camelot's hybrid flavour, asked only where the
project's engine read a table badly or found none although the page shows one (see
`quality.needs_rival`), its tables kept per table by structure score (`quality.choose_tables`).

Camelot costs several times the project's engine per page, so it must not run on every page:
the gate keeps it to the pages where it can change the result.
"""

from __future__ import annotations

import logging
from pathlib import Path

from extractor.parsers.page import PageContent
from extractor.parsers.tables.engines import engine_tables
from extractor.parsers.tables.quality import FILL_GAPS, RIVAL, choose_tables, needs_rival, page_evidence
from extractor.schemas.document import Table

log = logging.getLogger(__name__)


def rival_pages(pages: list[PageContent], tables: list[Table]) -> list[int]:
    """The pages where another engine is worth asking."""
    return [
        p.number
        for p in pages
        if p.has_text and needs_rival(page_evidence(p, [t for t in tables if p.number in t.pages]))
    ]


def with_rival(path: str | Path, pages: list[PageContent], tables: list[Table]) -> list[Table]:
    """The project's tables, with the rival engine's better tables on the pages that need one."""
    asked = rival_pages(pages, tables)
    if not asked:
        return tables
    try:
        found = engine_tables(path, RIVAL, asked)
    except MemoryError:  # the document's memory limit: its failure, not the engine's
        raise
    except Exception as exc:  # another engine failing leaves the project's own tables
        log.warning("%s failed on %s: %s", RIVAL, path, exc)
        return tables
    replaced: dict[int, Table] = {}
    added: list[Table] = []
    for page in asked:
        mine = [t for t in tables if t.pages == [page]]
        across = [t for t in tables if len(t.pages) > 1 and page in t.pages]
        chosen = choose_tables(mine + across, [t for t in found if t.pages == [page]], FILL_GAPS)
        replaced.update((id(t), c) for t, c in zip(mine, chosen, strict=False))
        added.extend(chosen[len(mine) + len(across) :])
    return [replaced.get(id(t), t) for t in tables] + added
