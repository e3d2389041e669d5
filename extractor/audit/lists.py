"""A stated count against the items that follow it.

Two list shapes are read, both only when the list is unambiguous:

- Numbered sub-items: a numbered paragraph ("3.1 ... three risks had been added to the
  register:") whose last sentence ends in a colon and holds exactly one count of a plural noun,
  followed by sub-paragraphs 3.1.1, 3.1.2, ... numbered consecutively. Text without a number may
  sit between them; the list ends at the first paragraph numbered outside 3.1.
- Items with a status: a sentence counting items of a kind the vocabulary names ("Updates have
  been provided for 33 actions ... summarised below") followed by items each carrying one status
  word (Complete, Partially Complete, Regular Review, ...). Status words are counted in the
  following text (headings included) until the agenda item ends or a run of paragraphs carries
  none. A heading row naming several statuses (a table's column headings) is not an item. Reported
  only when the recount is close to the stated count (a recount far off means the list was not
  read whole, not that the document is wrong).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from extractor.schemas.document import Document, Evidence, Finding, Paragraph
from extractor.schemas.labels import load
from extractor.schemas.numbers import parse_count_word
from extractor.schemas.table_figures import TableFigures

CHECK = "lists"
_NUMBERED = re.compile(r"^\s*(\d+(?:\.\d+)+|\d+\.)\s+\S")


@lru_cache(maxsize=1)
def _count() -> re.Pattern[str]:
    words = sorted(load("numbers")["number_words"], key=len, reverse=True)
    # a count of a plural noun, an adjective or two allowed between ("three new risks")
    return re.compile(
        rf"(?<![\d.,£])\b(?P<n>\d{{1,3}}|{'|'.join(words)})\b(?!\.\d)(?P<gap>(?:\s+[a-z-]+){{0,2}}?)\s+(?P<noun>[a-z]{{3,}}s)\b",
        re.IGNORECASE,
    )


def _number(p: Paragraph) -> str | None:
    m = _NUMBERED.match(p.text)
    return m[1].rstrip(".") if m else None


def _colon_count(text: str) -> tuple[int, str] | None:
    """The one count in a paragraph's last sentence when it introduces a list with a colon."""
    sentence = re.split(r"(?<=[.!?])\s+", text.strip())[-1]
    if not sentence.endswith(":"):
        return None
    body = _NUMBERED.sub(lambda m: " " * len(m[0][:-1]) + m[0][-1], sentence)
    hits = [m for m in _count().finditer(body) if not re.search(r"[\d%£]", m["gap"] or "")]
    if len(hits) != 1:
        return None
    n = parse_count_word(hits[0]["n"])
    return (n, hits[0].group(0)) if n is not None and n > 1 else None


def _numbered_lists(paragraphs: list[Paragraph]) -> list[Finding]:
    out = []
    for i, p in enumerate(paragraphs):
        number = _number(p)
        claim = _colon_count(p.text) if number else None
        if not claim or number is None:
            continue
        items: list[Paragraph] = []
        for q in paragraphs[i + 1 :]:
            sub = _number(q)
            if sub is None:
                continue
            if not sub.startswith(number + "."):
                break
            if sub != f"{number}.{len(items) + 1}":
                items = []  # not numbered one after another: ambiguous
                break
            items.append(q)
        n, text = claim
        if len(items) < 2 or len(items) == n:
            continue
        out.append(
            _count_finding(
                p,
                items,
                f"Paragraph {number} says '{text}', then lists {len(items)} items "
                f"({', '.join(_number(q) or '' for q in items)})",
                n,
                len(items),
                [Evidence(page=p.page, bbox=p.bbox, text=text)]
                + [Evidence(page=q.page, bbox=q.bbox, text=_number(q) or "") for q in items],
            )
        )
    return out


@lru_cache(maxsize=1)
def _status_vocab() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    v = load("audit")["status_lists"]
    statuses: dict[str, str] = v["statuses"]
    words = sorted(statuses, key=len, reverse=True)
    # Title case as printed, opening a text or glued to the title before it ("...from harmComplete");
    # after a space it is prose or a column heading ("Good or Outstanding", "subject to Regular Review").
    status = re.compile(rf"(?:^|(?<=[a-z)]))(?:{'|'.join(map(re.escape, words))})(?![a-z])")
    number = r"\d{1,3}|" + "|".join(load("numbers")["number_words"])
    claim = re.compile(rf"\b(?P<n>{number})\s+(?P<noun>{'|'.join(v['subjects'])})\b", re.IGNORECASE)
    return status, claim, statuses


@lru_cache(maxsize=1)
def _claim_noun() -> re.Pattern[str]:
    """The noun a status-list claim counts, after a space: every claim holds it, and most
    paragraphs do not, so the claim's own expression (a number at every word) runs on few."""
    return re.compile(rf"\s(?:{'|'.join(load('audit')['status_lists']['subjects'])})\b", re.IGNORECASE)


def _stream(paragraphs: list[Paragraph], start: int, last_page: int) -> list[tuple[Paragraph, str]]:
    """The text after paragraph `start`: each new heading, then each paragraph, up to `last_page`."""
    out = []
    previous = paragraphs[start].heading_path
    for q in paragraphs[start + 1 :]:
        if q.page > last_page:
            break
        if q.heading_path and q.heading_path[-1] not in previous:
            out.append((q, q.heading_path[-1]))
        previous = q.heading_path
        out.append((q, q.text))
    return out


def _statuses_in(text: str) -> list[str]:
    status, _, statuses = _status_vocab()
    found = [statuses[m.group(0)] for m in status.finditer(text)]
    return [] if len(set(found)) > 2 else found  # several statuses at once: column headings


def _status_lists(doc: Document) -> list[Finding]:
    _, claim_re, _ = _status_vocab()
    gap = int(load("audit")["status_lists"]["max_paragraphs_without_status"])
    paragraphs = doc.paragraphs
    out = []
    for i, p in enumerate(paragraphs):
        if _claim_noun().search(p.text) is None:
            continue
        claims = list(claim_re.finditer(p.text))
        if len(claims) != 1 or not re.search(r"\b(below|following|as follows)\b|:\s*$", p.text, re.I):
            continue
        n = parse_count_word(claims[0]["n"])
        if n is None or n < 2:
            continue
        last_page = next(
            (
                a.page_end
                for a in doc.agenda_items
                if a.page_start and a.page_end and a.page_start <= p.page <= a.page_end
            ),
            p.page + max(3, n // 3),
        )
        counted: Counter[str] = Counter()
        seen: list[Paragraph] = []
        quiet = 0
        for q, text in _stream(paragraphs, i, last_page):
            found = _statuses_in(text)
            if found:
                counted.update(found)
                seen.append(q)
                quiet = 0
            elif counted:
                quiet += 1
                if quiet > gap:
                    break
        total = sum(counted.values())
        if total == n or len(counted) < 2 or abs(total - n) > max(2, n // 10):
            continue
        out.append(
            _count_finding(
                p,
                seen,
                f"'{claims[0].group(0)}', but the items listed after it carry "
                + " / ".join(f"{k} {c}" for k, c in counted.most_common())
                + f" = {total}",
                n,
                total,
                [Evidence(page=p.page, bbox=p.bbox, text=claims[0].group(0))],
            )
        )
    return out


def _count_finding(
    claim: Paragraph,
    items: list[Paragraph],
    description: str,
    stated: int,
    listed: int,
    evidence: list[Evidence],
) -> Finding:
    """A stated count that the items listed after it do not bear out."""
    return Finding(
        kind="count_vs_table",
        severity="error",
        page=claim.page,
        pages=sorted({claim.page, *(q.page for q in items)}),
        description=description,
        reported=stated,
        expected=listed,
        difference=stated - listed,
        evidence=evidence,
        check=CHECK,
    )


def check(doc: Document, grids: list[TableFigures]) -> list[Finding]:
    return _numbered_lists(doc.paragraphs) + _status_lists(doc)
