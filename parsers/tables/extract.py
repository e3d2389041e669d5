"""The table stage: regions on every page, structured, then stitched across pages."""

from __future__ import annotations

from extractor.parsers.layout import Levels, page_lines, page_outside
from extractor.parsers.pdf import PageContent
from extractor.parsers.tables.aligned import Box, cell_marks, find_text_regions
from extractor.parsers.tables.regions import find_regions
from extractor.parsers.tables.stitch import stitch
from extractor.parsers.tables.structure import PageTable, build_page_table
from extractor.parsers.tables.titles import attach_titles
from extractor.schemas.document import Table


def page_tables(page: PageContent) -> list[PageTable]:
    tables = []
    regions = find_regions(page)
    # several regions of one page each take the words level with them, not every word of the page
    levels = Levels(page.words) if len(regions) > 1 else None
    for region in regions:
        table = build_page_table(region, page.words, levels=levels)
        if table is not None:
            tables.append(table)
    # text the graphics left unclaimed may still be tables set by alignment alone
    claimed: list[Box] = [(t.bbox[0], t.bbox[1], t.bbox[2], t.bbox[3]) for t in tables]
    if claimed:
        # (the lines outside the tables are kept with the page: the titles read them next)
        free, lines = page_outside(page, claimed)
    else:  # every word is free: the page's own lines, built once for every stage, are theirs
        free, lines = page.words, page_lines(page)
    for region in find_text_regions(free, page.number, cell_marks(page, claimed), lines):
        table = build_page_table(region, free)
        if table is not None:
            tables.append(table)
    return tables


def extract_tables(pages: list[PageContent]) -> list[Table]:
    per_page = {p.number: page_tables(p) for p in pages}
    titled = attach_titles(pages, per_page)
    return stitch(pages, titled)
