"""Load a vocabulary data file from `schemas/vocab/` (cached): the one place that knows where they live."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

VOCAB_DIR = Path(__file__).resolve().parent / "vocab"


@cache
def load_vocab(name: str) -> dict[str, Any]:
    """The parsed JSON of `schemas/vocab/<name>.json`."""
    with open(VOCAB_DIR / f"{name}.json", encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data
