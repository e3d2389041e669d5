"""Which tables of a report carry KPIs or RAG count summaries, and what each column holds.

Decided from header vocabulary (`schemas/vocab/kpi_tables.json`) and from what the body cells
are (RAG words, arrows, counts), never from a table's position or title in a known document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from extractor.parsers.dot import dot_from_glyphs, dot_from_words
from extractor.parsers.rag import rag_from_text
from extractor.schemas.document import Table
from extractor.schemas.vocabulary import clean, load_vocab, match_key

Role = Literal["green", "amber", "red", "improving", "stable", "worsening"]
_COUNT = re.compile(r"^\d{1,4}$")


def _has_phrase(label: str, vocab_key: str) -> bool:
    key = f" {match_key(label)} "
    return any(p in key for p in _spaced_phrases(vocab_key))


@cache
def _spaced_phrases(vocab_key: str) -> tuple[str, ...]:
    """A vocabulary's phrases as whole words to look for (' kpi '), keyed once."""
    return tuple(f" {match_key(p)} " for p in load_vocab("kpi_tables")[vocab_key])


def column_labels(table: Table) -> list[str]:
    """One label per column: its header cells top to bottom, an empty cell under a spanning group
    label (e.g. 'RAG rating' over 'Latest' and 'Previous') inheriting the group's text."""
    width = max([len(r) for r in table.header_rows] + [len(r) for r in table.rows] + [0])
    labels = [""] * width
    for row in table.header_rows:
        group = ""
        for j in range(width):
            cell = clean(row[j]) if j < len(row) else ""
            if cell:
                group = cell
            # a group label spans right over empty cells only while a lower row splits them
            text = cell or (group if j > 0 and _spans(table, row, j) else "")
            labels[j] = f"{labels[j]} {text}".strip()
    return labels


def _spans(table: Table, row: list[str], j: int) -> bool:
    below = table.header_rows[table.header_rows.index(row) + 1 :]
    return any(j < len(r) and clean(r[j]) for r in below)


@dataclass
class KpiColumns:
    name: int
    latest: int | None
    previous: int | None
    dot: int | None


def _share(table: Table, j: int, test: Callable[[str], bool]) -> float:
    cells = [c for r in table.rows if j < len(r) and (c := clean(r[j]))]
    if not cells:
        return 0.0
    return sum(1 for c in cells if test(c)) / len(cells)


_RATED = ("rating", "latest", "previous")


def _empty(table: Table, j: int) -> bool:
    return not any(j < len(r) and clean(r[j]) for r in table.rows)


@lru_cache(maxsize=1 << 14)  # every column of every table is tried: the same cells recur
def _is_dot_cell(text: str) -> bool:
    return bool(dot_from_glyphs(text) or (len(text) <= 20 and dot_from_words(text)))


def kpi_columns(table: Table) -> KpiColumns | None:
    """The columns of a KPI table (name, latest and previous RAG, DoT), or None if it is not one."""
    if not table.rows:
        return None
    labels = column_labels(table)
    width = len(labels)
    rating = [j for j in range(width) if _share(table, j, lambda c: rag_from_text(c) is not None) >= 0.5]
    dot_cols = [j for j in range(width) if _has_phrase(labels[j], "dot") and j not in rating]
    # a rating shown by the cell's fill alone leaves its column without words: its label names it
    rating += [
        j
        for j in range(width)
        if j not in rating + dot_cols and _empty(table, j) and any(_has_phrase(labels[j], v) for v in _RATED)
    ]
    rating.sort()
    dot_cols += [
        j
        for j in range(width)
        if j not in rating and j not in dot_cols and _share(table, j, _is_dot_cell) >= 0.6
    ]
    if not rating:
        return None
    lengths = [
        sum(len(clean(r[j])) for r in table.rows if j < len(r)) / len(table.rows)
        if j not in rating + dot_cols
        else 0
        for j in range(width)
    ]
    name = max(range(width), key=lambda j: lengths[j])
    if lengths[name] < 8 or name > min(rating):
        return None  # a key/legend (rating words first, descriptions after) or a status table
    header_text = " ".join(labels)
    if not dot_cols and not (_has_phrase(header_text, "name") or _has_phrase(header_text, "rating")):
        return None
    latest = next(
        (j for j in rating if _has_phrase(labels[j], "latest") and not _has_phrase(labels[j], "previous")),
        None,
    )
    previous = next((j for j in rating if _has_phrase(labels[j], "previous")), None)
    rest = [j for j in rating if j not in (latest, previous)]
    if latest is None and rest:
        latest = rest.pop(0)
    if previous is None and rest and rest[0] > (latest or 0):
        previous = rest.pop(0)
    if previous is None:
        # a previous column whose cells are mostly '*' or blank is still found by its label
        previous = next(
            (j for j in range(width) if j not in rating and _has_phrase(labels[j], "previous")), None
        )
    dot = min(dot_cols) if dot_cols else None
    return KpiColumns(name=name, latest=latest, previous=previous, dot=dot)


def area_from_caption(text: str | None) -> str | None:
    """'Customer Services KPIs' -> 'Customer Services'; generic captions ('KPI', 'Indicator') -> None."""
    caption = clean(text)
    if not caption:
        return None
    for suffix in sorted(load_vocab("kpi_tables")["area_suffixes"], key=len, reverse=True):
        pattern = re.compile(rf"[\s\-:–]*\b{re.escape(suffix)}\s*$", re.IGNORECASE)
        stripped = pattern.sub("", caption).strip()
        if stripped != caption:
            return stripped or None
    return None if _has_phrase(caption, "name") else caption


# ---- RAG count tables ---------------------------------------------------------------------------


@dataclass
class CountLayout:
    """Where the counts sit: the row that names the columns and the role of each column."""

    header_index: int  # index into header_rows + rows
    roles: dict[int, Role]
    label: int  # the column holding the area name (or 'KPI Summary')


def _role_of(cell: str) -> Role | None:
    key = match_key(cell)
    letters = load_vocab("rag")["header_letters"]
    for rag, words in letters.items():
        if key in words:
            return rag.lower()  # type: ignore[no-any-return]
    dot = dot_from_glyphs(clean(cell)) or (dot_from_words(cell) if len(key) <= 20 else None)
    return dot


def _count_layout(all_rows: list[list[str]]) -> CountLayout | None:
    for i, row in enumerate(all_rows):
        roles = {j: r for j, c in enumerate(row) if (r := _role_of(c)) is not None}
        rags = {r for r in roles.values() if r in ("green", "amber", "red")}
        if len(rags) < 2:
            continue
        below = all_rows[i + 1 :]
        first = min(roles)
        if not below or not all(_counts_only(r, first) for r in below):
            continue
        _fill_arrow_roles(roles, row, below)
        return CountLayout(header_index=i, roles=roles, label=max(first - 1, 0))
    return None


def _counts_only(row: list[str], first: int) -> bool:
    cells = [clean(c) for c in row[first:]]
    return any(cells) and all(not c or _COUNT.match(c) for c in cells)


def _fill_arrow_roles(roles: dict[int, Role], header: list[str], below: list[list[str]]) -> None:
    """Arrow headers are sometimes not printed: the columns after RED still hold improving, stable,
    worsening in the key's order (their positions are read by index)."""
    if any(r in ("improving", "stable", "worsening") for r in roles.values()):
        return
    last_rag = max(j for j, r in roles.items() if r in ("green", "amber", "red"))
    width = max([len(header)] + [len(r) for r in below])
    for offset, role in enumerate(("improving", "stable", "worsening"), start=1):
        if last_rag + offset < width:
            roles[last_rag + offset] = role  # type: ignore[assignment]


@dataclass
class CountRow:
    label: str
    counts: dict[Role, int]
    row_index: int  # index into table.rows
    is_total: bool


def count_rows(table: Table) -> list[CountRow] | None:
    """The rows of a RAG count table (area rows and the total row), or None if it is not one."""
    all_rows = [list(r) for r in table.header_rows] + [list(r) for r in table.rows]
    layout = _count_layout(all_rows)
    if layout is None:
        return None
    out = []
    offset = len(table.header_rows)
    for i in range(layout.header_index + 1, len(all_rows)):
        row = all_rows[i]
        label = clean(row[layout.label]) if layout.label < len(row) else ""
        counts: dict[Role, int] = {}
        for j, role in layout.roles.items():
            cell = clean(row[j]) if j < len(row) else ""
            counts[role] = int(cell) if cell else 0  # an empty count cell means 0
        out.append(
            CountRow(label, counts, max(i - offset, 0), _has_phrase(label, "total") and len(label) <= 20)
        )
    return out


def is_area_summary_label(text: str) -> bool:
    return _has_phrase(text, "area_summary")
