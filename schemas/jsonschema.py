"""The JSON Schema of `extract --format json`, generated from the typed records.

`schemas/document.schema.json` is committed so that users' tools can validate our output without
Python; a test fails when it drifts from `schemas/document.py`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from extractor.schemas.document import Document

SCHEMA_PATH = Path(__file__).with_name("document.schema.json")


def document_schema() -> dict[str, Any]:
    schema = Document.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "extractor document"
    return schema


def schema_text() -> str:
    return json.dumps(document_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    path.write_text(schema_text(), encoding="utf-8")
    return path
