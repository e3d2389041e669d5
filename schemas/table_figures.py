"""A table as the checks see it: a label per row, a header per column, parsed numbers with provenance."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from extractor.schemas.document import BBox, Evidence, Paragraph, Table
from extractor.schemas.labels import is_total_label, matches_any, norm_label
from extractor.schemas.numbers import Number, detect_unit, parse_number

_TAGS = re.compile(r"<[^>]+>")
_FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+")
STRAY_CHARS = 3  # letters beside a figure that make it unreadable rather than a label


_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)  # a cell's text is cleaned again by every check that reads it
def clean_text(text: str) -> str:
    return _SPACES.sub(" ", _TAGS.sub(" ", text)).strip()


@dataclass(frozen=True, slots=True)
class Cell:
    row: int
    col: int
    number: Number
    page: int
    bbox: BBox | None

    @property
    def value(self) -> float:
        return self.number.value

    def evidence(self) -> Evidence:
        return Evidence(page=self.page, bbox=self.bbox, text=self.number.text)


@dataclass
class TableFigures:
    table: Table
    headers: list[str]
    labels: list[str]
    cells: list[list[Cell | None]]
    exact: bool  # integer counts with no rounding note: zero tolerance
    unit: str | None = None  # the table's unit, from the table or its title/headers
    numeric_cols: list[int] = field(default_factory=list)
    # cells that stand for a value not printed ('<5', 'c', '*', a dash) or a figure that could not
    # be read ('209,578.3e': a margin stamp's letter in the cell): unknown, never zero
    placeholders: set[tuple[int, int]] = field(default_factory=set)
    rounding_note: bool = False  # "may not add up due to rounding" printed with the table

    def unknown(self, r: int, c: int) -> bool:
        """A placeholder, or a figure printed as approximate ('c. 50'): no exact value to add."""
        cell = self.cells[r][c]
        return (r, c) in self.placeholders or (cell is not None and cell.number.approximate)

    @property
    def n_rows(self) -> int:
        return len(self.cells)

    def row_cells(self, r: int) -> list[Cell]:
        return [c for c in self.cells[r] if c is not None]

    def is_numeric_row(self, r: int) -> bool:
        return any(c is not None for c in self.cells[r])

    def is_total_row(self, r: int) -> bool:
        """Labelled Total/General Fund/... row, or a row of numbers with no text at all."""
        if self.labels[r]:
            if matches_any("total_rows_if_unique", self.labels[r]):
                key = norm_label(self.labels[r])
                return sum(norm_label(label) == key for label in self.labels) == 1
            return is_total_label(self.labels[r])
        return self.is_numeric_row(r) and all(
            not clean_text(t) or self.cells[r][j] is not None for j, t in enumerate(self.table.rows[r])
        )

    def page_of(self, r: int) -> int:
        rp = self.table.row_pages
        return rp[r] if r < len(rp) else (self.table.pages[0] if self.table.pages else 1)

    def header_key(self, col: int) -> str:
        return _unitless(self.headers[col])

    def leaf_key(self, col: int) -> str:
        """The lowest header cell that names the column (unit rows and blanks skipped)."""
        for row in reversed(self.table.header_rows):
            if col < len(row) and _unitless(clean_text(row[col])):
                return _unitless(clean_text(row[col]))
        return ""


def _unitless(header: str) -> str:
    return norm_label(re.sub(r"£\s*(m|k|000s?)\b|\(?£\)?", " ", header))


def _cell_bbox(table: Table, r: int, c: int) -> BBox | None:
    if r < len(table.cell_bboxes) and c < len(table.cell_bboxes[r]):
        return table.cell_bboxes[r][c]
    return None


def read_figures(table: Table, rounding_note: bool = False) -> TableFigures:
    """Parse every body cell once. `rounding_note`: the page around the table says figures are rounded."""
    width = max([len(r) for r in table.rows] + [len(h) for h in table.header_rows] + [0])
    headers = [
        " ".join(clean_text(h[c]) for h in table.header_rows if c < len(h) and clean_text(h[c]))
        for c in range(width)
    ]
    context = " ".join([table.title or "", *headers])
    unit = table.units or detect_unit(context)
    row_text = " ".join(clean_text(c) for row in table.rows for c in row[:2])
    scaled = rounding_note or any(
        matches_any(key, text) for key in ("scaled_counts", "rounding_notes") for text in (context, row_text)
    )
    labels: list[str] = []
    cells: list[list[Cell | None]] = []
    placeholders: set[tuple[int, int]] = set()
    for r, row in enumerate(table.rows):
        page = table.row_pages[r] if r < len(table.row_pages) else (table.pages[0] if table.pages else 1)
        parsed: list[Cell | None] = []
        label = ""
        for c in range(width):
            text = clean_text(row[c]) if c < len(row) else ""
            num = parse_number(text, table.units) if text else None
            unknown = num is None and bool(text) and (is_placeholder(text) or unreadable(text))
            if num is not None and num.unit == "%" and table.units != "%":
                num = None  # a share printed beside amounts is not one of the amounts
            parsed.append(Cell(r, c, num, page, _cell_bbox(table, r, c)) if num is not None else None)
            if unknown:
                placeholders.add((r, c))
            elif num is None and text and not label:
                label = text
        labels.append(label)
        cells.append(parsed)
    numbers = [c.number for row in cells for c in row if c is not None]
    exact = (
        not scaled
        and unit in (None, "count")
        and bool(numbers)
        and all(n.decimals == 0 and n.unit in (None, "count") for n in numbers)
    )
    numeric_cols = [c for c in range(width) if any(row[c] is not None for row in cells)]
    note = rounding_note or matches_any("rounding_notes", context) or matches_any("rounding_notes", row_text)
    return TableFigures(table, headers, labels, cells, exact, unit, numeric_cols, placeholders, note)


def read_document_figures(tables: Sequence[Table], paragraphs: Sequence[Paragraph]) -> list[TableFigures]:
    """Every table's figures, read once for the document (finance and the audit share them); a
    rounding note printed in a paragraph on a table's page widens its integer tolerance."""
    noted = {p.page for p in paragraphs if matches_any("rounding_notes", p.text)}
    return [read_figures(t, rounding_note=bool(noted & set(t.pages))) for t in tables]


def is_placeholder(text: str) -> bool:
    return matches_any("placeholder_cells", clean_text(text))


def unreadable(text: str) -> bool:
    """A figure with a stray character or two that did not parse: a value not read, not a label."""
    m = _FIGURE.search(text)
    return m is not None and len(re.sub(r"\W", "", text[: m.start()] + text[m.end() :])) <= STRAY_CHARS
