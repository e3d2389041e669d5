"""Shares of one scale adding to more than the whole: "86.3% ... had a very positive experience ...,
and 15.8% had a positive experience" (102.1% of the respondents).

Only the unmistakable form is read: percentages in one sentence, each in its own clause, whose
clauses name the same answer ("positive experience") at different degrees ("very", none), as the
categories of one survey question are. Percentages of different things ("93% of schools and 80%
of pupils") never share such an answer, so they are never added; nor is a cumulative share
("94% excellent or very good ... 100% including good"), which contains the others. Each share
stands for ±half a unit of its last digit, so the sum is reported only beyond what rounding allows.
"""

from __future__ import annotations

import re
from itertools import combinations

from extractor.audit.findings import sentences, text_finding
from extractor.schemas.document import Document, Finding
from extractor.schemas.labels import load
from extractor.schemas.table_figures import TableFigures

CHECK = "shares"
_SHARE = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s?%")
_CLAUSE_END = re.compile(r"[,;:]|\.(?:\s|$)")
_WORD = re.compile(r"[a-z]+")


def _answer(clause: str) -> tuple[str | None, str]:
    """The degree word and the answer it grades in a clause: ('very', 'positive experience')."""
    degrees = set(load("audit")["text_checks"]["answer_degrees"])
    words = _WORD.findall(clause.lower())
    for i in range(len(words) - 1):
        if words[i] in degrees and words[i + 1] not in degrees:
            return words[i], " ".join(words[i + 1 : i + 3])
    return None, ""


def _clauses(sentence: str) -> list[tuple[float, int, str]]:
    """Each share with the decimals it was printed to and the clause after it."""
    out = []
    for m in _SHARE.finditer(sentence):
        # searched from the share's end, not in a copy of the rest (a share ends in '%', so the
        # lookbehind of the next share sees what it would at the start of the copy)
        nxt = _SHARE.search(sentence, m.end())
        end = _CLAUSE_END.search(sentence, m.end())
        stop = min(x.start() for x in (nxt, end) if x is not None) if (nxt or end) else len(sentence)
        decimals = len(m.group(1).split(".")[1]) if "." in m.group(1) else 0
        out.append((float(m.group(1)), decimals, sentence[m.end() : stop]))
    return out


def _same_scale(a: str, b: str) -> bool:
    """Two clauses grade one answer at different degrees ("very positive experience" and
    "positive experience")."""
    degree_a, answer_a = _answer(a)
    degree_b, answer_b = _answer(b)
    if degree_a and degree_b:
        return answer_a == answer_b and degree_a != degree_b
    degree, answer, other = (degree_a, answer_a, b) if degree_a else (degree_b, answer_b, a)
    return bool(degree) and bool(answer) and f" {answer}" in " " + " ".join(_WORD.findall(other.lower()))


def _cumulative(clause: str) -> bool:
    key = " " + " ".join(_WORD.findall(clause.lower())) + " "
    return any(f" {w} " in key for w in load("audit")["text_checks"]["cumulative_shares"])


def check(doc: Document, grids: list[TableFigures]) -> list[Finding]:
    findings = []
    for p, sentence in sentences(doc):
        for (v1, d1, c1), (v2, d2, c2) in combinations(_clauses(sentence), 2):
            slack = 0.5 * 10**-d1 + 0.5 * 10**-d2
            parts = not _cumulative(c1) and not _cumulative(c2)
            if v1 + v2 > 100 + slack and parts and _same_scale(c1, c2):
                findings.append(
                    text_finding(
                        p.page,
                        p.bbox,
                        sentence,
                        f"Shares of one answer add to {v1 + v2:g}%, more than the whole: {sentence[:200]}",
                        reported=f"{v1:g}% + {v2:g}%",
                        expected="100%",
                        check=CHECK,
                    )
                )
    return findings
