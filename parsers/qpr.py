"""Quarterly Performance Reports: one record per KPI (RAG latest/previous, direction of travel,
period, id) and the RAG summary counts per area.

Tables come from table detection; which are KPI tables and which are count tables is decided by
`kpi_tables` from vocabulary and cell contents. RAG comes from the cell's word or its fill
(`rag`), DoT from glyphs, symbol fonts, words or drawn shapes, calibrated on the report's own
key (`dot`), the period from the report's text (`period`), the id from `extractor.schemas.kpi_ids`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from extractor.parsers.dot import DotKey, dot_from_words, learn_key_row, read_dot
from extractor.parsers.dot_shapes import classify_marks
from extractor.parsers.kpi_boxes import KpiObservation as BoxValue
from extractor.parsers.kpi_boxes import find_kpi_boxes
from extractor.parsers.kpi_cells import CellPlaces, cell_places
from extractor.parsers.kpi_details import find_detail_blocks, lower_is_better
from extractor.parsers.kpi_tables import (
    KpiColumns,
    area_from_caption,
    column_labels,
    count_rows,
    is_area_summary_label,
    kpi_columns,
)
from extractor.parsers.pdf import PageContent
from extractor.parsers.qpr_areas import area_above, canonical_area
from extractor.parsers.qpr_period import ReportPeriods
from extractor.parsers.rag import (
    Rag,
    RagKey,
    hex_of,
    is_not_comparable,
    rag_from_description,
    rag_from_fill,
    rag_from_text,
)
from extractor.schemas.document import BBox, Kpi, KpiObservation, Paragraph, Period, RagSummary, Table
from extractor.schemas.kpi_ids import KpiRegistry, registry
from extractor.schemas.vocabulary import clean


@dataclass
class QprResult:
    kpis: list[Kpi] = field(default_factory=list)
    rag_summary: list[RagSummary] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # per-KPI values (actual, target, previous) keyed by kpi_id, where the report prints them
    observations: dict[str, list[KpiObservation]] = field(default_factory=dict)

    def kpi_observations(self) -> list[KpiObservation]:
        """Every KPI value in page order, ready for `Document.kpi_observations`."""
        values = [o for obs in self.observations.values() for o in obs]
        return sorted(values, key=lambda o: (o.page, o.bbox[1], o.bbox[0]))


@dataclass
class _Context:
    pages: dict[int, PageContent]
    key: DotKey
    rag_key: RagKey
    registry: KpiRegistry
    periods: ReportPeriods | None
    warnings: list[str]


def _row_place(table: Table, i: int) -> tuple[int, BBox]:
    page = table.row_pages[i] if i < len(table.row_pages) else (table.pages[0] if table.pages else 1)
    bbox = table.row_bboxes[i] if i < len(table.row_bboxes) else table.bbox
    return page, list(bbox)


def _cell_bbox(table: Table, i: int, j: int | None) -> BBox | None:
    if j is None or i >= len(table.cell_bboxes) or j >= len(table.cell_bboxes[i]):
        return None
    return table.cell_bboxes[i][j]


def _cell(row: list[str], j: int | None) -> str:
    return clean(row[j]) if j is not None and j < len(row) else ""


def _is_key(rows: list[list[str]]) -> bool:
    """A key table: two or more columns, ratings (as words or as their descriptions) in the rows."""
    described = sum(1 for r in rows if r and (rag_from_text(r[0]) or rag_from_description(r[-1])))
    return described >= 1 and all(len(r) >= 2 for r in rows)


def read_key(tables: list[Table], pages: dict[int, PageContent]) -> tuple[DotKey, RagKey]:
    """The report's 'Key to KPI Ratings': a table whose first column holds RAG words (or fills)
    and arrows with their meaning beside them. Arrows drawn as shapes and the colours of the
    rating cells are calibrated here too."""
    key, rag_key = DotKey(), RagKey()
    for table in tables:
        rows = [*table.header_rows, *table.rows]
        if not _is_key(rows):
            continue
        places = cell_places(table, pages)
        for i, row in enumerate(rows):
            learn_key_row(key, row[0], row[1])
            body = i - len(table.header_rows)
            if body < 0 or _row_place(table, body)[0] not in pages:
                continue
            page = pages[_row_place(table, body)[0]]
            area = _cell_bbox(table, body, 0) or places.column_area(body, 0, page.width)
            rating = rag_from_text(row[0]) or (None if clean(row[0]) else rag_from_description(row[1]))
            if rating:
                fill = rag_from_fill(page.rects, area)
                if fill.color is not None:
                    rag_key.learn(fill.color, rating)
            meaning = dot_from_words(row[1])
            if not clean(row[0]) and meaning:
                direction, _, _ = classify_marks(page, area)
                if direction:
                    key.shapes[direction] = meaning
    return key, rag_key


def _rag_cell(
    table: Table, i: int, j: int | None, ctx: _Context, what: str, page: int, places: CellPlaces
) -> tuple[str | None, str | None]:
    """(rating or '*', printed text) of one RAG cell; fill colour when the cell has no word."""
    text = _cell(table.rows[i], j)
    rag = rag_from_text(text)
    if rag:
        return rag, text
    if text and is_not_comparable(text):
        return "*", text
    box = _cell_bbox(table, i, j) or (places.label_area(i, j) if j is not None else None)
    if box is not None and page in ctx.pages:
        fill = rag_from_fill(ctx.pages[page].rects, box, ctx.rag_key)
        if fill.rag:
            return fill.rag, text or None
        if fill.color is not None:
            where = f"page {page}: table {table.id}: KPI {_cell(table.rows[i], 0)[:60]!r}"
            ctx.warnings.append(
                f"{where}: {what} RAG fill {hex_of(fill.color)} is no clear green, amber or red: not read"
            )
            return None, text or None
    if text:
        ctx.warnings.append(f"page {page}: table {table.id}: unreadable {what} RAG {text!r}")
    return None, text or None


def _table_area(table: Table, cols: KpiColumns, ctx: _Context) -> str | None:
    area = area_from_caption(column_labels(table)[cols.name]) or area_from_caption(table.title)
    if area is None and table.row_bboxes and table.row_pages:
        area = area_above(ctx.pages, table.row_pages[0], table.row_bboxes[0][1])
    return area


def _kpis_of(table: Table, cols: KpiColumns, ctx: _Context) -> list[Kpi]:
    area = _table_area(table, cols, ctx)
    canonical = canonical_area(area)
    places = cell_places(table, ctx.pages)
    out = []
    for i, row in enumerate(table.rows):
        name = _cell(row, cols.name)
        marks = [_cell(row, j) for j in (cols.latest, cols.previous, cols.dot)]
        if not name or not any(marks) and not table.cell_bboxes:
            continue  # a sub-heading row inside the table
        page, bbox = _row_place(table, i)
        latest, _ = _rag_cell(table, i, cols.latest, ctx, "latest", page, places)
        previous, previous_text = _rag_cell(table, i, cols.previous, ctx, "previous", page, places)
        dot = None
        if cols.dot is not None:
            content = ctx.pages.get(page)
            box = _cell_bbox(table, i, cols.dot)
            if box is None and content is not None:
                box = places.column_area(i, cols.dot, content.width)
            reading = read_dot(marks[2], ctx.key, content, box)
            dot = reading.dot
            if reading.warning:
                ctx.warnings.append(f"page {page}: KPI {name[:60]!r}: {reading.warning}")
        if latest is None and previous is None and dot is None:
            continue
        resolution = ctx.registry.resolve(name, canonical or area)
        out.append(
            Kpi(
                area=area,
                area_canonical=canonical,
                name=name,
                kpi_id=resolution.kpi_id,
                rag_latest=latest if latest != "*" else None,  # type: ignore[arg-type]
                rag_previous=previous if previous != "*" else None,  # type: ignore[arg-type]
                rag_previous_text=previous_text if previous == "*" else None,
                dot=dot,
                period=ctx.periods.at(page) if ctx.periods else None,
                page=page,
                bbox=bbox,
                table_id=table.id,
            )
        )
    return out


def _summaries_of(table: Table, ctx: _Context) -> tuple[list[RagSummary], bool]:
    """(records, whether the table is an executive summary with a total row)."""
    rows = count_rows(table)
    if not rows:
        return [], False
    has_total = any(r.is_total for r in rows)
    records = []
    for r in rows:
        if r.is_total:
            continue
        label = r.label
        if not label or is_area_summary_label(label):
            page, bbox = _row_place(table, r.row_index)
            header = next((clean(h[0]) for h in table.header_rows if h and canonical_area(h[0])), None)
            label = header or area_above(ctx.pages, page, bbox[1]) or ""
        if not label:
            continue
        page, bbox = _row_place(table, r.row_index)
        place = {"area": label, "page": page, "bbox": bbox if any(bbox) else None, "table_id": table.id}
        records.append(RagSummary.model_validate({**place, **r.counts}))
    return records, has_total


def extract_kpis(tables: list[Table], pages: list[PageContent], paragraphs: list[Paragraph]) -> QprResult:
    result = QprResult()
    kpi_tables = [(t, c) for t in tables if (c := kpi_columns(t)) is not None]
    taken = {id(t) for t, _ in kpi_tables}
    count_tables = [t for t in tables if id(t) not in taken]
    keys = read_key(tables, {p.number: p for p in pages})
    ctx = _Context(
        pages={p.number: p for p in pages},
        key=keys[0],
        rag_key=keys[1],
        registry=registry(),
        periods=ReportPeriods(pages) if kpi_tables and pages else None,
        warnings=result.warnings,
    )
    for table, cols in kpi_tables:
        result.kpis.extend(_kpis_of(table, cols, ctx))
    executive: list[RagSummary] = []
    by_area: list[RagSummary] = []
    for table in count_tables:
        records, has_total = _summaries_of(table, ctx)
        (executive if has_total else by_area).extend(records)
    # the executive summary restates every area's row; area tables stand in only when it is missing
    result.rag_summary = executive or by_area
    _add_kpi_boxes(result, pages, ctx)
    if result.rag_summary and ctx.periods is None and pages:
        ctx.periods = ReportPeriods(pages)
    for summary in result.rag_summary:
        summary.period = ctx.periods.at(summary.page) if ctx.periods else None
    return result


_UNITS = ("£m", "£k", "£000s", "£", "%", "count")


class _Printed(Protocol):
    """A KPI printed as text (a 2018/19 box or a detail line): its name, place and values."""

    name: str
    page: int
    bbox: list[float]
    observations: list[BoxValue]


def _box_values(box: _Printed, kpi: Kpi, period: Period | None) -> list[KpiObservation]:
    return [
        KpiObservation(
            kpi_id=kpi.kpi_id,
            name=box.name,
            area=kpi.area,
            area_canonical=kpi.area_canonical,
            measure=o.measure,  # type: ignore[arg-type]
            value=o.value,
            text=o.text,
            unit=o.unit if o.unit in _UNITS else None,  # type: ignore[arg-type]
            period=period,
            page=o.page,
            bbox=list(o.bbox),
        )
        for o in box.observations
    ]


def _add_printed(
    result: QprResult,
    ctx: _Context,
    known: dict[str, Kpi],
    box: _Printed,
    ratings: tuple[Rag | None, Rag | None],
    dot_text: str,
) -> None:
    """Values of a KPI printed as text go to the KPI the registry names (a table's, however the
    detail words it); a KPI no table gave becomes a record of its own."""
    area = area_above(ctx.pages, box.page, box.bbox[1])
    canonical = canonical_area(area)
    kpi_id = ctx.registry.resolve(box.name, canonical or area).kpi_id
    period = ctx.periods.at(box.page) if ctx.periods else None
    if kpi_id not in known:
        known[kpi_id] = Kpi(
            area=area,
            area_canonical=canonical,
            name=box.name,
            kpi_id=kpi_id,
            rag_latest=ratings[0],
            rag_previous=ratings[1],
            rag_previous_text=None,
            dot=read_dot(dot_text, ctx.key).dot,
            period=period,
            page=box.page,
            bbox=box.bbox,
        )
        result.kpis.append(known[kpi_id])
    kpi = known[kpi_id]
    sense = lower_is_better(box.observations)
    if sense is not None:
        kpi.lower_is_better = sense
    result.observations.setdefault(kpi_id, []).extend(_box_values(box, kpi, period))


def _add_kpi_boxes(result: QprResult, pages: list[PageContent], ctx: _Context) -> None:
    """KPIs printed as text (2018/19 boxes, detail lines): values, and a record unless a table
    already gave one."""
    boxes = find_kpi_boxes(pages) if pages else []
    details = find_detail_blocks(pages) if pages else []
    if (boxes or details) and ctx.periods is None:
        ctx.periods = ReportPeriods(pages)
    known = {k.kpi_id: k for k in result.kpis}
    for box in boxes:
        _add_printed(result, ctx, known, box, (box.rag, None), box.dot_text)
    for detail in details:
        ratings = (detail.ratings.get("actual"), detail.ratings.get("previous"))
        _add_printed(result, ctx, known, detail, ratings, "")
