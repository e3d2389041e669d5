"""`extractor series --db STORE [--kpi TEXT]`: KPI (or finance) time series across documents."""

from __future__ import annotations

import csv
import io
import json

import click

from extractor.cli_options import db_option, format_option, output_option
from extractor.corpus.series import (
    FINANCE_COLUMNS,
    FinanceFilter,
    finance_rows,
    finance_series,
    kpi_series,
    long_rows,
)
from extractor.corpus.store import Store
from extractor.output import emit


def to_csv(rows: list[dict[str, object]], names: tuple[str, ...] = ()) -> str:
    columns = list(names)
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


@click.command("series")
@db_option()
@click.option("--kind", type=click.Choice(["kpi", "finance"]), default="kpi", show_default=True)
@click.option("--kpi", help="KPIs whose id or name contains TEXT (case-insensitive)")
@click.option("--directorate", help="finance: directorates containing TEXT")
@click.option("--measure", help="finance: measures containing TEXT, e.g. variance")
@click.option("--line-item", help="finance: line items containing TEXT")
@click.option(
    "--from", "period_from", help="finance: periods from PERIOD on, e.g. 2023-24 or 'October 2023-24'"
)
@click.option("--to", "period_to", help="finance: periods up to PERIOD, e.g. 'Q2 2024-25'")
@format_option(["json", "csv"], "json")
@output_option()
def command(
    db: str,
    kind: str,
    kpi: str | None,
    directorate: str | None,
    measure: str | None,
    line_item: str | None,
    period_from: str | None,
    period_to: str | None,
    fmt: str,
    output: str | None,
) -> None:
    """Follow each KPI across documents, ordered by financial year and quarter, with RAG, direction
    of travel and values; or (--kind finance) each finance figure by directorate, line item and
    measure over periods, a figure printed in several documents once with all its sources.
    CSV: one row per observation (finance: the fixed tidy columns).

    \b
    Example:
      extractor series --db store.duckdb --kpi "phone calls"
      extractor series --db store.duckdb --kind finance --measure variance -f csv -o variance.csv
    """
    wanted = FinanceFilter(directorate, measure, line_item, period_from, period_to)
    with Store(db, read_only=True) as store:
        series = kpi_series(store, kpi) if kind == "kpi" else finance_series(store, wanted)
    if fmt == "csv" and kind == "finance":
        emit(to_csv(finance_rows(series), FINANCE_COLUMNS), output)
    elif fmt == "csv":
        emit(to_csv(long_rows(series)), output)
    else:
        payload = {"kind": kind, "series": [s.as_dict() for s in series]}
        emit(json.dumps(payload, indent=2, ensure_ascii=False, default=str), output)
