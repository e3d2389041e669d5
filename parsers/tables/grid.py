"""Row and column boundaries of a table region.

Rows come from horizontal rulings or band edges, and a band holding several text rows (a
shaded header block, say) is split where the gap between its lines grows beyond line spacing.
Columns come from vertical rulings when the region has them, otherwise from the gutters that
no body text crosses; spreadsheet exports right-align numbers, so a boundary sits just right
of a right-aligned column and just left of a left-aligned one.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from extractor.parsers.layout import TextLine, all_bold, group_lines, has_letter, spaced_text
from extractor.parsers.pdf import Word
from extractor.parsers.tables.cell_kinds import is_numeric_cell
from extractor.parsers.tables.regions import Region

MERGE = 2.0
RIGHT_EDGE_SLACK = 6.0  # italic or bold figures end a few points off their column's right edge
SPAN_REACH = 30.0  # points beyond a column rule's end searched for a row spanning the columns
FLUSH = 1.5  # points within which a header label and the figures under it end together
BLANK_LINE = 0.8  # text heights of white between two lines: a blank line parts them
SLIVER = 8.0  # points: no column is this narrow; a shading's edge this close to a rule is that rule
MIN_GUTTER = 4.0  # points: white this wide between columns that a few lines cross still parts them
CROSSING_SHARE = 0.1  # ...when at most this share of the body rows cross it (at least one)
SIDE_ROWS = 3  # ...and each side holds text in at least this many rows


@dataclass
class RowBand:
    top: float
    bottom: float
    words: list[Word]
    # its lines and runs, worked out once: the passes over a table (header, provisional and final
    # columns, spans) read every band's runs again; a band's words never change once built
    _lines: list[TextLine] | None = field(default=None, repr=False, compare=False)
    _chunks: dict[tuple[float, ...], list[list[Word]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _figures: dict[tuple[float, ...], list[bool]] = field(default_factory=dict, repr=False, compare=False)

    def lines(self) -> list[TextLine]:
        """The band's text lines (callers must not change them)."""
        if self._lines is None:
            self._lines = group_lines(self.words, page=0)
        return self._lines

    @cached_property
    def bold(self) -> bool:
        """Is the row set in bold? A row of years ("2014-15") is judged by its figures;
        otherwise by its words."""
        if any(has_letter(w.text) for w in self.words):
            return all_bold(self.words, has_letter)
        return all_bold(self.words, _has_digit)

    def chunks(self, cuts: list[float] | None = None) -> list[list[Word]]:
        """The band's runs of words, each one cell's text (`_line_chunks`); callers must not
        change the lists they get."""
        key = tuple(cuts) if cuts else ()
        found = self._chunks.get(key)
        if found is None:
            found = self._chunks[key] = _line_chunks([ln.words for ln in self.lines()], cuts)
        return found

    def figures(self, cuts: list[float] | None = None) -> list[bool]:
        """For each of `chunks(cuts)`, is its text a figure?"""
        key = tuple(cuts) if cuts else ()
        found = self._figures.get(key)
        if found is None:
            found = self._figures[key] = [is_numeric_cell(spaced_text(c)) for c in self.chunks(cuts)]
        return found


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def _merge_positions(values: list[float], tol: float = MERGE) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            out[-1] = (out[-1] + v) / 2
        else:
            out.append(v)
    return out


def row_boundaries(region: Region) -> list[float]:
    ys: list[float] = [region.top, region.bottom]
    min_span = 0.25 * region.width
    for s in region.h_rules:
        if s.x1 - s.x0 >= min_span:
            ys.append((s.top + s.bottom) / 2)
    for b in region.edged_bands:
        if b.width >= min_span:
            ys.extend([b.top, b.bottom])
    return _merge_positions(ys)


def _bands_of(band: RowBand, groups: list[list[TextLine]]) -> list[RowBand]:
    """`band` cut into one row per group of its lines, each boundary halfway between the groups."""
    out = []
    for i, g in enumerate(groups):
        top = band.top if i == 0 else (groups[i - 1][-1].bottom + g[0].top) / 2
        bottom = band.bottom if i == len(groups) - 1 else (g[-1].bottom + groups[i + 1][0].top) / 2
        # (the group's lines are the lines its words group into: each is a whole line of the band)
        out.append(RowBand(top, bottom, [w for ln in g for w in ln.words], _lines=list(g)))
    return out


def _split_band(band: RowBand) -> list[RowBand]:
    """Split a band whose text lines are further apart than the spacing of wrapped lines."""
    lines = band.lines()
    if len(lines) < 2:
        return [band]
    sizes = sorted(w.bottom - w.top for w in band.words)
    height = sizes[len(sizes) // 2]
    runs: dict[int, list[list[Word]]] = {}  # each line's runs, read as the line below and above

    def runs_of(i: int) -> list[list[Word]]:
        if i not in runs:
            runs[i] = _line_chunks([lines[i].words], None)  # (one line's words group as that line)
        return runs[i]

    groups: list[list[TextLine]] = [[lines[0]]]
    for i in range(1, len(lines)):
        prev, ln = lines[i - 1], lines[i]
        # wrapped lines sit about 1.2 text heights apart; rows add cell padding on top; a
        # single-spaced sheet has no padding, but a line of several cells with figures under
        # another line of several cells opens a row (a wrapped cell's lines carry no figures)
        if ln.top - prev.top > 1.45 * height or _opens_row(prev.words, ln.words, runs_of(i - 1), runs_of(i)):
            groups.append([ln])
        else:
            groups[-1].append(ln)
    return _bands_of(band, groups)


def _opens_row(above: list[Word], line: list[Word], over: list[list[Word]], cells: list[list[Word]]) -> bool:
    """Is `line` (its runs `cells`) a row of its own under `above` (its runs `over`), however
    close? `line` holds several cells with figures among them, and `above` figures too or
    another weight (a bold header or heading over plain rows; a header label wrapped onto a line
    of years keeps its weight)."""
    figures_above = _has_figure(over if len(over) == 1 else over[1:])
    if all(_has_figure([c]) for c in cells):
        # figures do not wrap: a line of figures alone is a row (a subtotal), unless it starts
        # where the line above starts (a label wrapped onto a year)
        return figures_above and (_has_figure(over[:1]) or cells[0][0].x0 > over[0][0].x0 + 1.0)
    if len(cells) < 2 or not _has_figure(cells[1:]):
        return False
    return figures_above or _bold(above) != _bold(line)


def _has_figure(cells: list[list[Word]]) -> bool:
    return any(is_numeric_cell(spaced_text(c)) for c in cells)


def _bold(words: list[Word]) -> bool:
    return sum(w.bold for w in words) > len(words) / 2


def _split_figure_lines(band: RowBand, label_edge: float) -> list[RowBand]:
    """A ruled band holding several lines of figures is several rows (rules drawn only under
    blocks, as spreadsheets do); a band with one line of figures is one row with wrapped text.
    Figures left of the first column rule are words of a label ("units 1, 2, 3, 14," wrapped and
    justified in its cell), not a line of figures."""
    lines = band.lines()
    if len(lines) < 2:
        return [band]  # fewer than two lines of figures
    with_figures = 0
    for ln in lines:
        runs = [c for c in _line_chunks([ln.words], None) if c[0].x0 >= label_edge]
        with_figures += len(runs) >= 2 and sum(_has_figure([c]) for c in runs) >= 2
        if with_figures >= 2:
            break
    else:
        return [band]
    out = []
    for i, ln in enumerate(lines):
        top = band.top if i == 0 else (lines[i - 1].bottom + ln.top) / 2
        bottom = band.bottom if i == len(lines) - 1 else (ln.bottom + lines[i + 1].top) / 2
        out.append(RowBand(top, bottom, ln.words, _lines=[ln]))
    return out


def _column_rule_ends(region: Region, words: list[Word]) -> list[float]:
    """Where an interior column rule starts or stops inside the table and text just beyond that
    end runs across the rule's line, a row ends there: that row spans the columns (a section
    heading across a ruled grid, "Significant Risks (over £10m)")."""
    ends = []
    for s in region.v_rules:
        x = s.x0
        if not region.x0 + MERGE < x < region.x1 - MERGE:
            continue
        if s.top > region.top + MERGE and any(
            w.x0 < x < w.x1 and s.top - SPAN_REACH <= w.top and w.bottom <= s.top + MERGE for w in words
        ):
            ends.append(s.top)
        if s.bottom < region.bottom - MERGE and any(
            w.x0 < x < w.x1 and s.bottom - MERGE <= w.top and w.bottom <= s.bottom + SPAN_REACH for w in words
        ):
            ends.append(s.bottom)
    return ends


def row_bands(region: Region, words: list[Word]) -> list[RowBand]:
    ys = row_boundaries(region)
    if region.h_rules and region.v_rules:
        ys = _merge_positions(ys + _column_rule_ends(region, words))
    bands: list[RowBand] = []
    # the words by their centres, so each band takes its slice (in the words' own order)
    order = sorted(range(len(words)), key=lambda i: (words[i].top + words[i].bottom) / 2)
    middles = [(words[i].top + words[i].bottom) / 2 for i in order]
    for top, bottom in zip(ys, ys[1:], strict=False):
        inside = [words[i] for i in sorted(order[bisect_left(middles, top) : bisect_left(middles, bottom)])]
        if inside:
            band = RowBand(top, bottom, inside)
            if not region.h_rules:
                bands.extend(_split_band(band))
            else:
                label_edge = _label_edge(region)
                # without a column rule every figure counts
                figures_from = label_edge if label_edge < region.x1 else region.x0
                bands.extend(
                    p
                    for b in _split_figure_lines(band, figures_from)
                    for p in _split_labelled_rows(b, label_edge)
                )
    return bands


def _label_edge(region: Region) -> float:
    """The right edge of a ruled table's first column: its first interior column rule."""
    inner = [s.x0 for s in region.v_rules if region.x0 + SLIVER < s.x0 < region.x1 - SLIVER]
    return min(inner, default=region.x1)


def _split_labelled_rows(band: RowBand, label_edge: float) -> list[RowBand]:
    """A ruled band holding several rows the typesetter parted by a blank line rather than a rule
    (a block of rows under one section label): split it at blank lines across the whole band,
    but only where every part opens with a label in the first column (a cell of several
    paragraphs leaves the first column empty beside its later paragraphs)."""
    lines = band.lines()
    if len(lines) < 2 or label_edge <= band.words[0].x0:
        return [band]
    heights = sorted(w.bottom - w.top for w in band.words)
    height = heights[len(heights) // 2]
    groups: list[list[TextLine]] = [[lines[0]]]
    for prev, ln in zip(lines, lines[1:], strict=False):
        if ln.top - prev.bottom > BLANK_LINE * height:
            groups.append([ln])
        else:
            groups[-1].append(ln)
    if len(groups) < 2 or not all(any(w.x1 <= label_edge for w in g[0].words) for g in groups):
        return [band]
    return _bands_of(band, groups)


def ruled_columns(region: Region) -> list[float] | None:
    """Column boundaries from vertical rulings, or None when the region has no interior ones."""
    height = region.bottom - region.top
    xs = [(s.x0 + s.x1) / 2 for s in region.v_rules if (s.bottom - s.top) >= min(12.0, 0.3 * height)]
    # cell rects narrower than the table also mark columns (Word tables shade cell by cell); the
    # edge of a shading inset a few points from its cell's rule marks no column of its own
    cells = [b for b in region.edged_bands if b.width < 0.9 * region.width]
    xs.extend(x for b in cells for x in (b.x0, b.x1) if not any(abs(x - r) < SLIVER for r in xs))
    xs = _merge_positions(xs + [region.x0, region.x1], tol=3.0)
    interior = [x for x in xs if region.x0 + 3 < x < region.x1 - 3]
    if not interior:
        return None
    return [region.x0] + interior + [region.x1]


def _line_chunks(lines: list[list[Word]], cuts: list[float] | None) -> list[list[Word]]:
    """Runs of words on one line (each of `lines` a line's words, left to right) close enough to
    be one cell's text; a ruling (`cuts`) always ends a run, however close the words on either
    side."""
    marks = sorted(cuts) if cuts else None
    out: list[list[Word]] = []
    for line in lines:
        current: list[Word] = []
        for w in line:
            if current:
                prev = current[-1]
                gap = 0.4 * (w.bottom - w.top)
                if w.x0 - prev.x1 > (gap if gap > 2.0 else 2.0) or (
                    marks is not None and _cut_between(prev, w, marks)
                ):
                    out.append(current)
                    current = []
            current.append(w)
        if current:
            out.append(current)
    return out


def _cut_between(left: Word, right: Word, marks: list[float]) -> bool:
    """Does a cut (of the sorted `marks`) fall strictly between the two words' centres?"""
    i = bisect_right(marks, (left.x0 + left.x1) / 2)
    return i < len(marks) and marks[i] < (right.x0 + right.x1) / 2


def _span_groups(spans: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Maximal groups of overlapping x-spans: each group is one column's text."""
    groups: list[list[tuple[float, float]]] = []
    right = -1e9
    for s in sorted(spans):
        if groups and s[0] <= right + 1.0:
            groups[-1].append(s)
            right = max(right, s[1])
        else:
            groups.append([s])
            right = s[1]
    return groups


def _merge_header_only(
    groups: list[list[tuple[float, float]]], info: dict[tuple[float, float], tuple[set[int], bool]]
) -> list[list[tuple[float, float]]]:
    """A header label with no body text under it belongs to the body column of figures to its
    right: labels are left-aligned over right-aligned numbers. (Words to its right are not under
    it: they are left-aligned where the next column starts.)"""
    body = set(info)
    flush = _labels_flush_right(groups, body)
    out: list[list[tuple[float, float]]] = []
    for i, g in enumerate(groups):
        header_only = bool(body) and not any(s in body for s in g)
        nxt = groups[i + 1] if i + 1 < len(groups) else None
        # ...but only when that column has no label of its own, and not when the table sets its
        # labels flush right over their figures and this one does not end where they do
        if (
            header_only
            and nxt is not None
            and all(s in body and info[s][1] for s in nxt)
            and not (flush and abs(max(s[1] for s in g) - max(s[1] for s in nxt)) > FLUSH)
        ):
            groups[i + 1] = g + nxt
            continue
        # ...or, failing that, to an unlabelled column on its left (a centred arrow under it)
        if header_only and out and all(s in body for s in out[-1]):
            out[-1] = out[-1] + g
            continue
        out.append(g)
    return out


def _labels_flush_right(groups: list[list[tuple[float, float]]], body: set[tuple[float, float]]) -> bool:
    """Do the header labels end exactly where the figures under them end (right-aligned labels)?"""
    votes = []
    for g in groups:
        heads = [s for s in g if s not in body]
        cells = [s for s in g if s in body]
        if heads and cells:
            votes.append(all(abs(h[1] - max(c[1] for c in cells)) <= FLUSH for h in heads))
    return len(votes) >= 2 and all(votes)


def _spans(bands: list[RowBand]) -> list[tuple[float, float]]:
    return [(c[0].x0, c[-1].x1) for band in bands for c in band.chunks()]


def gutter_columns(region: Region, body: list[RowBand], header: list[RowBand] | None = None) -> list[float]:
    """Column boundaries from the gaps no body text crosses.

    Header text joins in where it sits within one body column or in a gap (a header label over
    a column that is empty in every body row); a header cell spanning columns is left out.
    """
    spans = _spans(body)
    if header:
        head = _spans(header)
        body_groups = [(min(s[0] for s in g), max(s[1] for s in g)) for g in _span_groups(spans)]
        hits = [[i for i, g in enumerate(body_groups) if s[0] < g[1] and g[0] < s[1]] for s in head]
        for s, hit in zip(head, hits, strict=True):
            if len(hit) <= 1:
                spans.append(s)
            elif sum(1 for i in hit if [i] in hits) <= 1:
                # one label over text and numbers that do not overlap ("Delivered" beside "-2,400.0"):
                # one column, so let the label bridge them
                spans.append(s)
    if not spans:
        return [region.x0, region.x1]
    info = _span_rows(body)
    groups = [part for g in _span_groups(spans) for part in _split_crossed(g, info, len(body))]
    groups = _merge_header_only(groups, info)
    groups = _merge_disjoint(groups, info, _spans(header or []))
    return [region.x0, *_group_bounds(groups), region.x1]


def _split_crossed(
    group: list[tuple[float, float]], info: dict[tuple[float, float], tuple[set[int], bool]], n_rows: int
) -> list[list[tuple[float, float]]]:
    """A gutter that the rows keep but one or two lines run across (a note or a heading written
    across the columns) still parts two columns: split the group there and
    leave the crossing text out of the column edges (its words still go to a cell). Seen on a
    parish council's accounts; tested there and on a built page."""
    edges = sorted({e for s in group for e in s})
    allowed = max(1, int(CROSSING_SHARE * n_rows))
    for a, b in zip(edges, edges[1:], strict=False):
        if b - a < MIN_GUTTER:
            continue
        crossing = [s for s in group if s[0] < b and a < s[1]]
        if len(crossing) > allowed:
            continue
        rows = set().union(*(info[s][0] for s in crossing if s in info)) if crossing else set()
        if len(rows) > allowed:
            continue
        left = [s for s in group if s[1] <= a]
        right = [s for s in group if s[0] >= b]
        sides = (_rows_of(left, info) >= SIDE_ROWS, _rows_of(right, info) >= SIDE_ROWS)
        if all(sides) or (any(sides) and _figures_only(left, info) and _figures_only(right, info)):
            return [left, *_split_crossed(right, info, n_rows)]
    return [group]


def _figures_only(
    spans: list[tuple[float, float]], info: dict[tuple[float, float], tuple[set[int], bool]]
) -> bool:
    """Only figures in the body on this side (a lone figure set apart from a column of figures
    is a column of its own: an overspend beside the underspends; a word beside a figure under
    one label is one column, aligned two ways)."""
    body = [s for s in spans if s in info]
    return bool(body) and all(info[s][1] for s in body)


def _rows_of(spans: list[tuple[float, float]], info: dict[tuple[float, float], tuple[set[int], bool]]) -> int:
    return len(set().union(*(info[s][0] for s in spans if s in info))) if spans else 0


def _span_rows(bands: list[RowBand]) -> dict[tuple[float, float], tuple[set[int], bool]]:
    """Each body text run's rows, and whether it is a figure."""
    info: dict[tuple[float, float], tuple[set[int], bool]] = {}
    for i, band in enumerate(bands):
        for c, figure in zip(band.chunks(), band.figures(), strict=True):
            key = (c[0].x0, c[-1].x1)
            rows, _ = info.get(key, (set(), False))
            info[key] = (rows | {i}, figure)
    return info


def _merge_disjoint(
    groups: list[list[tuple[float, float]]],
    info: dict[tuple[float, float], tuple[set[int], bool]],
    head: list[tuple[float, float]],
) -> list[list[tuple[float, float]]]:
    """Two neighbouring groups that never share a row, and do not both carry a heading of their
    own, are one column whose cells are aligned differently: a left-aligned word ("Delivered",
    an arrow) beside right-aligned figures. Words join the figures to their right (they start
    where that column starts), figures the words to their left; two text columns never merge."""

    def used(g: list[tuple[float, float]]) -> set[int]:
        return set().union(*(info[s][0] for s in g if s in info))

    def labelled(g: list[tuple[float, float]]) -> bool:
        lo, hi = min(s[0] for s in g), max(s[1] for s in g)
        return any(h[0] < hi and lo < h[1] for h in head)

    def figures(g: list[tuple[float, float]]) -> bool:
        flags = [info[s][1] for s in g if s in info]
        return bool(flags) and sum(flags) >= len(flags) / 2

    def joinable(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> bool:
        ua, ub = used(a), used(b)
        return bool(ua) and bool(ub) and not (ua & ub) and not (labelled(a) and labelled(b))

    groups = list(groups)
    i = 0
    while i < len(groups) - 1:
        if not figures(groups[i]) and figures(groups[i + 1]) and joinable(groups[i], groups[i + 1]):
            groups[i + 1] = groups[i] + groups[i + 1]
            del groups[i]
        else:
            i += 1
    out: list[list[tuple[float, float]]] = []
    for g in groups:
        if out and figures(g) and not figures(out[-1]) and joinable(out[-1], g):
            out[-1] = out[-1] + g
        else:
            out.append(g)
    return out


def _group_bounds(groups: list[list[tuple[float, float]]]) -> list[float]:
    """Boundaries between consecutive column groups, placed by their alignment."""
    bounds = []
    for left, nxt in zip(groups, groups[1:], strict=False):
        l_right = max(s[1] for s in left)
        n_left = min(s[0] for s in nxt)
        if _right_aligned(left):
            bounds.append(min(l_right + 3.0, n_left))
        elif not _right_aligned(nxt):
            bounds.append(max(n_left - 3.0, l_right))
        else:
            bounds.append((l_right + n_left) / 2)
    return bounds


def refine_ruled_columns(columns: list[float], body: list[RowBand]) -> tuple[list[float], set[int]]:
    """Spreadsheet exports rule only blocks of columns: split a ruled column whose body text falls
    into separate groups of figures. Returns the columns and the indexes of the added boundaries."""
    numeric: dict[tuple[float, float], bool] = {}
    for band in body:
        for c, figure in zip(band.chunks(columns), band.figures(columns), strict=True):
            numeric[(c[0].x0, c[-1].x1)] = figure
    out = [columns[0]]
    added: set[int] = set()
    for c0, c1 in zip(columns, columns[1:], strict=False):
        spans = [s for s in numeric if c0 <= (s[0] + s[1]) / 2 < c1]
        groups = [sub for g in _span_groups(spans) for sub in _split_by_right_edge(g, numeric)]
        figures = groups[1:] if groups and not _mostly_numeric(groups[0], numeric) else groups
        # only several columns of figures side by side, never text beside its figures
        if len(figures) >= 2 and all(len(g) >= 2 and _mostly_numeric(g, numeric) for g in figures):
            for b in _group_bounds(groups):
                out.append(b)
                added.add(len(out) - 1)
        out.append(c1)
    return out, added


def _split_by_right_edge(
    group: list[tuple[float, float]], numeric: dict[tuple[float, float], bool]
) -> list[list[tuple[float, float]]]:
    """Right-aligned figure columns packed so tightly that their widest values overlap: tell them
    apart by the right edges the figures share."""
    edges: list[list[float]] = []
    for x1 in sorted(s[1] for s in group if numeric.get(s)):
        if edges and x1 - edges[-1][-1] <= RIGHT_EDGE_SLACK:
            edges[-1].append(x1)
        else:
            edges.append([x1])
    anchors = [sum(e) / len(e) for e in edges if len(e) >= 2]
    centres = [(s[0] + s[1]) / 2 for s in group if numeric.get(s)]
    if len(anchors) < 2 or max(centres) - min(centres) <= RIGHT_EDGE_SLACK:
        return [group]  # one column of figures set centred: right edges vary, centres do not
    parts: list[list[tuple[float, float]]] = [[] for _ in anchors]
    for s in group:
        # each figure goes to the nearest right edge at or beyond its own
        i = min(range(len(anchors)), key=lambda k: abs(anchors[k] - s[1]))
        parts[i].append(s)
    return [p for p in parts if p]


def _mostly_numeric(group: list[tuple[float, float]], numeric: dict[tuple[float, float], bool]) -> bool:
    return sum(numeric.get(s, False) for s in group) >= 0.6 * len(group)


def _right_aligned(spans: list[tuple[float, float]]) -> bool:
    if len(spans) < 2:
        return False
    lefts = [s[0] for s in spans]
    rights = [s[1] for s in spans]
    return (max(rights) - min(rights)) + 0.5 < (max(lefts) - min(lefts))
