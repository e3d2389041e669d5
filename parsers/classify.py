"""What kind of document a run of pages is, judged from its content.

A report's own words decide: its opening lines (cover sheet Subject, title page) name the kind of
document, and its pages use that kind's vocabulary (minutes: PRESENT, RESOLVED, "(Item 3)"; a QPR:
KPIs, RAG, floor standards; budget monitoring: forecast outturn, overspend; a risk register:
likelihood, impact, risk owner). The cues and weights live in `schemas/vocab/document_types.json`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from extractor.parsers.layout import TextLine
from extractor.schemas.vocabulary import load_vocab

PageLines = dict[int, list[TextLine]]


@dataclass
class Classification:
    document_type: str  # one of the contract's document_type words
    scores: dict[str, float] = field(default_factory=dict)
    has_cover: bool = False


@dataclass(frozen=True)
class _Cues:
    title: list[re.Pattern[str]]
    body: list[re.Pattern[str]]


@lru_cache(maxsize=1)
def _vocab() -> tuple[dict[str, Any], dict[str, _Cues], list[re.Pattern[str]]]:
    v = load_vocab("document_types")
    flags = re.IGNORECASE
    cues = {
        name: _Cues(
            [re.compile(p, flags) for p in spec["title"]], [re.compile(p, flags) for p in spec["body"]]
        )
        for name, spec in v["types"].items()
    }
    cover = [re.compile(p, flags) for p in v["cover"]]
    return v, cues, cover


def _texts(pages: list[int], lines: PageLines) -> list[list[str]]:
    return [[" ".join(ln.text.split()) for ln in lines.get(p, [])] for p in pages]


def _opening(texts: list[list[str]], settings: dict[str, Any]) -> list[tuple[str, float]]:
    """Where a report says what it is: the first lines of its first pages and any Subject line, each
    with a weight; the first page speaks loudest (later pages open with section headings)."""
    labels = [re.compile(p, re.IGNORECASE) for p in settings["subject_labels"]]
    head = int(settings["opening_lines"])
    out: list[tuple[str, float]] = []
    for k, page in enumerate(texts[: int(settings["opening_pages"])]):
        weight = 1.0 if k == 0 else float(settings["later_page_weight"])
        out.extend((line, weight) for line in page[:head])
        out.extend((line, weight) for line in page[head:] if any(p.search(line) for p in labels))
    return out


_SPECIAL = set(".^$*+?{}[]\\|()")


def _structure(pattern: str, i: int = 0) -> Iterator[tuple[int, str]]:
    """(index, character) of `pattern`'s characters from `i`, escapes skipped, a character class
    given as one "[" at its closing bracket's index (-1 when it never closes, and nothing after)."""
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            close = pattern.find("]", i + 2)
            yield close, c
            if close < 0:
                return
            i = close + 1
            continue
        yield i, c
        i += 1


def _top_level_alternatives(pattern: str) -> bool:
    """`pattern` has a '|' outside every group (or a character class it cannot tell)."""
    depth = 0
    for i, c in _structure(pattern):
        if i < 0 or (c == "|" and depth == 0):
            return True
        depth += (c == "(") - (c == ")")
    return False


def _closing(pattern: str, i: int) -> int:
    """The index just past the group or character class opening at `i` (-1 if it never closes)."""
    depth = 0
    for j, c in _structure(pattern, i):
        if j < 0:
            return -1
        if c == "[" and depth == 0:
            return j + 1
        depth += (c == "(") - (c == ")")
        if c == ")" and depth == 0:
            return j + 1
    return -1


# escapes that match no literal text of their own: a run of literals ends at them, and goes on after
_CLASS_ESCAPES = set("bBdDsSwWAZ")


def needed_text(pattern: str) -> str:
    """Lower-case ASCII text that every match of `pattern` holds: its longest run of literal
    characters outside groups, classes and quantifiers ('' when it has none or has alternatives
    at its top level); '^in (?:virtual )?attendance' needs 'attendance'."""
    if _top_level_alternatives(pattern) or re.compile(pattern).flags & re.VERBOSE:
        return ""
    runs: list[str] = []
    run: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\" and i + 1 < len(pattern) and not pattern[i + 1].isalnum():
            char, step = pattern[i + 1], 2  # escaped punctuation: "\\("
        elif pattern[i] not in _SPECIAL:
            char, step = pattern[i], 1
        else:
            runs.append("".join(run))
            run = []
            if pattern[i] == "\\":
                if pattern[i + 1 : i + 2] not in _CLASS_ESCAPES:
                    break  # "\\u00a3", a back-reference: read no further
                i += 2
            elif pattern[i] in "([":
                i = _closing(pattern, i)
                if i < 0:
                    break
            elif pattern[i] == "{":
                close = pattern.find("}", i)
                if close < 0:
                    break
                i = close + 1
            else:
                i += 1  # an anchor, a dot or a quantifier
            continue
        if not char.isascii():
            break  # a letter whose case folding leaves ASCII
        following = pattern[i + step : i + step + 1]
        i += step
        if following and following in "?*{":
            runs.append("".join(run))  # an optional character ends the run, without it
            run = []
            continue
        run.append(char)
        if following == "+":
            runs.append("".join(run))
            run = []
    runs.append("".join(run))
    return max(runs, key=len).lower()


@dataclass(frozen=True)
class _CueIndex:
    """The body cues arranged for testing many lines: most lines hold none."""

    any_cue: re.Pattern[str]  # every type's cues as one alternation (lines with letters outside ASCII)
    # per type, per cue: its index, the text it needs and the cue with the ASCII flag (ASCII lines:
    # the same matches, faster; lines are split and rejoined on spaces, so the two flags' spaces agree)
    ascii_cues: dict[str, list[tuple[int, str, re.Pattern[str]]]]


@lru_cache(maxsize=1)
def _cue_index() -> _CueIndex:
    types = _vocab()[0]["types"]
    alternation = "|".join(f"(?:{p})" for spec in types.values() for p in spec["body"]) or "(?!)"
    flags = re.IGNORECASE | re.ASCII
    ascii_cues = {
        name: [(i, needed_text(p), re.compile(p, flags)) for i, p in enumerate(spec["body"])]
        for name, spec in types.items()
    }
    return _CueIndex(re.compile(alternation, re.IGNORECASE), ascii_cues)


_NONE: dict[str, tuple[int, ...]] = {}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=1024)
def _inert(char: str) -> bool:
    """A character no cue can tell from punctuation ('£', '’', '–', '•'): not a letter, digit or
    space, and without case. A line whose only characters outside ASCII are such is read as ASCII."""
    return not (char.isalnum() or char.isspace()) and char.lower() == char == char.upper()


@lru_cache(maxsize=1 << 16)
def _cue_hits(line: str) -> dict[str, tuple[int, ...]]:
    """The body cues of each document type that a line holds (a line is classified again with
    the whole document and with its agenda item, and furniture repeats on every page)."""
    index = _cue_index()
    if line.isascii() or all(map(_inert, set(_NON_ASCII.findall(line)))):
        low = line.lower()
        found: dict[str, tuple[int, ...]] = {}
        for name, cues in index.ascii_cues.items():
            hits = [i for i, need, p in cues if need in low and p.search(line)]
            if hits:
                found[name] = tuple(hits)
        return found or _NONE
    if index.any_cue.search(line) is None:
        return _NONE
    return {
        name: tuple(i for i, pattern in enumerate(cues.body) if pattern.search(line))
        for name, cues in _vocab()[1].items()
    }


def _body_hits(texts: list[list[str]]) -> tuple[dict[str, set[int]], dict[str, int]]:
    """Each document type's distinct body cues and its number of hits over the lines, read in one
    pass for every type (a line's cues of all types are found at once)."""
    distinct: dict[str, set[int]] = {}
    hits: dict[str, int] = {}
    for page in texts:
        for line in page:
            for name, found in _cue_hits(line).items():
                distinct.setdefault(name, set()).update(found)
                hits[name] = hits.get(name, 0) + len(found)
    return distinct, hits


def _body_score(cues: _Cues, distinct: set[int], hits: int, pages: int, density_weight: float) -> float:
    if not cues.body or not pages:
        return 0.0
    # distinct cues say "this vocabulary is here"; hits per page say "it is what the pages are about"
    return len(distinct) * len(distinct) / len(cues.body) + density_weight * min(hits / pages, 5.0)


def classify_pages(pages: list[int], lines: PageLines) -> Classification:
    """The document type of the given physical pages (an agenda item's papers, or a whole PDF)."""
    settings, cues, cover = _vocab()
    texts = _texts(pages, lines)
    opening = _opening(texts, settings)
    scores: dict[str, float] = {}
    titled: dict[str, float] = {}
    distinct, hits = _body_hits(texts)
    for name, c in cues.items():
        title_hits = min(sum(weight for line, weight in opening if any(p.search(line) for p in c.title)), 2.0)
        if title_hits:
            titled[name] = title_hits
        scores[name] = settings["title_weight"] * title_hits + _body_score(
            c, distinct.get(name, set()), hits.get(name, 0), len(texts), settings["density_weight"]
        )
    has_cover = sum(1 for line, _ in opening if any(p.search(line) for p in cover)) >= 2
    # a document that names its kind is that kind (the most clearly named, then the best-scoring);
    # vocabulary alone must be overwhelming to overrule a silent title
    pool = [n for n in scores if n in titled] or list(scores)
    best = max(pool, key=lambda n: (titled.get(n, 0.0), scores[n])) if pool else None
    threshold = settings["min_score"] if best in titled else settings["body_min_score"]
    if best is not None and scores[best] >= threshold:
        return Classification(best, scores, has_cover)
    return Classification("report" if has_cover else "other", scores, has_cover)
