"""The audit's vocabularies, loaded from `schemas/vocab/*.json` (never written in code)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from extractor.schemas.vocabulary import load_vocab

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


load = load_vocab  # the audit's name for the one cached loader


_TAG = re.compile(r"<[^>]+>")
_POSSESSIVE = re.compile(r"'s\b")
_NOT_KEY = re.compile(r"[^a-z0-9%£]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)  # the same labels and headers are keyed again by every check
def norm_label(text: str) -> str:
    """A row label or header as a comparison key: case, quotes, '&'/'and', punctuation and spacing ignored."""
    t = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    t = _TAG.sub(" ", t).replace("&", " and ")
    t = _POSSESSIVE.sub("", t)
    return _NOT_KEY.sub(" ", t).strip()


@cache
def _patterns(key: str) -> re.Pattern[str]:
    """A vocabulary's patterns as one alternation: it matches where any one of them does (an
    empty vocabulary matches nothing)."""
    return re.compile("|".join(f"(?:{p})" for p in load("audit")[key]) or "(?!)", re.IGNORECASE)


@lru_cache(maxsize=1 << 16)  # every check asks again of the same labels and headers
def matches_any(key: str, text: str) -> bool:
    return _patterns(key).search(_SPACES.sub(" ", text).strip()) is not None


@cache
def _approximate_tail() -> re.Pattern[str]:
    words = "|".join(load("audit")["approximate_words"])
    return re.compile(rf"(?:^|[\s(])(?:{words})\s*$", re.IGNORECASE)


def approximate_before(text: str) -> bool:
    """The words just before a figure make it approximate ('c. 50', 'around £2m', 'over 200')."""
    return bool(_approximate_tail().search(text))


def is_total_label(text: str) -> bool:
    return matches_any("total_rows", text)


@lru_cache(maxsize=1)
def _directorate_index() -> dict[str, tuple[str, str]]:
    index: dict[str, tuple[str, str]] = {}
    for d in load("directorates")["directorates"]:
        for name in [d["canonical"], d["abbreviation"], *d["aliases"]]:
            index[norm_label(name)] = (d["canonical"], d["abbreviation"])
    return index


def directorate(text: str) -> tuple[str, str] | None:
    """(canonical name, abbreviation) of a directorate named by `text`, or None."""
    return _directorate_index().get(norm_label(text))


@lru_cache(maxsize=1)
def _measures() -> list[tuple[str, re.Pattern[str]]]:
    return [(m["measure"], re.compile(m["pattern"], re.IGNORECASE)) for m in load("audit")["measures"]]


def measure(header: str) -> str | None:
    """The measure a column header names (first match in vocabulary order), or None."""
    for name, pattern in _measures():
        if pattern.search(header):
            return name
    return None
