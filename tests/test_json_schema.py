"""Every document JSON the CLI prints validates against the committed JSON Schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from extractor.schemas.document import Document
from extractor.schemas.jsonschema import SCHEMA_PATH, schema_text

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"


def test_committed_schema_matches_the_models() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), "run: python -m extractor.schemas"


@pytest.fixture(scope="module")
def extracted() -> dict:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "extractor",
            "extract",
            str(SAMPLES / "qpr_2018-19_q1_D.pdf"),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return json.loads(run.stdout)


def test_extract_output_validates(extracted: dict) -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.validate(extracted, schema)
    assert extracted["schema_version"] == "1"
    assert extracted["tables"] and extracted["figures"]


def test_schema_rejects_a_broken_document(extracted: dict) -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    broken = dict(extracted, tables=[{"id": "t1"}])  # a table without pages, bbox or rows
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_contract_fields_present(extracted: dict) -> None:
    # every field of the contract is printed, empty or not (docs/contract.md lists them)
    assert set(Document.model_fields) <= set(extracted)
    table = extracted["tables"][0]
    for key in ("id", "pages", "bbox", "title", "header_rows", "rows", "units"):
        assert key in table


def test_every_field_of_the_schema_has_a_description() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    missing = [
        f"{model}.{name}"
        for model, definition in [("Document", schema), *schema["$defs"].items()]
        for name, field in definition.get("properties", {}).items()
        if not field.get("description")
    ]
    assert missing == []
