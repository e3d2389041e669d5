"""The table stage: regions on every page, structured, then stitched across pages."""

from __future__ import annotations

from parsers.pdf import PageContent
from parsers.tables.regions import find_regions
from parsers.tables.stitch import stitch
from parsers.tables.structure import PageTable, build_page_table
from parsers.tables.titles import attach_titles
from schemas.document import Table


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
