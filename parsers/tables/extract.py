"""The table stage: regions on every page, structured, then stitched across pages."""

from __future__ import annotations

from extractor.parsers.pdf import PageContent
from extractor.parsers.tables.regions import find_regions
from extractor.parsers.tables.stitch import stitch
from extractor.parsers.tables.structure import PageTable, build_page_table
from extractor.parsers.tables.titles import attach_titles
from extractor.schemas.document import Table


def page_tables(page: PageContent) -> list[PageTable]:
    tables = []
    for region in find_regions(page):
        table = build_page_table(region, page.words)
        if table is not None:
            tables.append(table)
    return tables


def extract_tables(pages: list[PageContent]) -> list[Table]:
    per_page = {p.number: page_tables(p) for p in pages}
    titled = attach_titles(pages, per_page)
    return stitch(pages, titled)
