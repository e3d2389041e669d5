"""What a worker hands the writer: one document's rows per store table (`corpus.schema`), plain
values only. Light on purpose: the batch's process imports it to unpickle results and write them,
without pydantic or the document schemas that the flattening (`corpus.records`) needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

Row = dict[str, Any]


@dataclass
class DocumentRows:
    sha256: str
    path: str
    pages: int
    tables: dict[str, list[Row]] = field(default_factory=dict)

    def count(self, table: str) -> int:
        return len(self.tables.get(table, []))


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
