"""Narrative vs table: a sentence's money figure restating a directorate's cell.

A sentence that names exactly one directorate (by name or abbreviation, from the vocabulary) and
one measure word (overspend/underspend -> variance, budget, forecast) is matched to the tables'
row for that directorate under that measure. The sentence agrees when its figure equals some such
cell within the printed rounding; when rows exist and none agrees, the finding is a warning (the
sentence may speak of another period or scope), never an error. A clause "A including B ... £x"
whose figure is A's alone while A + B differs is a warning too (the scope says both).
"""

from __future__ import annotations

import re

from extractor.schemas.document import Document, Evidence, Figure, Finding
from extractor.schemas.labels import directorate, measure
from extractor.schemas.table_figures import Cell, TableFigures

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


def _cells(grids: list[TableFigures], name: str, wanted: str) -> list[Cell]:
    out: list[Cell] = []
    for g in grids:
        cols = [c for c in g.numeric_cols if measure(g.headers[c]) == wanted]
        for r, label in enumerate(g.labels):
            d = directorate(label) if label else None
            if d and d[0] == name:
                out.extend(cell for c in cols if (cell := g.cells[r][c]) is not None)
    return out


def _check_figure(fig: Figure, grids: list[TableFigures]) -> Finding | None:
    if fig.value_gbp_m is None or fig.qualifier is not None:
        return None  # 'c. £2m', 'over £2m', 'up by £2m' are not the cell's exact value
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


def _clause(sentence: str, text: str) -> str | None:
    """The comma/semicolon clause holding the figure's text, when the text occurs once."""
    parts = [c for c in re.split(r"[,;]\s+|\s+and\s+", sentence) if text in c]
    return parts[0] if len(parts) == 1 and sentence.count(text) == 1 else None


def _check_including(fig: Figure, grids: list[TableFigures]) -> Finding | None:
    """ "NAC including Corporately Held Budgets ... -£17.5m": the figure should be the two rows
    together. Warning when it equals the first alone and misses the sum (the scope is ambiguous)."""
    clause = _clause(fig.sentence, fig.text) if fig.value_gbp_m is not None else None
    m = re.search(r"(.+?)\s+including\s+(.+?)\s+(?:is|are|was|were|has|have)\b", clause or "")
    wanted = _sentence_measure(clause or "")
    if not m or not wanted or fig.value_gbp_m is None:
        return None
    first, second = _directorates_in(m[1]), _directorates_in(m[2])
    if len(first) != 1 or len(second) != 1 or first == second:
        return None
    a = _cells(grids, next(iter(first)), wanted)
    b = _cells(grids, next(iter(second)), wanted)
    if not a or not b:
        return None
    ca, cb = a[0], b[0]
    value = fig.value_gbp_m
    both = (ca.number.value_gbp_m or ca.value) + (cb.number.value_gbp_m or cb.value)
    bound = ca.number.half_unit + cb.number.half_unit + 0.05
    alone = abs(abs(value) - abs(ca.number.value_gbp_m or ca.value)) <= ca.number.half_unit + 1e-9
    if abs(abs(value) - abs(both)) <= bound + 1e-9 or not alone:
        return None
    return Finding(
        kind="narrative_vs_table",
        severity="warning",
        page=fig.page,
        pages=sorted({fig.page, ca.page, cb.page}),
        description=f"Narrative gives {fig.text} for '{m[1].strip()} including {m[2].strip()}', which is "
        f"{ca.number.text} alone; with {cb.number.text} the two rows give {both:.1f}",
        reported=fig.value,
        expected=round(both, 3),
        difference=round(abs(value) - abs(both), 6),
        evidence=[Evidence(page=fig.page, bbox=fig.bbox, text=fig.text), ca.evidence(), cb.evidence()],
        check=CHECK,
    )


def check(doc: Document, grids: list[TableFigures]) -> list[Finding]:
    out = []
    for fig in doc.figures:
        for found in (_check_figure(fig, grids), _check_including(fig, grids)):
            if found:
                out.append(found)
    return out
