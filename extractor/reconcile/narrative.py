"""Narrative vs table: a sentence's money figure restating a directorate's cell.

A sentence that names exactly one directorate (by name or abbreviation, from the vocabulary) and
one measure word (overspend/underspend -> variance, budget, forecast) is matched to the tables'
row for that directorate under that measure. The sentence agrees when its figure equals some such
cell within the printed rounding; when rows exist and none agrees, the finding is a warning (the
sentence may speak of another period or scope), never an error.
"""

from __future__ import annotations

import re

from extractor.reconcile.grid import Cell, Grid
from extractor.reconcile.vocab import directorate, measure
from schemas.document import Document, Evidence, Figure, Finding

CHECK = "narrative"
SENTENCE_MEASURES = {"overspend": "variance", "underspend": "variance", "variance": "variance"}


def _sentence_measure(sentence: str) -> str | None:
    for word, m in SENTENCE_MEASURES.items():
        if re.search(rf"\b{word}\b", sentence, re.IGNORECASE):
            return m
    return None


def _directorates_in(sentence: str) -> set[str]:
    found = set()
    for token in re.findall(r"\b[A-Z]{2,5}\b|[A-Z][\w',&]*(?:\s+(?:[A-Z][\w',&]*|&|and))+", sentence):
        d = directorate(token)
        if d:
            found.add(d[0])
    return found


def _cells(grids: list[Grid], name: str, wanted: str) -> list[Cell]:
    out: list[Cell] = []
    for g in grids:
        cols = [c for c in g.numeric_cols if measure(g.headers[c]) == wanted]
        for r, label in enumerate(g.labels):
            d = directorate(label) if label else None
            if d and d[0] == name:
                out.extend(cell for c in cols if (cell := g.cells[r][c]) is not None)
    return out


def _check_figure(fig: Figure, grids: list[Grid]) -> Finding | None:
    if fig.value_gbp_m is None:
        return None
    names = _directorates_in(fig.sentence)
    wanted = _sentence_measure(fig.sentence)
    if len(names) != 1 or not wanted:
        return None
    cells = _cells(grids, next(iter(names)), wanted)
    if not cells:
        return None
    value = abs(fig.value_gbp_m)
    if any(abs(abs(c.number.value_gbp_m or c.value) - value) <= c.number.half_unit + 1e-9 for c in cells):
        return None
    nearest = min(cells, key=lambda c: abs(abs(c.value) - value))
    return Finding(
        kind="narrative_vs_table",
        severity="warning",
        page=fig.page,
        pages=sorted({fig.page, nearest.page}),
        description=f"Narrative gives {fig.text} for {next(iter(names))} ({wanted}); the tables print "
        f"{', '.join(sorted({c.number.text for c in cells}))}",
        reported=fig.value,
        expected=nearest.value,
        difference=round(value - abs(nearest.value), 6),
        evidence=[Evidence(page=fig.page, bbox=fig.bbox, text=fig.text), nearest.evidence()],
        check=CHECK,
    )


def check(doc: Document, grids: list[Grid]) -> list[Finding]:
    out = []
    for fig in doc.figures:
        found = _check_figure(fig, grids)
        if found:
            out.append(found)
    return out
