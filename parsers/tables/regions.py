"""Where the tables are on a page, from its graphics: ruling lines, cell borders and row bands.

A region is a cluster of touching horizontal/vertical rulings and filled bands. Ruled tables
(every cell boxed) and spreadsheet exports (no rules, but a shaded header and zebra-striped
rows) both leave such clusters; the cluster's edges give row and column boundaries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from extractor.parsers.pdf import RULE_THICKNESS, Color, Curve, PageContent, Rect, Segment

MIN_RULE = 8.0  # shorter strokes are glyph decorations, not rulings
TOUCH = 2.5  # how close two pieces of graphics must be to belong to one table
WHITE_SLACK = 0.02  # how far from pure white a fill may be and still draw nothing on a white page
STACK_GAP = 6.0  # points: a region this close under another of the same width continues it
CORNER = 0.5  # points: a path's point this close to its box's corner is that corner
BOX_GAP = 1.5  # a one-row box at most this many of its own heights below a table can be its last row
BOX_ALIGN = 3.0  # points: ...when its edges and column rules sit on the table's


@dataclass
class Region:
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    h_rules: list[Segment] = field(default_factory=list)
    v_rules: list[Segment] = field(default_factory=list)
    bands: list[Rect] = field(default_factory=list)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @cached_property
    def edged_bands(self) -> list[Rect]:
        """The bands whose edges show: a rect inside a larger one of the same colour (a cell's
        padding, its text drawn line by line on its own shading) draws no edge of its own."""
        by_size = sorted(self.bands, key=lambda r: r.width * r.height, reverse=True)
        out = []
        for i, r in enumerate(by_size):
            if not any(o.fill == r.fill and _contains(o, r) for o in by_size[:i]):
                out.append(r)
        return out

    def fill_at(self, x0: float, top: float, x1: float, bottom: float) -> Color:
        """The fill colour covering most of a box (summed over the region's shaded rects)."""
        area: dict[Color, float] = {}
        for r in self.bands:
            w = min(x1, r.x1) - max(x0, r.x0)
            h = min(bottom, r.bottom) - max(top, r.top)
            if w > 0 and h > 0:
                area[r.fill] = area.get(r.fill, 0.0) + w * h
        if not area:
            return None
        colour, covered = max(area.items(), key=lambda kv: kv[1])
        return colour if covered >= 0.5 * max(1e-6, (x1 - x0) * (bottom - top)) else None


def _contains(outer: Rect, inner: Rect) -> bool:
    return (
        outer.x0 <= inner.x0
        and inner.x1 <= outer.x1
        and outer.top <= inner.top
        and inner.bottom <= outer.bottom
    )


def _is_band(rect: Rect, page: PageContent) -> bool:
    if not rect.filled or rect.width < 20 or rect.height < 4:
        return False
    # a rect covering most of the page is a background, not a table
    return rect.width * rect.height < 0.6 * page.width * page.height


def _is_white(colour: Color) -> bool:
    """A fill in the page's own colour: grey 1, RGB (1, 1, 1) or CMYK (0, 0, 0, 0)."""
    if not colour:
        return False
    if len(colour) == 4:
        return all(c <= WHITE_SLACK for c in colour)
    return all(c >= 1 - WHITE_SLACK for c in colour)


def _boxes_touch(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return not (a[2] < b[0] - TOUCH or b[2] < a[0] - TOUCH or a[3] < b[1] - TOUCH or b[3] < a[1] - TOUCH)


def _ruling_path(curve: Curve) -> Segment | None:
    """A thin box drawn as a path of its corners left open (move, three lines, fill: no closing
    'h', so the reader does not class it as a rect) is a ruling like any other."""
    thin = min(curve.x1 - curve.x0, curve.bottom - curve.top)
    if thin >= RULE_THICKNESS or max(curve.x1 - curve.x0, curve.bottom - curve.top) < MIN_RULE:
        return None
    corner = all(
        min(abs(x - curve.x0), abs(x - curve.x1)) <= CORNER
        and min(abs(y - curve.top), abs(y - curve.bottom)) <= CORNER
        for x, y in curve.points
    )
    return Segment(curve.x0, curve.top, curve.x1, curve.bottom) if curve.points and corner else None


def find_regions(page: PageContent) -> list[Region]:
    pieces: list[tuple[tuple[float, float, float, float], object]] = []
    rulings = [ruling for c in page.curves if (ruling := _ruling_path(c)) is not None]
    for s in [*page.segments, *rulings]:
        length = max(s.x1 - s.x0, s.bottom - s.top)
        if length >= MIN_RULE:
            pieces.append(((s.x0, s.top, s.x1, s.bottom), s))
    for r in page.rects:
        if _is_band(r, page):
            pieces.append(((r.x0, r.top, r.x1, r.bottom), r))
    if not pieces:
        return []
    # union-find over touching pieces; pieces are few per page so the quadratic pass is cheap
    parent = list(range(len(pieces)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(pieces)), key=lambda i: pieces[i][0][1])
    for n, i in enumerate(order):
        bi = pieces[i][0]
        for j in order[n + 1 :]:
            bj = pieces[j][0]
            if bj[1] > bi[3] + TOUCH:
                break
            if _boxes_touch(bi, bj):
                ri, rj = root(i), root(j)
                if ri != rj:
                    parent[rj] = ri
    clusters: dict[int, list[int]] = {}
    for i in range(len(pieces)):
        clusters.setdefault(root(i), []).append(i)
    regions = []
    for members in clusters.values():
        boxes = [pieces[i][0] for i in members]
        region = Region(
            page=page.number,
            x0=min(b[0] for b in boxes),
            top=min(b[1] for b in boxes),
            x1=max(b[2] for b in boxes),
            bottom=max(b[3] for b in boxes),
        )
        for i in members:
            obj = pieces[i][1]
            if isinstance(obj, Rect):
                region.bands.append(obj)
            elif isinstance(obj, Segment):
                (region.h_rules if obj.horizontal else region.v_rules).append(obj)
        # white boxes behind words (a word processor's shading in white) draw nothing: with no
        # coloured fill and at most one rule (an underlined word) among them they are no table
        rules = len(region.h_rules) + len(region.v_rules)
        invisible = rules <= 1 and all(_is_white(b.fill) for b in region.bands)
        if region.width >= 40 and (region.bottom - region.top) >= 8 and not invisible:
            regions.append(region)
    return _join_row_boxes(_join_stacked(sorted(regions, key=lambda r: (r.top, r.x0))), page)


def _join_stacked(regions: list[Region]) -> list[Region]:
    """A header band drawn a few points above its body (white between them, too little for a
    line of text), with the same left and right edges, is one table with it."""
    out: list[Region] = []
    for r in regions:
        above = next(
            (
                o
                for o in out
                if abs(o.x0 - r.x0) <= TOUCH
                and abs(o.x1 - r.x1) <= TOUCH
                and 0 <= r.top - o.bottom <= STACK_GAP
            ),
            None,
        )
        if above is None:
            out.append(r)
            continue
        above.bottom = max(above.bottom, r.bottom)
        above.h_rules.extend(r.h_rules)
        above.v_rules.extend(r.v_rules)
        above.bands.extend(r.bands)
    return out


def _join_row_boxes(regions: list[Region], page: PageContent) -> list[Region]:
    """A ruled box of a single row set just below a table, on the table's own column rules, is
    the table's last row set apart (a grand total under the programme); alone it is one row, too
    few for a table. It joins the table when nothing is printed between them, and only when the
    table stands alone: under a block of the same width above it, or under a table that opens
    its page (carried on from the page before, where it may be one of several blocks), the box
    may total every block (seen on the same document: 'Total of all Awards and Allocations' under
    the last of three), so it is left apart rather than compared with one block's rows. (Seen on
    one combined authority's programme; elsewhere such totals are ruled in.)"""
    out: list[Region] = []
    for region in regions:
        above = next((r for r in reversed(out) if r.bottom <= region.top), None)
        if above is not None and _row_box_of(above, region, page) and _stands_alone(above, out, page):
            above.bottom = region.bottom
            above.h_rules.extend(region.h_rules)
            above.v_rules.extend(region.v_rules)
            above.bands.extend(region.bands)
        else:
            out.append(region)
    return out


def _stands_alone(table: Region, regions: list[Region], page: PageContent) -> bool:
    """Is `table` one block on its own: something printed above it on its page (its caption), and
    no region of its width above it?"""
    if not any(w.bottom <= table.top for w in page.words):
        return False
    return not any(
        r is not table
        and r.bottom <= table.top
        and abs(r.x0 - table.x0) <= BOX_ALIGN
        and abs(r.x1 - table.x1) <= BOX_ALIGN
        for r in regions
    )


def _row_box_of(table: Region, box: Region, page: PageContent) -> bool:
    height = box.bottom - box.top
    rows = {round(s.top) for s in box.h_rules}
    if len(rows) != 2 or not box.v_rules or box.top - table.bottom > BOX_GAP * height:
        return False
    if abs(box.x0 - table.x0) > BOX_ALIGN or abs(box.x1 - table.x1) > BOX_ALIGN:
        return False
    columns = [(s.x0 + s.x1) / 2 for s in table.v_rules]
    if not all(any(abs((s.x0 + s.x1) / 2 - x) <= BOX_ALIGN for x in columns) for s in box.v_rules):
        return False
    return not any(table.bottom < (w.top + w.bottom) / 2 < box.top for w in page.words)
