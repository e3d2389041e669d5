"""Counts against the rows they count.

- Each area's RAG summary row against its KPI rows (latest RAG and direction of travel recounted;
  the ratings, or the arrows, only when every row's is known: an unreadable one is no zero).
- Narrative count claims ("seventeen showing a decline", "15 are rated Green", "8 KPIs did not meet
  the floor standard") against the summary counts: a claim must equal the overall total or one
  area's count in that category. Only a claim that matches neither is reported.
- A measure said to have risen or improved just after a sentence counting an area's indicators,
  while that area's summary shows no improving indicator (warning).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from extractor.schemas.document import Document, Evidence, Finding, Paragraph, RagSummary, Severity
from extractor.schemas.labels import approximate_before, load, norm_label
from extractor.schemas.numbers import parse_count_word
from extractor.schemas.table_figures import TableFigures

CHECK = "counts"
CATEGORIES = ("green", "amber", "red", "improving", "stable", "worsening")
RAG_FIELD = {"GREEN": "green", "AMBER": "amber", "RED": "red"}
PARAGRAPHS_AFTER_AREA = 3  # how far an area's count sentence sets the subject of what follows
WORDS_BETWEEN = 4  # how far a category word may follow its count ("seventeen showing a decline")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@lru_cache(maxsize=1)
def _claim_pattern() -> re.Pattern[str]:
    words = sorted(load("numbers")["number_words"], key=len, reverse=True)
    number = rf"\b(?P<n>\d{{1,3}}|{'|'.join(words)})\b"
    cats = "|".join(
        f"(?P<{cat}>{'|'.join(re.escape(w) for w in load('audit')['count_categories'][cat])})"
        for cat in CATEGORIES
    )
    # Whole words only: "red" is not in "reduced", "green" not in "greenhouse".
    return re.compile(
        rf"{number}(?P<gap>(?:\s+[\w()',-]+){{0,{WORDS_BETWEEN}}}?)\s+(?:{cats})\b", re.IGNORECASE
    )


def _recount(doc: Document) -> list[Finding]:
    out = []
    for summary in doc.rag_summary:
        rows = [k for k in doc.kpis if k.area and norm_label(k.area) == norm_label(summary.area)]
        if len(rows) < summary.green + summary.amber + summary.red:
            continue  # only some KPIs are printed as text (the rest are images): nothing to recount
        counted: Counter[str] = Counter()
        for k in rows:
            if k.rag_latest:
                counted[RAG_FIELD[k.rag_latest]] += 1
            if k.dot:
                counted[k.dot] += 1
        # an unknown rating or arrow is not a zero: a kind is recounted only when every row is known
        known = {
            **dict.fromkeys(RAG_FIELD.values(), all(k.rag_latest for k in rows)),
            **dict.fromkeys(("improving", "stable", "worsening"), all(k.dot for k in rows)),
        }
        for cat in CATEGORIES:
            stated = getattr(summary, cat)
            if stated == counted[cat] or not known[cat]:
                continue
            # Arrow glyphs are easily misread; RAG words are not.
            severity: Severity = "error" if cat in RAG_FIELD.values() else "warning"
            out.append(
                Finding(
                    kind="count_vs_table",
                    severity=severity,
                    page=summary.page,
                    pages=sorted({summary.page, *(k.page for k in rows)}),
                    table_id=summary.table_id,
                    description=f"{summary.area}: summary says {stated} {cat}, the {len(rows)} KPI rows give "
                    f"{counted[cat]}",
                    reported=stated,
                    expected=counted[cat],
                    difference=stated - counted[cat],
                    evidence=[Evidence(page=summary.page, bbox=summary.bbox, text=str(stated))]
                    + [Evidence(page=k.page, bbox=k.bbox, text=k.name) for k in rows][:10],
                    check=CHECK,
                )
            )
    return out


@lru_cache(maxsize=1)
def _stopwords() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{'|'.join(load('audit')['count_gap_stopwords'])})\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _subject() -> re.Pattern[str]:
    return re.compile(rf"\b{load('audit')['count_subjects']}\b", re.IGNORECASE)


@lru_cache(maxsize=1 << 12)  # claims and the area a measure belongs to read the same sentences
def _sentences(text: str) -> tuple[tuple[str, bool], ...]:
    """A paragraph's sentences, each with whether it speaks of indicators (names a count subject)."""
    return tuple((s, _subject().search(s) is not None) for s in _SENTENCE_END.split(text))


def _claims(paragraph: Paragraph) -> list[tuple[str, int, str]]:
    """(category, count, matched text) for each count claim in a paragraph.

    A claim counts indicators: its sentence must say so ("Eight indicators were improving, with
    seventeen showing a decline"), and nothing but words may stand between count and category."""
    out = []
    for sentence, counts_indicators in _sentences(paragraph.text):
        if counts_indicators:
            out.extend(_sentence_claims(sentence))
    return out


def _sentence_claims(sentence: str) -> list[tuple[str, int, str]]:
    out = []
    for m in _claim_pattern().finditer(sentence):
        gap = m["gap"] or ""
        if re.search(r"[\d.;:]", gap) or _stopwords().search(gap):
            continue  # the category word belongs to another clause, figure or unit
        if re.search(r"\bof\s+(the\s+)?$", sentence[: m.start()]) or re.match(
            r"\s*of\b", sentence[m.end("n") :]
        ):
            continue  # "17 of the 38": 38 is the whole, and a part of an unnamed whole is not checked
        if m.group(0).split()[-1].isupper():
            continue  # an upper-case RAG word is a table cell, not prose
        if approximate_before(sentence[: m.start()]):
            continue  # "around 15 are green" is not an exact count
        n = parse_count_word(m["n"])
        cat = next((c for c in CATEGORIES if m[c]), None)
        if n is not None and cat:
            out.append((cat, n, m.group(0)))
    return out


def _narrative_claims(doc: Document) -> list[Finding]:
    if not doc.rag_summary:
        return []
    rows: list[RagSummary] = doc.rag_summary
    totals = {cat: sum(getattr(r, cat) for r in rows) for cat in CATEGORIES}
    out = []
    for p in doc.paragraphs:
        for cat, n, text in _claims(p):
            if n == totals[cat] or any(getattr(r, cat) == n for r in rows):
                continue
            out.append(
                Finding(
                    kind="narrative_vs_table",
                    severity="warning" if abs(n - totals[cat]) > max(3, totals[cat] // 2) else "error",
                    page=p.page,
                    pages=sorted({p.page, rows[0].page}),
                    table_id=rows[0].table_id,
                    description=f"Narrative says '{text}', but the summary table counts {totals[cat]} {cat} "
                    f"in total and no area has {n}",
                    reported=n,
                    expected=totals[cat],
                    difference=n - totals[cat],
                    evidence=[Evidence(page=p.page, bbox=p.bbox, text=text)],
                    check=CHECK,
                )
            )
    return out


def _area_of(sentence: str, counts_indicators: bool, rows: list[RagSummary]) -> RagSummary | None:
    """The area a sentence counts indicators for ("Of the 5 indicators measured for Adult Social Care")."""
    if not counts_indicators:
        return None
    key = f" {norm_label(sentence)} "
    named = [r for r in rows if f" {norm_label(r.area)} " in key]
    return named[0] if len(named) == 1 else None


def _rises_without_improvers(doc: Document) -> list[Finding]:
    """After a sentence counting one area's indicators, a measure said to have risen or improved
    while that area's summary has no improving indicator. A warning: a rise in a lower-is-better
    measure is no improvement, and the measure may not be one of the area's KPIs."""
    pattern = re.compile(load("audit")["measure_rose"], re.IGNORECASE)
    out: list[Finding] = []
    area: RagSummary | None = None
    left = 0
    for p in doc.paragraphs:
        for sentence, counts_indicators in _sentences(p.text):
            if (named := _area_of(sentence, counts_indicators, doc.rag_summary)) is not None:
                area, left = named, PARAGRAPHS_AFTER_AREA + 1
                continue
            if area is None or left <= 0 or area.improving or not (m := pattern.search(sentence)):
                continue
            out.append(
                Finding(
                    kind="narrative_vs_table",
                    severity="warning",
                    page=p.page,
                    pages=sorted({p.page, area.page}),
                    table_id=area.table_id,
                    description=f"Narrative says '{m.group(0)}', but the {area.area} summary shows no "
                    f"improving indicator ({area.stable} stable, {area.worsening} worsening)",
                    reported=m.group(0),
                    expected=area.improving,
                    evidence=[Evidence(page=p.page, bbox=p.bbox, text=m.group(0))]
                    + ([Evidence(page=area.page, bbox=area.bbox, text=area.area)] if area.bbox else []),
                    check=CHECK,
                )
            )
        left -= 1
    return out


def check(doc: Document, grids: list[TableFigures]) -> list[Finding]:
    return _recount(doc) + _narrative_claims(doc) + _rises_without_improvers(doc)
