"""Vocabulary data files from `schemas/vocab/` (cached: the one place that knows where they live) and
the text key their phrases are matched on."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

VOCAB_DIR = Path(__file__).resolve().parent / "vocab"
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_SPACES = re.compile(r"\s+")
_NOT_KEY = re.compile(r"[^a-z0-9%*]+")
_QUOTES = {ord("\u2018"): "'", ord("\u2019"): "'", ord("\u201c"): '"', ord("\u201d"): '"'}


@cache
def load_vocab(name: str) -> dict[str, Any]:
    """The parsed JSON of `schemas/vocab/<name>.json`."""
    with open(VOCAB_DIR / f"{name}.json", encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@lru_cache(maxsize=1 << 16)  # the same cell and line texts are matched by many stages
def clean(text: str | None) -> str:
    """NFKC, straight quotes, ASCII hyphens, single spaces."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_QUOTES)
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=1 << 16)
def match_key(text: str | None) -> str:
    """Lower-case words only ('&' read as 'and'), the form vocabulary phrases are compared in."""
    text = clean(text).lower().replace("&", " and ")
    return _NOT_KEY.sub(" ", text).strip()
