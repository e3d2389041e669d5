"""The audit: independent checks over one document, each in its own module."""

from __future__ import annotations

from schemas.document import Document, Finding


def audit(doc: Document) -> list[Finding]:
    return []
