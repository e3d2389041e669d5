"""`extractor query "SELECT ..." --db STORE`: SQL over the store, as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import click
import duckdb

from extractor.cli_options import db_option, format_option, output_option
from extractor.corpus.store import Store
from extractor.corpus.views import VIEWS, DocumentFilter, create_views
from extractor.filters import filter_options
from extractor.output import emit

CELL_WIDTH = 60  # a text table cuts longer cells; CSV and JSON never cut


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def as_table(names: list[str], rows: list[tuple[Any, ...]]) -> str:
    cells = [[_text(v).replace("\n", " ") for v in row] for row in rows]
    cells = [[c if len(c) <= CELL_WIDTH else c[: CELL_WIDTH - 1] + "…" for c in row] for row in cells]
    widths = [max([len(n), *(len(r[i]) for r in cells)]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def as_csv(names: list[str], rows: list[tuple[Any, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    writer.writerows([[_text(v) for v in row] for row in rows])
    return buffer.getvalue()


def as_json(names: list[str], rows: list[tuple[Any, ...]]) -> str:
    records = [dict(zip(names, row, strict=True)) for row in rows]
    return json.dumps(records, indent=2, ensure_ascii=False, default=str) + "\n"


FORMATS = {"table": as_table, "csv": as_csv, "json": as_json}


def views_help() -> str:
    return "\n".join(f"  {name}: {what}" for name, (what, _) in VIEWS.items())


@click.command("query", epilog="Views (the filters narrow them):\n\n" + views_help())
@click.argument("sql")
@db_option()
@format_option(list(FORMATS), "table")
@output_option()
@filter_options
def command(sql: str, db: str, fmt: str, output: str | None, documents: DocumentFilter) -> None:
    """Run one SQL query on the store (read-only) and print the result.

    The store's tables (documents, kpis, kpi_observations, findings, tables, table_cells,
    financial_records ...) and the views below can be queried; --body, --from/--to, --type and
    --doc narrow the views to the documents they select.

    \b
    Example:
      extractor query "SELECT severity, count(*) FROM findings_by_document GROUP BY 1" --db store.duckdb
      extractor query "SELECT * FROM kpi_series WHERE name ILIKE '%calls%'" --db store.duckdb -f csv
    """
    with Store(db) as store:
        create_views(store.con, documents)
        try:
            cursor = store.con.execute(sql)
        except duckdb.Error as exc:
            raise click.ClickException(f"the query failed: {exc}") from None
        names = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall() if names else []
    emit(FORMATS[fmt](names, rows), output)
