"""How soundly a table was read, from evidence the extractor already has.

The audit judges only what was read soundly: a total that "does not add up" because a column was
split, a label was read into a figure cell or half a table sits on the next page is the tool's
misreading, not the council's error. Each table gets a confidence in 0..1 from:

- a header found over its figure columns;
- each figure column numeric all the way down (no words among its figures);
- labels separate from figures (no cell holding a label and a figure, or two figures), and every
  figure readable;
- a consistent number of figures per row;
- its region not cut by a page break without stitching (a table on the next page, as wide and
  with no header of its own, is probably the rest of it).

Below `threshold` (schemas/vocab/audit.json) the table is not checked and the audit says so with
one info finding; below `warning_below` its findings are warnings at most.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from extractor.audit.findings import short
from extractor.schemas.document import Evidence, Finding, Table
from extractor.schemas.labels import load
from extractor.schemas.table_figures import TableFigures, clean_text, unreadable

CHECK = "structure"
NOT_CHECKED = "not checked: structure unclear"

# Penalties per piece of missing evidence (1.0 = no confidence left).
NO_HEADER = 0.25
MIXED_COLUMN = 0.3  # a figure column with words among its figures
GLUED_SHARE = 0.1  # share of figure rows with a glued cell that makes the reading doubtful
GLUED = 0.55
GLUED_FEW = 0.2
MISREAD = 0.25  # figures not read are unknown: what remains is checked, as warnings at most
UNEVEN_ROWS = 0.2
UNEVEN_SHARE = 0.5  # below this share of rows with the usual number of figures, rows are uneven
PAGE_CUT = 0.55
MIXED_SHARE = 0.25  # share of a column's filled cells that are words before it counts as mixed
CUT_REASON = "cut by a page break and not joined with the part on the other page"

_FIGURE = r"\(?[-\u2212\u2013]?£?(?:\d{1,3}(?:,\d{3})+|\d+\.\d+)\)?%?"
# A label with a figure after it in one cell ("Opening balance 1,234.5"), or two figures in one.
_LABEL_THEN_FIGURE = re.compile(rf"[A-Za-z]{{3,}}\S*\s+{_FIGURE}$")
_TWO_FIGURES = re.compile(rf"^{_FIGURE}\s+{_FIGURE}$")


@dataclass
class Structure:
    confidence: float = 1.0
    reasons: list[str] = field(default_factory=list)

    def penalise(self, amount: float, reason: str) -> None:
        self.confidence = max(0.0, round(self.confidence - amount, 3))
        self.reasons.append(reason)


def thresholds() -> tuple[float, float]:
    t = load("audit")["structure"]
    return float(t["threshold"]), float(t["warning_below"])


def _figure_rows(grid: TableFigures) -> list[int]:
    return [r for r in range(grid.n_rows) if grid.is_numeric_row(r)]


def _mixed_columns(grid: TableFigures, rows: list[int]) -> list[int]:
    """Figure columns where words stand among the figures (a label column read into the figures,
    or figures shifted into a text column)."""
    out = []
    for c in grid.numeric_cols:
        numbers = placeholders = words = 0
        for r in rows:
            text = clean_text(grid.table.rows[r][c]) if c < len(grid.table.rows[r]) else ""
            if grid.cells[r][c] is not None:
                numbers += 1
            elif (r, c) in grid.placeholders:
                placeholders += 1
            elif text:
                words += 1
        if numbers >= 2 and words > MIXED_SHARE * (numbers + placeholders + words):
            out.append(c)
    return out


def _glued_cells(grid: TableFigures, rows: list[int]) -> int:
    n = 0
    for r in rows:
        for text in grid.table.rows[r]:
            t = clean_text(text)
            if _TWO_FIGURES.match(t) or _LABEL_THEN_FIGURE.search(t):
                n += 1
    return n


def _misread(grid: TableFigures) -> int:
    """Figures with a stray character that could not be read ('209,578.3e')."""
    return sum(1 for r, c in grid.placeholders if unreadable(clean_text(grid.table.rows[r][c])))


def _uneven(grid: TableFigures, rows: list[int]) -> bool:
    counts = Counter(
        sum(1 for c in grid.numeric_cols if grid.cells[r][c] is not None or (r, c) in grid.placeholders)
        for r in rows
    )
    return len(rows) >= 4 and counts.most_common(1)[0][1] < UNEVEN_SHARE * len(rows)


def _width(table: Table) -> int:
    return max([len(r) for r in table.rows] + [0])


def _header_key(table: Table) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(clean_text(c).lower() for c in row) for row in table.header_rows)


def _ends_in_total(grid: TableFigures) -> bool:
    rows = _figure_rows(grid)
    return bool(rows) and grid.is_total_row(rows[-1])


def cut_by_page_break(grids: list[TableFigures]) -> set[str]:
    """Ids of tables that probably continue on the next page or from the previous one, not joined:
    a table that does not end in a total, and a table starting on the next page as wide, with no
    header rows of its own or the same header rows printed again. Only small tables (a repeated
    title band) may stand between them."""
    out: set[str] = set()
    for i, a in enumerate(grids):
        if _ends_in_total(a):
            continue
        for b in grids[i + 1 :]:
            ta, tb = a.table, b.table
            if not ta.pages or not tb.pages or tb.pages[0] > ta.pages[-1] + 1:
                break
            if len(tb.rows) <= 1:
                continue  # a title band between the parts
            repeated = bool(ta.header_rows) and _header_key(ta) == _header_key(tb)
            if (
                tb.pages[0] == ta.pages[-1] + 1
                and _width(ta) == _width(tb) >= 2
                and (not tb.header_rows or repeated)
            ):
                out |= {ta.id, tb.id}
            break
    return out


def assess(grid: TableFigures, cut: bool = False, known: Structure | None = None) -> Structure:
    """`known`: the grid's structure already assessed without `cut` (finance and the audit ask
    about the same tables); a table without figure rows is not judged at all."""
    uncut = _assess(grid) if known is None else known
    if not cut or not _figure_rows(grid):
        return uncut
    s = Structure(uncut.confidence, list(uncut.reasons))
    s.penalise(PAGE_CUT, CUT_REASON)
    return s


def _assess(grid: TableFigures) -> Structure:
    s = Structure()
    rows = _figure_rows(grid)
    if not rows:
        return s
    if not any(grid.headers[c].strip() for c in grid.numeric_cols):
        s.penalise(NO_HEADER, "no header over the figure columns")
    mixed = _mixed_columns(grid, rows)
    if mixed:
        names = ", ".join(
            f"'{short(grid.headers[c], 30)}'" if grid.headers[c] else f"column {c + 1}" for c in mixed
        )
        s.penalise(min(1.0, MIXED_COLUMN * len(mixed)), f"words among the figures of {names}")
    glued = _glued_cells(grid, rows)
    if glued > GLUED_SHARE * len(rows):
        s.penalise(GLUED, f"labels and figures run together in {glued} cells")
    elif glued >= 2:
        s.penalise(GLUED_FEW, f"labels and figures run together in {glued} cells")
    if misread := _misread(grid):
        s.penalise(MISREAD, f"{misread} figure(s) could not be read")
    if _uneven(grid, rows):
        s.penalise(UNEVEN_ROWS, "rows hold different numbers of figures")
    return s


def not_checked(grid: TableFigures, s: Structure) -> Finding:
    """One info finding: the table was not checked, and why."""
    t = grid.table
    page = t.pages[0] if t.pages else 1
    bbox = t.page_bboxes[0] if t.page_bboxes else t.bbox
    return Finding(
        kind="other",
        severity="info",
        page=page,
        pages=list(t.pages),
        table_id=t.id,
        description=f"{NOT_CHECKED}: {'; '.join(s.reasons)} (confidence {s.confidence:.2f})",
        evidence=[Evidence(page=page, bbox=bbox, text=clean_text(t.title or "") or "table")],
        check=CHECK,
    )
