"""Where the tables are on a page from the text alone: lines split into runs by wide gaps, and
gutters that persist down consecutive lines.

Whitespace-only tables (no rules, no fills) exist only as aligned text. A line of a table breaks
into several runs of words separated by gaps wider than a word space; consecutive such lines
leave vertical strips of white (gutters) that no run crosses. A block of lines sharing gutters is
a table; a wrapped label or a section heading (one run, inside one column) may sit between its
lines; a line of prose crossing the gutters ends it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from extractor.parsers.layout import TextLine, group_lines, spaced_text
from extractor.parsers.narrative import BULLET, DASH_BULLETS, PARA_NUMBER
from extractor.parsers.pdf import Color, PageContent, Word
from extractor.parsers.tables.cell_kinds import is_numeric_cell
from extractor.parsers.tables.regions import Region

# tunables of the text-alignment finder, in text heights (a line's height) unless said otherwise
RUN_GAP = 0.4  # a gap wider than this between words on a line separates two runs (cells)
GUTTER = 0.6  # a gutter between columns is at least this wide
GUTTER_CROSSINGS = 0.25  # share of a table's lines that may cross a gutter (spanning cells)
LINE_GAP = 1.6  # lines further apart than this (bottom to top) are not one table
MAX_SINGLE = 3  # one-run lines (wrapped labels, headings) in a row inside a table, at most
MIN_MULTI = 2  # lines of several runs a table needs
WRAP_GAP = 0.45  # a one-run line this close under a table's last row is the end of a wrapped cell
ALIGN = 0.3  # figures of one column share an edge within this
PROSE_WORDS = 7  # runs of more words than this, on average, and no figures: prose, not a table
PROSE_SINGLES = 0.2  # ...and fewer one-run lines than this share of its lines
MARK_HEIGHT = 40.0  # points: a fill taller than this is a panel, not a cell
MARK_GLYPH = 20.0  # points: a path no wider or taller than this is a glyph
SPACING_JUMP = 2.0  # a gap between lines this many times the table's row spacing ends the table
SEEN_GAP = 0.15  # a gap within this share of one already between the table's rows is the same spacing
SIZE_TOL = 0.5  # points: lines in one table's type size
JUSTIFIED_WORDS = 6  # a line of at least this many words, evenly spaced...
JUSTIFIED_EVEN = 0.15  # ...its gaps all within this of each other...
JUSTIFIED_FIGURES = 0.25  # ...and at most this share of them figures, is justified running text
ROW_GAP = 1.0  # a heading line above a table's first row is at most this far above it


@dataclass
class Run:
    x0: float
    x1: float
    words: list[Word]

    @property
    def text(self) -> str:
        return spaced_text(self.words)


@dataclass
class Line:
    line: TextLine
    runs: list[Run]
    # the line's extent, weight and type size, read once: the finder compares each line with
    # its neighbours and with the lines of its part again and again
    top: float = field(init=False)
    bottom: float = field(init=False)
    height: float = field(init=False)

    def __post_init__(self) -> None:
        self.top, self.bottom = self.line.top, self.line.bottom
        self.height = max(1.0, self.bottom - self.top)

    @cached_property
    def bold(self) -> bool:
        return self.line.bold

    @cached_property
    def size(self) -> float:
        return max(w.size for w in self.line.words)

    @property
    def multi(self) -> bool:
        return len(self.runs) >= 2

    @cached_property
    def figures(self) -> list[Run]:
        """Its runs after the first that are figures (read once its runs are complete)."""
        return [r for r in self.runs[1:] if is_numeric_cell(r.text)]


def line_runs(line: TextLine) -> list[Run]:
    runs = _runs(line.words, None)
    # a justified line only joins runs: one run stays one (most lines: prose, labels)
    justified = _justified_from(line.words) if len(runs) > 1 else None
    return runs if justified is None else _runs(line.words, justified)


def _runs(words: list[Word], justified: int | None) -> list[Run]:
    """The line's words in runs: a word joins the run before it unless the gap is wider than
    `RUN_GAP` of its height (every word after `justified` joins, gaps or not)."""
    if not words:
        return []
    runs: list[Run] = []
    start, edge = 0, words[0].x1  # the run being built: its first word and its right edge
    for i in range(1, len(words)):
        w = words[i]
        height = w.bottom - w.top
        if w.x0 - edge <= RUN_GAP * (height if height > 1.0 else 1.0) or (
            justified is not None and i > justified
        ):
            if w.x1 > edge:
                edge = w.x1
        else:
            runs.append(Run(words[start].x0, edge, words[start:i]))
            start, edge = i, w.x1
    runs.append(Run(words[start].x0, edge, words[start:]))
    return runs


def _justified_from(words: list[Word]) -> int | None:
    """A justified line of running text spreads its words evenly: from some word on (after a
    paragraph number, say) every gap is the same width, wider than a word space when the line
    is stretched. Such a line is one run, however wide its gaps: they are no gutters. The index
    of the word it starts at, or None. (A table's cells sit at their columns' edges, so the
    gaps between them differ; rows of figures, which may be evenly spaced, are left alone.)"""
    if len(words) < JUSTIFIED_WORDS:
        return None
    gaps = [b.x0 - a.x1 for a, b in zip(words, words[1:], strict=False)]
    height = max(1.0, sorted(w.bottom - w.top for w in words)[len(words) // 2])
    for start in (0, 1):
        tail = gaps[start:]
        if len(tail) < JUSTIFIED_WORDS - 1 or min(tail) <= RUN_GAP * height:
            continue
        text = words[start:]
        if max(tail) - min(tail) <= JUSTIFIED_EVEN * height and sum(
            is_numeric_cell(w.text) for w in text
        ) <= JUSTIFIED_FIGURES * len(text):
            return start
    return None


def _gaps(line: Line) -> list[tuple[float, float]]:
    pairs = zip(line.runs, line.runs[1:], strict=False)
    return [(a.x1, b.x0) for a, b in pairs if b.x0 - a.x1 >= GUTTER * line.height]


def _white(line: Line, x0: float, x1: float) -> list[tuple[float, float]]:
    """The strips of a line between x0 and x1 that no run covers."""
    out, edge = [], x0
    for r in line.runs:
        if r.x0 > edge:
            out.append((edge, r.x0))
        edge = max(edge, r.x1)
    if edge < x1:
        out.append((edge, x1))
    return out


def _share_gutter(a: Line, b: Line) -> bool:
    """Do two lines of several runs leave white the same strip somewhere between their text (one
    column gap)? A line with empty leading cells leaves its first columns white."""
    least = 0.5 * GUTTER * min(a.height, b.height)
    x0 = min(a.runs[0].x0, b.runs[0].x0)
    x1 = max(a.runs[-1].x1, b.runs[-1].x1)
    for g in _white(a, x0, x1):
        for h in _white(b, x0, x1):
            lo, hi = max(g[0], h[0]), min(g[1], h[1])
            if hi - lo >= least and x0 < lo and hi < x1:
                return True
    return False


def _aligned(a: Run, b: Run, tol: float) -> bool:
    return abs(a.x1 - b.x1) <= tol or abs(a.x0 - b.x0) <= tol or abs(a.x0 + a.x1 - b.x0 - b.x1) <= 2 * tol


def _figures_realigned(above: list[Run], below: Line) -> bool:
    """Figures of one table share their columns' edges (right, left or centre) from row to row.
    A figure that overlaps figures above without sharing an edge with any of them is set on
    other columns: when such figures outnumber those that line up, another table starts. (A
    figure under nothing is a column the rows above left empty.)"""
    tol = ALIGN * below.height
    hits = clashes = 0
    for b in below.figures:
        over = [a for a in above if a.x0 < b.x1 and b.x0 < a.x1]
        if any(_aligned(a, b, tol) for a in above):
            hits += 1
        elif over:
            clashes += 1
    return clashes > hits


def _gutters(lines: list[Line], x0: float, x1: float, height: float) -> list[tuple[float, float]]:
    """Strips between x0 and x1 that (nearly) no run of the several-run lines crosses."""
    return _white_strips([ln.runs for ln in lines if ln.multi], x0, x1, height)


def _white_strips(rows: list[list[Run]], x0: float, x1: float, height: float) -> list[tuple[float, float]]:
    """Strips between x0 and x1, at least a gutter wide, that (nearly) no run of `rows` crosses."""
    edges = sorted({x0, x1, *(e for runs in rows for r in runs for e in (r.x0, r.x1))})
    # rows covering each strip between neighbouring edges: every run starts and ends on an edge,
    # so a row covers the strips from its runs' starts to their ends (its overlapping runs as one)
    at = {e: i for i, e in enumerate(edges)}
    change = [0] * len(edges)
    for runs in rows:
        spans = sorted((at[r.x0], at[r.x1]) for r in runs if r.x0 < r.x1)
        start, end = spans[0] if spans else (0, 0)
        for lo, hi in spans[1:]:
            if lo > end:
                change[start] += 1
                change[end] -= 1
                start = lo
            end = max(end, hi)
        change[start] += 1
        change[end] -= 1
    out: list[tuple[float, float]] = []
    covered = 0
    for i, (a, b) in enumerate(zip(edges, edges[1:], strict=False)):
        covered += change[i]
        if covered <= GUTTER_CROSSINGS * len(rows):
            if out and out[-1][1] == a:
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
    return [g for g in out if g[1] - g[0] >= GUTTER * height and x0 < g[0] and g[1] < x1]


def _is_prose(lines: list[Line]) -> bool:
    """Columns of running text side by side are a page set in columns, not a table: long runs,
    no figures, and every line filled across (a table's rows leave cells empty, or end their
    cells on different lines)."""
    runs = [r for ln in lines if ln.multi for r in ln.runs]
    if not runs:
        return True
    words = sum(len(r.words) for r in runs) / len(runs)
    figures = sum(is_numeric_cell(r.text) for r in runs)
    singles = sum(not ln.multi for ln in lines)
    return words > PROSE_WORDS and figures == 0 and singles < PROSE_SINGLES * len(lines)


def _is_running_text(lines: list[Line]) -> bool:
    """Paragraphs, numbered or not, are no table even where their numbers stand apart or the wide
    word gaps of justified lines line up by chance: apart from the number or bullet opening a
    line, the gutters its lines of several runs leave are crossed by its one-run lines (a
    table's wrapped cells sit inside its columns, so its gutters stay white on them; bold
    section rows may run across them and are left out)."""
    rows = [ln for ln in lines if ln.multi or not ln.bold]
    body = [ln.runs[1:] if ln.multi and _marker(ln.runs[0]) else ln.runs for ln in rows]
    multi = [runs for runs in body if len(runs) >= 2]
    if not multi:
        return True
    x0 = min(runs[0].x0 for runs in body)
    x1 = max(runs[-1].x1 for runs in body)
    height = sorted(ln.height for ln in lines)[len(lines) // 2]
    for lo, hi in _white_strips(multi, x0, x1, height):
        across = sum(any(r.x0 < lo and hi < r.x1 for r in runs) for runs in body)
        if across <= GUTTER_CROSSINGS * len(body):
            return False
    return True


def _not_table(lines: list[Line]) -> bool:
    return _is_prose(lines) or _is_list(lines) or _is_running_text(lines)


def _is_list(lines: list[Line]) -> bool:
    """Bullets or item numbers, each before its text, are a list, not a two-column table."""
    multi = [ln for ln in lines if ln.multi]
    return all(len(ln.runs) == 2 and _marker(ln.runs[0]) for ln in multi)


def _marker(run: Run) -> bool:
    if len(run.words) != 1:
        return False
    text = run.words[0].text
    return bool(BULLET.match(text) or PARA_NUMBER.match(text + " ")) or text in (*DASH_BULLETS, "o")


def _blocks(lines: list[Line]) -> list[list[Line]]:
    """Runs of lines close together, with at most a few one-run lines in a row unless they are
    set as close as the wrapped lines of one cell or sit inside one column of the table (a cell
    of a row whose other cells are empty)."""
    blocks: list[list[Line]] = []
    current: list[Line] = []
    last: Line | None = None
    singles = 0
    for ln in lines:
        gap = ln.top - current[-1].bottom if current else 0.0
        close = current and gap <= LINE_GAP * ln.height
        wrapped = bool(current) and gap <= WRAP_GAP * ln.height
        in_column = (
            last is not None and not _crosses(ln, _gaps(last)) and abs(ln.size - last.size) <= SIZE_TOL
        )
        inside = wrapped or in_column
        if close and (ln.multi or inside or singles < MAX_SINGLE):
            current.append(ln)
            singles = 0 if ln.multi else singles + (not inside)
            if ln.multi:
                last = ln
            continue
        if current:
            blocks.append(current)
        current, singles = [ln], 0 if ln.multi else 1
        last = ln if ln.multi else None
    if current:
        blocks.append(current)
    return blocks


def _crosses(line: Line, gaps: list[tuple[float, float]]) -> bool:
    return any(r.x0 < g[0] and g[1] < r.x1 for r in line.runs for g in gaps)


def _split_on_structure(block: list[Line]) -> list[list[Line]]:
    """Cut a block where its structure changes: two consecutive several-run lines leaving no
    gutter in common; a heading (bold, no figures) after plain rows;
    figures that no longer line up (two tables stacked); a line of prose across the gutters or in
    another type size (a note or caption between two tables); a gap much wider than the rows'
    spacing."""
    parts: list[list[Line]] = [[]]
    last: Line | None = None  # the previous several-run line
    gaps: list[float] = []
    figures: list[Run] = []  # the figures of the table so far: its columns' edges

    def cut(keep_from: int | None) -> None:
        nonlocal last, gaps, figures
        tail = parts[-1][keep_from:] if keep_from is not None else []
        if keep_from is not None:
            parts[-1] = parts[-1][:keep_from]
        parts.append(tail)
        last = next((x for x in reversed(tail) if x.multi), None)
        gaps, figures = [], [r for x in tail for r in x.figures]

    for ln in block:
        prev = parts[-1][-1] if parts[-1] else None
        gap = ln.top - prev.bottom if prev is not None else 0.0
        spacing = sorted(gaps)[len(gaps) // 2] if gaps else 0.0
        jump = gap > SPACING_JUMP * max(spacing, 1.0) and not _seen(gap, gaps)
        if prev is not None and len(gaps) >= 2 and jump:
            cut(None)
        elif _new_header(ln) and any(x.multi and not x.bold for x in parts[-1]):
            # a bold heading after plain body rows opens the next table; the lines since the
            # last plain line (the heading's own first lines) go with it
            plain = [i for i, x in enumerate(parts[-1]) if not x.bold]
            cut(plain[-1] + 1)
        elif not ln.multi and last is not None and not _heading_of(ln, last):
            if _crosses(ln, _gaps(last)) or abs(ln.size - last.size) > SIZE_TOL:
                cut(None)
                continue
        elif ln.multi and last is not None:
            if not _share_gutter(last, ln) or abs(ln.size - last.size) > SIZE_TOL:
                cut(None)
            elif figures and _figures_realigned(figures, ln):
                # the lines since the last row of figures (a caption, headings) open the next table
                rows = [i for i, x in enumerate(parts[-1]) if x.figures]
                cut(rows[-1] + 1 if rows else None)
        if ln.multi and prev is not None and parts[-1] and gap > WRAP_GAP * ln.height:
            gaps.append(gap)  # the spacing of rows (a wrapped cell's lines are closer)
        parts[-1].append(ln)
        if ln.multi:
            last = ln
            figures.extend(ln.figures)
    return [_trim(p) for p in parts]


def _seen(gap: float, gaps: list[float]) -> bool:
    """Records of several lines (a register's two-line entries) repeat a wide gap between records
    and narrow ones inside them: a gap as wide as one seen before between the table's rows is
    its rhythm, not the end of the table. (Seen on one register; the samples' tables, which
    have no such rhythm, are unchanged.)"""
    return any(abs(gap - g) <= SEEN_GAP * gap for g in gaps)


def _new_header(line: Line) -> bool:
    return line.bold and not line.figures


def _heading_of(line: Line, table: Line) -> bool:
    """A bold line in the table's type size is a heading row of the table (a section across its
    columns), not prose."""
    return line.bold and abs(line.size - table.size) <= SIZE_TOL


def _trim(part: list[Line]) -> list[Line]:
    """A table opens on a line of several runs, or on bold lines in its own type size set as
    close as its rows (a heading band); one-run lines after its last several-run line stay only
    when as close as wrapped lines of a cell (the end of a wrapped label)."""
    multi = [i for i, ln in enumerate(part) if ln.multi]
    if not multi:
        return []
    start, end = multi[0], multi[-1] + 1
    first = part[start]
    while start > 0:
        above = part[start - 1]
        below = part[start]
        if not (_heading_of(above, first) and below.top - above.bottom <= ROW_GAP * above.height):
            break
        start -= 1
    while end < len(part) and part[end].top - part[end - 1].bottom <= WRAP_GAP * part[end].height:
        end += 1
    return part[start:end]


Box = tuple[float, float, float, float]


def cell_marks(page: PageContent, claimed: list[Box]) -> list[Box]:
    """Graphics that stand for a cell's content: a coloured fill no larger than a cell, a glyph
    drawn as a path (an arrow); none inside the boxes of tables already found."""
    boxes: list[Box] = []
    for r in page.rects:
        if r.filled and not _blank(r.fill) and r.height <= MARK_HEIGHT and r.width <= 0.5 * page.width:
            boxes.append((r.x0, r.top, r.x1, r.bottom))
    for c in page.curves:
        if c.x1 - c.x0 <= MARK_GLYPH and c.bottom - c.top <= MARK_GLYPH:
            boxes.append((c.x0, c.top, c.x1, c.bottom))
    return [b for b in set(boxes) if not any(_within(b, k) for k in claimed)]


def _blank(colour: Color) -> bool:
    return colour is None or all(v >= 0.97 for v in colour)


def _within(b: Box, k: Box) -> bool:
    xm, ym = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
    return k[0] - 1 <= xm <= k[2] + 1 and k[1] - 1 <= ym <= k[3] + 1


def _add_marks(lines: list[Line], marks: list[Box]) -> None:
    """Cells shown without words (a RAG cell's fill, an arrow drawn as a path) still occupy their
    column on the row's line: each becomes an empty run of the line it sits on."""
    for x0, top, x1, bottom in marks:
        best, overlap = None, 0.0
        for ln in lines:
            o = min(bottom, ln.bottom) - max(top, ln.top)
            if o > overlap:
                best, overlap = ln, o
        if best is None or overlap < 0.5 * best.height:
            continue
        best.runs.append(Run(x0, x1, []))
        best.runs.sort(key=lambda r: r.x0)
        merged: list[Run] = []
        for r in best.runs:
            # a mark is a cell of its own: it joins only the marks it touches (a fill split in two)
            if merged and not (r.words or merged[-1].words) and r.x0 - merged[-1].x1 <= RUN_GAP * best.height:
                merged[-1] = Run(merged[-1].x0, max(merged[-1].x1, r.x1), merged[-1].words + r.words)
            else:
                merged.append(r)
        best.runs = merged


def find_text_regions(
    words: list[Word], page: int, marks: list[Box] | None = None, grouped: list[TextLine] | None = None
) -> list[Region]:
    """Tables set by alignment among `words`; `marks` are boxes of wordless cell content;
    `grouped`, the words' lines when already built (read, never changed)."""
    text_lines = group_lines(words, page) if grouped is None else grouped
    runs = [line_runs(ln) for ln in text_lines]
    if not marks and sum(len(r) >= 2 for r in runs) < MIN_MULTI:
        return []  # no block could hold enough lines of several runs (most pages of prose)
    lines = [Line(ln, r) for ln, r in zip(text_lines, runs, strict=True)]
    _add_marks(lines, marks or [])
    regions: list[Region] = []
    for block in _blocks(lines):
        if sum(ln.multi for ln in block) < MIN_MULTI:
            continue  # its parts, parts of its lines, would have fewer still
        for part in _split_on_structure(block):
            if sum(ln.multi for ln in part) < MIN_MULTI:
                continue
            x0 = min(ln.runs[0].x0 for ln in part)
            x1 = max(ln.runs[-1].x1 for ln in part)
            height = sorted(ln.height for ln in part)[len(part) // 2]
            if not _gutters(part, x0, x1, height) or _not_table(part):
                continue
            regions.append(Region(page=page, x0=x0, top=part[0].top, x1=x1, bottom=part[-1].bottom))
    return regions
