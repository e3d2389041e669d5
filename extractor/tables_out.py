"""Tables written out one per file (CSV, JSON) or one per sheet (XLSX), as camelot users expect."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from extractor.schemas.document import Table


def parse_pages(spec: str, page_count: int) -> list[int]:
    """'1,3-5' -> [1, 3, 4, 5]; 'all' -> every page; pages past the end are an error."""
    if spec.strip().lower() == "all":
        return list(range(1, page_count + 1))
    pages: set[int] = set()
    for part in spec.split(","):
        m = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+|end)\s*)?", part)
        if not m:
            raise ValueError(f"{part.strip()!r} is not a page or a range like 3-5")
        first = int(m.group(1))
        last = page_count if m.group(2) == "end" else int(m.group(2) or first)
        if first < 1 or last < first or last > page_count:
            raise ValueError(f"pages {part.strip()} are not within 1-{page_count}")
        pages.update(range(first, last + 1))
    return sorted(pages)


def table_name(stem: str, table: Table) -> str:
    return f"{stem}-page-{table.pages[0]}-{table.id}"


def table_meta(table: Table, file: str) -> dict[str, object]:
    return {
        "file": file,
        "id": table.id,
        "title": table.title,
        "units": table.units,
        "pages": table.pages,
        "bbox": table.bbox,
        "header_rows": len(table.header_rows),
        "rows": len(table.rows),
    }


def write_csv(tables: list[Table], folder: Path, stem: str) -> list[Path]:
    """One CSV per table: its header rows, then its body rows; titles and units go to the index."""
    written = []
    for table in tables:
        path = folder / f"{table_name(stem, table)}.csv"
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerows(table.header_rows)
            writer.writerows(table.rows)
        written.append(path)
    return written


def write_json(tables: list[Table], folder: Path, stem: str) -> list[Path]:
    """One JSON per table: title, units, pages, header and body rows, each body cell's page and box."""
    written = []
    for table in tables:
        path = folder / f"{table_name(stem, table)}.json"
        path.write_text(table.model_dump_json(indent=2), encoding="utf-8")
        written.append(path)
    return written


def write_xlsx(tables: list[Table], folder: Path, stem: str) -> list[Path]:
    """One workbook, one sheet per table (header rows bold), and an index sheet first."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    index = book.active
    assert index is not None
    index.title = "tables"
    index.append(["sheet", "title", "units", "pages", "header rows", "rows"])
    for n, table in enumerate(tables, start=1):
        sheet = book.create_sheet(f"{n} page {table.pages[0]}"[:31])
        index.append(
            [
                sheet.title,
                table.title,
                table.units,
                ",".join(map(str, table.pages)),
                len(table.header_rows),
                len(table.rows),
            ]
        )
        for row in table.header_rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
    path = folder / f"{stem}-tables.xlsx"
    book.save(path)
    return [path]


WRITERS = {"csv": write_csv, "json": write_json, "xlsx": write_xlsx}


def write_tables(tables: list[Table], folder: Path, stem: str, fmt: str) -> list[Path]:
    """Write the tables in `fmt` and an index (`STEM-tables.json`) of what went where."""
    folder.mkdir(parents=True, exist_ok=True)
    written = WRITERS[fmt](tables, folder, stem)
    files = [p.name for p in written] * (len(tables) if fmt == "xlsx" else 1)
    index = [table_meta(t, f) for t, f in zip(tables, files, strict=False)]
    index_path = folder / f"{stem}-tables-index.json"
    index_path.write_text(json.dumps(index, indent=2, ensure_ascii=False), encoding="utf-8")
    return [*written, index_path]
