"""`extractor series --db STORE [--kpi TEXT]`: KPI (or finance) time series across documents."""

from __future__ import annotations

import csv
import io
import json

import click

from extractor.corpus.series import (
    FINANCE_COLUMNS,
    FinanceFilter,
    finance_rows,
    finance_series,
    kpi_series,
    long_rows,
)
from extractor.corpus.store import Store, StoreError
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
@click.option("--db", required=True, type=click.Path(dir_okay=False), help="the store (a DuckDB file)")
@click.option("--kind", type=click.Choice(["kpi", "finance"]), default="kpi", show_default=True)
@click.option("--kpi", help="KPIs whose id or name contains TEXT (case-insensitive)")
@click.option("--directorate", help="finance: directorates containing TEXT")
@click.option("--measure", help="finance: measures containing TEXT, e.g. variance")
@click.option("--line-item", help="finance: line items containing TEXT")
@click.option(
    "--from", "period_from", help="finance: periods from PERIOD on, e.g. 2023-24 or 'October 2023-24'"
)
@click.option("--to", "period_to", help="finance: periods up to PERIOD, e.g. 'Q2 2024-25'")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
    help="csv: one row per observation (finance: the fixed tidy columns)",
)
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False), help="write to FILE, not stdout")
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
    out: str | None,
) -> None:
    """Follow each KPI across documents, ordered by financial year and quarter, with RAG, direction
    of travel and values; or (--kind finance) each finance figure by directorate, line item and
    measure over periods, a figure printed in several documents once with all its sources."""
    wanted = FinanceFilter(directorate, measure, line_item, period_from, period_to)
    try:
        with Store(db, read_only=True) as store:
            series = kpi_series(store, kpi) if kind == "kpi" else finance_series(store, wanted)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    if fmt == "csv" and kind == "finance":
        emit(to_csv(finance_rows(series), FINANCE_COLUMNS), out)
    elif fmt == "csv":
        emit(to_csv(long_rows(series)), out)
    else:
        payload = {"kind": kind, "series": [s.as_dict() for s in series]}
        emit(json.dumps(payload, indent=2, ensure_ascii=False, default=str), out)
