"""placeholder"""

from __future__ import annotations

from extractor.reconcile.grid import Grid
from schemas.document import Document, Finding


def check(doc: Document, grids: list[Grid]) -> list[Finding]:
    return []
