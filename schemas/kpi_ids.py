"""One stable `kpi_id` for a KPI however a report words it.

Resolution, in order (rules and the registry are data: `schemas/vocab/kpi_registry.json`):
1. the normalised name equals the normalised name or an alias of a registry entry;
2. fuzzy match (rapidfuzz token_sort_ratio >= the registry's `fuzzy_threshold`) where every word
   that differs is only a spelling variant of a word on the other side: a different word, number
   or negation ('including' / 'excluding', 'primary' / 'secondary') means a different KPI;
3. otherwise a new id from the area and the normalised name, remembered so later wordings of the
   same new KPI resolve to it. A KPI is never dropped and never merged with a different one.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from rapidfuzz import fuzz

from extractor.schemas.vocabulary import load_vocab, match_key

Method = Literal["exact", "fuzzy", "new"]
_SLUG_MAX = 60


@lru_cache(maxsize=1)
def _rules() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(p), r) for p, r in load_vocab("kpi_registry")["normalise"]]


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(load_vocab("kpi_registry")["stopwords"])


def normalise_name(name: str) -> str:
    """The comparable form of a KPI name: '% of' for 'Percentage of', one spelling of rolling
    windows and abbreviations, no punctuation, no abbreviation-only brackets."""
    text = unicodedata.normalize("NFKC", name).lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    for pattern, repl in _rules():
        text = pattern.sub(repl, text)
    return re.sub(r"\s+", " ", text).strip()


def content_tokens(normalised: str) -> list[str]:
    return [t for t in re.split(r"[\s()]+", normalised) if t and t not in _stopwords()]


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9%]+", "-", text.lower()).replace("%", "pct").strip("-")


def _negates(a: str, b: str) -> bool:
    prefixes = load_vocab("kpi_registry")["negating_prefixes"]
    return any(a == p + b or b == p + a for p in prefixes)


def _variant(token: str, others: list[str]) -> bool:
    """`token` is a spelling variant of some token in `others` (not a different word)."""
    if any(c.isdigit() for c in token):
        return False
    return any(
        not any(c.isdigit() for c in o) and not _negates(token, o) and fuzz.ratio(token, o) >= 80
        for o in others
    )


def differing_words_are_variants(a: str, b: str) -> bool:
    ta, tb = content_tokens(a), content_tokens(b)
    only_a = [t for t in ta if t not in tb]
    only_b = [t for t in tb if t not in ta]
    return all(_variant(t, only_b) for t in only_a) and all(_variant(t, only_a) for t in only_b)


def similarity(a: str, b: str) -> float:
    """rapidfuzz token_sort_ratio of two normalised names (0..100)."""
    return float(fuzz.token_sort_ratio(" ".join(content_tokens(a)), " ".join(content_tokens(b))))


@dataclass(frozen=True)
class Resolution:
    kpi_id: str
    method: Method
    score: float
    matched: str | None = None  # the registry wording it matched


def area_slug(area: str | None) -> str:
    """The id prefix of an area: its registry slug when the area is a known QPR area."""
    if not area:
        return "unassigned"
    key = match_key(area)
    for entry in load_vocab("qpr_areas")["areas"]:
        if key in {match_key(a) for a in [entry["canonical"], *entry["aliases"]]}:
            return str(entry["slug"])
    return slugify(area) or "unassigned"


def new_kpi_id(name: str, area: str | None) -> str:
    """A stable id for a KPI not in the registry: area slug + slug of the normalised name
    (long names cut at a word boundary, with a short hash of the full name to stay unique)."""
    norm = normalise_name(name)
    slug = slugify(" ".join(content_tokens(norm)))
    if len(slug) > _SLUG_MAX:
        digest = hashlib.sha1(norm.encode("utf-8")).hexdigest()[:6]
        slug = slug[:_SLUG_MAX].rsplit("-", 1)[0] + "-" + digest
    return f"{area_slug(area)}/{slug or 'kpi'}"


@dataclass
class KpiRegistry:
    """Known KPI wordings (normalised) -> id; grows as new KPIs are minted."""

    wordings: dict[str, str] = field(default_factory=dict)
    threshold: float = 90.0

    @classmethod
    def from_vocab(cls) -> KpiRegistry:
        data: dict[str, Any] = load_vocab("kpi_registry")
        reg = cls(threshold=float(data["fuzzy_threshold"]))
        for entry in data["kpis"]:
            for wording in [entry["name"], *entry["aliases"]]:
                reg.wordings.setdefault(normalise_name(wording), entry["id"])
        return reg

    def resolve(self, name: str, area: str | None = None) -> Resolution:
        norm = normalise_name(name)
        if norm in self.wordings:
            return Resolution(self.wordings[norm], "exact", 100.0, norm)
        best: tuple[float, str] | None = None
        for wording in self.wordings:
            score = similarity(norm, wording)
            if score >= self.threshold and (best is None or score > best[0]):
                if differing_words_are_variants(norm, wording):
                    best = (score, wording)
        if best is not None:
            return Resolution(self.wordings[best[1]], "fuzzy", best[0], best[1])
        kpi_id = new_kpi_id(name, area)
        self.wordings[norm] = kpi_id
        return Resolution(kpi_id, "new", 0.0, None)


@lru_cache(maxsize=1)
def default_registry() -> KpiRegistry:
    """The registry from the vocabulary file (copy it before resolving, to keep minted ids local)."""
    return KpiRegistry.from_vocab()


def registry() -> KpiRegistry:
    base = default_registry()
    return KpiRegistry(wordings=dict(base.wordings), threshold=base.threshold)
