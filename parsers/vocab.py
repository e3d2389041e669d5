"""Loading of the JSON vocabularies under `schemas/vocab/`, cached, plus the text key they are matched on."""

from __future__ import annotations

import re
import unicodedata

from schemas.vocabulary import load_vocab

__all__ = ["clean", "load_vocab", "match_key"]

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = {ord("\u2018"): "'", ord("\u2019"): "'", ord("\u201c"): '"', ord("\u201d"): '"'}


def clean(text: str | None) -> str:
    """NFKC, straight quotes, ASCII hyphens, single spaces."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip()


def match_key(text: str | None) -> str:
    """Lower-case words only ('&' read as 'and'), the form vocabulary phrases are compared in."""
    text = clean(text).lower().replace("&", " and ")
    return re.sub(r"[^a-z0-9%*]+", " ", text).strip()
