"""`extractor series --db STORE [--kpi TEXT]`: KPI (or finance) time series in one tidy long form."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import click

from extractor.cli_options import db_option, format_option, output_option
from extractor.corpus.series import (
    FINANCE_COLUMNS,
    KPI_COLUMNS,
    FinanceFilter,
    finance_rows,
    finance_series,
    kpi_rows,
    kpi_series,
    period_bounds,
    sources_text,
)
from extractor.corpus.store import Store
from extractor.corpus.views import DocumentFilter
from extractor.filters import filter_options
from extractor.output import emit
from extractor.schemas.periods import PeriodSpan


def to_csv(rows: list[dict[str, Any]], columns: dict[str, str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows({**r, "sources": sources_text(r["sources"])} for r in rows)
    return buffer.getvalue()


def _columns_help() -> str:
    def block(title: str, columns: dict[str, str]) -> str:
        return f"{title}:\n\n\b\n" + "\n".join(f"  {name}: {what}" for name, what in columns.items())

    return (
        block("Columns (--kind kpi)", KPI_COLUMNS)
        + "\n\n"
        + block("Columns (--kind finance)", FINANCE_COLUMNS)
    )


@click.command("series", epilog=_columns_help())
@db_option()
@click.option("--kind", type=click.Choice(["kpi", "finance"]), default="kpi", show_default=True)
@click.option("--kpi", help="KPIs whose id or name contains TEXT (case-insensitive)")
@click.option("--directorate", help="finance: directorates containing TEXT")
@click.option("--measure", help="finance: measures containing TEXT, e.g. variance")
@click.option("--line-item", help="finance: line items containing TEXT")
@filter_options(periods=True)
@format_option(["json", "csv"], "json")
@output_option()
def command(
    db: str,
    kind: str,
    kpi: str | None,
    directorate: str | None,
    measure: str | None,
    line_item: str | None,
    documents: DocumentFilter,
    period_from: PeriodSpan | None,
    period_to: PeriodSpan | None,
    fmt: str,
    output: str | None,
) -> None:
    """Follow each KPI across documents, ordered by financial year and quarter, with RAG, direction
    of travel and values; or (--kind finance) each finance figure by directorate, line item and
    measure over periods. One tidy long form with fixed columns (below): a KPI (or figure) and
    period once, with every document and page printing it in `sources` (a list in JSON, joined
    with ' | ' in CSV); documents that print different readings give one row per reading.

    --body, --from/--to (meeting dates), --type and --doc choose the documents read;
    --period-from/--period-to the periods kept.

    \b
    Example:
      extractor series --db store.duckdb --kpi "phone calls"
      extractor series --db store.duckdb --kind finance --measure variance -f csv -o variance.csv
      extractor series --db store.duckdb --body Cabinet --period-from "Q1 2023-24" -f csv
    """
    first, last = (period_from.label if period_from else None), (period_to.label if period_to else None)
    with Store(db, read_only=True) as store:
        if kind == "kpi":
            rows = kpi_rows(kpi_series(store, kpi, documents), *period_bounds(first, last))
        else:
            wanted = FinanceFilter(directorate, measure, line_item, first, last)
            rows = finance_rows(finance_series(store, wanted, documents))
    columns = KPI_COLUMNS if kind == "kpi" else FINANCE_COLUMNS
    if fmt == "csv":
        emit(to_csv(rows, columns), output)
    else:
        payload = {"kind": kind, "columns": list(columns), "rows": rows}
        emit(json.dumps(payload, indent=2, ensure_ascii=False, default=str), output)
