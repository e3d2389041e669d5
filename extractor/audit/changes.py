"""Narrative changes against a table: "x% increase/decrease" and "n more/fewer" claims recomputed.

A claim is a narrative figure (a percentage, or a count next to a direction word) in a clause
that names a comparison period the tables can show: "the previous Quarter" (the two latest
quarter columns of a table, three months apart) or "the 12 months to September 2023 ... compared
to the 12 months to September 2022" (two "12 months to" columns). The clause's other words name
the subject, matched to a row label ("complaints" -> "Total Complaints"; among several named
rows, the total row). Tables within two pages of the claim only, the nearest first.

The direction is compared first (an "increase" where the table falls is an error), then the size
with the rounding rule of DOMAIN.md section 6 rule 7: the claim stands for ±0.5 of its last
digit, the table figures for their own intervals; one unit beyond is a warning, more an error.
Percentage tables are skipped (a change of a percentage may be in points).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from extractor.schemas.document import Document, Evidence, Figure, Finding, Severity
from extractor.schemas.labels import load, norm_label
from extractor.schemas.periods import MONTHS, full_year, month_number
from extractor.schemas.table_figures import Cell, TableFigures

CHECK = "changes"
EPS = 1e-9
PAGES_AWAY = 2  # a section's table may sit a page or two from its commentary
MONTH = "(" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?"  # 'Sep', 'Sept.', 'September'
_SPAN = re.compile(rf"\b{MONTH}\s*'?(\d{{2,4}})?\s*(?:-|–|to)\s*{MONTH}\s*'?(\d{{2,4}})\b", re.IGNORECASE)
_QUARTER_TO = re.compile(rf"\bquarter\s+(?:to|ending)\s+{MONTH}\s*'?(\d{{2,4}})\b", re.IGNORECASE)
_TWELVE = re.compile(
    rf"\b12\s*(?:m|mths?|months?)\s+(?:to|ending)\s+{MONTH}\s*'?(\d{{2,4}})\b", re.IGNORECASE
)
_CLAUSES = re.compile(r",\s+|;\s+|\s+(?:and|but|while|whereas)\s+(?=\D)", re.IGNORECASE)

Month = tuple[int, int]  # (year, month) a period ends in


@dataclass(frozen=True, slots=True)
class Claim:
    figure: Figure
    clause: str
    direction: int  # +1 increase, -1 decrease
    percent: bool  # a relative change in %, else a difference in the table's unit
    period: tuple[str, Month | None, Month | None]  # ("quarter", None, None) or ("12m", new, old)


def _year(text: str | None) -> int | None:
    if not text:
        return None
    return full_year(int(text))


def _month(name: str) -> int:
    return month_number(name)


def column_period(header: str) -> tuple[str, Month] | None:
    """("quarter", end) for a three-month column, ("12m", end) for a twelve-month one."""
    if m := _TWELVE.search(header):
        y = _year(m[2])
        return ("12m", (y, _month(m[1]))) if y else None
    if m := _QUARTER_TO.search(header):
        y = _year(m[2])
        return ("quarter", (y, _month(m[1]))) if y else None
    if m := _SPAN.search(header):
        start, end, y = _month(m[1]), _month(m[3]), _year(m[4])
        if y and (end - start) % 12 == 2:
            return ("quarter", (y, end))
    return None


@lru_cache(maxsize=1)
def _vocab() -> dict[str, re.Pattern[str]]:
    v = load("audit")["change_claims"]
    return {
        key: re.compile(rf"\b(?:{'|'.join(v[key])})\b", re.IGNORECASE)
        for key in ("up", "down", "previous_quarter", "ignore_words")
    }


def _direction(text: str) -> int:
    up, down = bool(_vocab()["up"].search(text)), bool(_vocab()["down"].search(text))
    return 0 if up == down else (1 if up else -1)


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # what a regular expression's \w matches


def _whole_token_at(sentence: str, text: str) -> list[int]:
    """Where `text` stands in `sentence` as a whole token (no word character or '.' before it, no
    word character or '%' after it), scanned left to right without overlaps; a string search
    rather than an expression compiled for each figure's text."""
    hits: list[int] = []
    pos = sentence.find(text) if text else -1
    while pos >= 0:
        end = pos + len(text)
        before = sentence[pos - 1] if pos else ""
        after = sentence[end] if end < len(sentence) else ""
        if not (before and (_word_char(before) or before == ".")) and not (
            after and (_word_char(after) or after == "%")
        ):
            hits.append(pos)
            pos = sentence.find(text, end)
        else:
            pos = sentence.find(text, pos + 1)
    return hits


def _clause_of(sentence: str, text: str) -> tuple[str, str] | None:
    """The clause holding `text` (once, as a whole token) and everything before it."""
    hits = _whole_token_at(sentence, text)
    if len(hits) != 1:
        return None
    start = 0
    for m in _CLAUSES.finditer(sentence):
        if m.end() > hits[0]:
            return sentence[start : m.start()], sentence[:start]
        start = m.end()
    return sentence[start:], sentence[:start]


_BY_OF = re.compile(r"\b(?:by|of)\s+\Z")
_WORD_AFTER = re.compile(r"\s+\w")


def _beside_words(near: str, text: str) -> bool:
    """`text` somewhere in `near` right after 'by' or 'of' and spaces, or right before spaces and
    a word (one search per occurrence, rather than an expression compiled for every figure)."""
    at = near.find(text)
    while at >= 0:
        if _BY_OF.search(near, 0, at) or _WORD_AFTER.match(near, at + len(text)):
            return True
        at = near.find(text, at + 1)
    return False


def _claim(fig: Figure) -> Claim | None:
    if fig.qualifier not in (None, "change") or fig.unit in ("£m", "£k", "£000s", "£"):
        return None
    found = _clause_of(fig.sentence, fig.text)
    if not found:
        return None
    clause, before = found
    percent = fig.kind == "percent"
    if not percent:
        # a count claims a change only beside its direction word: "312 more", "decrease of 65"
        after = clause[clause.find(fig.text) + len(fig.text) :]
        near = f"{clause[: clause.find(fig.text)][-25:]} {fig.text} {after[:12]}"
        if not _beside_words(near, fig.text):
            return None
        if not _direction(near):
            return None
    if "point" in clause.lower():
        return None  # percentage points, not a relative change
    direction = _direction(clause) or _direction(before.split(",")[-1] if before else "")
    if not direction:
        return None
    twelve = [(y, _month(m[1])) for m in _TWELVE.finditer(clause) if (y := _year(m[2]))]
    if len(twelve) == 2 and twelve[0] != twelve[1]:
        return Claim(fig, clause, direction, percent, ("12m", max(twelve), min(twelve)))
    if not twelve and _vocab()["previous_quarter"].search(clause):
        return Claim(fig, clause, direction, percent, ("quarter", None, None))
    return None


def _columns(grid: TableFigures, claim: Claim) -> tuple[int, int] | None:
    """(new, old) columns of the claimed comparison, each found exactly once."""
    periods = {c: p for c in grid.numeric_cols if (p := column_period(grid.headers[c]))}
    kind, new, old = claim.period
    if kind == "quarter":
        ends = sorted({p[1] for p in periods.values() if p[0] == "quarter"})
        if len(ends) < 2:
            return None
        new = ends[-1]
        y, m = new
        old = (y, m - 3) if m > 3 else (y - 1, m + 9)
    new_cols = [c for c, p in periods.items() if p == (kind, new)]
    old_cols = [c for c, p in periods.items() if p == (kind, old)]
    return (new_cols[0], old_cols[0]) if len(new_cols) == 1 and len(old_cols) == 1 else None


def _subject_words(clause: str) -> set[str]:
    words = set(norm_label(clause).split())
    return {
        w.rstrip("s")
        for w in words
        if len(w) >= 4 and w.isalpha() and not _vocab()["ignore_words"].fullmatch(w) and not _direction(w)
    }


def _row(grid: TableFigures, claim: Claim, new: int, old: int) -> int | None:
    """The one row the clause names by its label (a total row among several)."""
    subject = _subject_words(claim.clause)
    usable = [r for r in range(grid.n_rows) if grid.cells[r][new] and grid.cells[r][old]]
    named = [r for r in usable if subject & {w.rstrip("s") for w in norm_label(grid.labels[r]).split()}]
    if len(named) > 1:
        named = [r for r in named if grid.is_total_row(r)]
    return named[0] if len(named) == 1 else None


def _change_range(new: Cell, old: Cell, percent: bool, exact: bool) -> tuple[float, float] | None:
    hn = 0.0 if exact else new.number.half_unit
    ho = 0.0 if exact else old.number.half_unit
    values = []
    for n, o in product((new.value - hn, new.value + hn), (old.value - ho, old.value + ho)):
        if percent:
            if o <= 0:
                return None
            values.append((n - o) / o * 100)
        else:
            values.append(n - o)
    return min(values), max(values)


def _judge(claim: Claim, grid: TableFigures, new: Cell, old: Cell) -> Finding | None:
    span = _change_range(new, old, claim.percent, grid.exact)
    if span is None:
        return None
    lo, hi = span
    fig = claim.figure
    size = abs(fig.value)
    half = 0.5 * 10 ** -(len(fig.text.split(".")[1].rstrip("%")) if "." in fig.text else 0)
    claimed = (claim.direction * (size - half), claim.direction * (size + half))
    c_lo, c_hi = min(claimed), max(claimed)
    gap = max(c_lo - hi, lo - c_hi, 0.0)
    if gap <= EPS:
        return None
    actual = (new.value - old.value) / old.value * 100 if claim.percent else new.value - old.value
    severity: Severity
    if (hi < -EPS and claim.direction > 0) or (lo > EPS and claim.direction < 0):
        severity, what = "error", "direction"
    else:
        severity, what = ("warning" if gap <= 2 * half + EPS else "error"), "size"
    unit = "%" if claim.percent else ""
    word = "increase" if claim.direction > 0 else "decrease"
    label = grid.labels[new.row] or "total"
    return Finding(
        kind="narrative_vs_table",
        severity=severity,
        page=fig.page,
        pages=sorted({fig.page, new.page, old.page}),
        table_id=grid.table.id,
        description=f"Narrative claims a {fig.text} {word} ('{claim.clause.strip()[:90]}'), "
        f"but '{label}' goes "
        f"{old.number.text} ({grid.headers[old.col]}) -> {new.number.text} ({grid.headers[new.col]}) = "
        f"{actual:+.1f}{unit} ({what})",
        reported=fig.text,
        expected=round(actual, 1),
        difference=round(claim.direction * size - actual, 3),
        evidence=[Evidence(page=fig.page, bbox=fig.bbox, text=fig.text), old.evidence(), new.evidence()],
        check=CHECK,
    )


def _percent_table(grid: TableFigures, cols: tuple[int, int]) -> bool:
    if grid.unit == "%":
        return True
    return any(
        (cell := grid.cells[r][c]) is not None and cell.number.unit == "%"
        for r in range(grid.n_rows)
        for c in cols
    )


def check(doc: Document, grids: list[TableFigures]) -> list[Finding]:
    out: list[Finding] = []
    for fig in doc.figures:
        claim = _claim(fig)
        if claim is None:
            continue
        near = [g for g in grids if any(abs(p - fig.page) <= PAGES_AWAY for p in g.table.pages)]
        near.sort(key=lambda g: min(abs(p - fig.page) for p in g.table.pages))
        for grid in near:
            cols = _columns(grid, claim)
            if cols is None or _percent_table(grid, cols):
                continue
            r = _row(grid, claim, *cols)
            if r is None:
                continue
            new, old = grid.cells[r][cols[0]], grid.cells[r][cols[1]]
            if new is not None and old is not None and (found := _judge(claim, grid, new, old)):
                out.append(found)
            break  # the first table that shows the claimed comparison decides
    return out
