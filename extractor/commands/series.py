"""`extractor series --db STORE [--kpi TEXT]`: KPI (or finance) time series across documents."""

from __future__ import annotations

import csv
import io
import json

import click

from extractor.corpus.series import finance_series, kpi_series, long_rows
from extractor.corpus.store import Store, StoreError
from extractor.output import emit


def to_csv(rows: list[dict[str, object]]) -> str:
    names: list[str] = []
    for row in rows:
        names.extend(k for k in row if k not in names)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


@click.command("series")
@click.option("--db", required=True, type=click.Path(dir_okay=False), help="the store (a DuckDB file)")
@click.option("--kind", type=click.Choice(["kpi", "finance"]), default="kpi", show_default=True)
@click.option("--kpi", help="KPIs whose id or name contains TEXT (case-insensitive)")
@click.option("--directorate", help="finance: directorates containing TEXT")
@click.option("--measure", help="finance: measures containing TEXT, e.g. variance")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False), help="write to FILE, not stdout")
def command(
    db: str,
    kind: str,
    kpi: str | None,
    directorate: str | None,
    measure: str | None,
    fmt: str,
    out: str | None,
) -> None:
    """Follow each KPI across documents, ordered by financial year and quarter, with RAG, direction
    of travel and values; or (--kind finance) each directorate's finance figures by period."""
    try:
        with Store(db, read_only=True) as store:
            if kind == "kpi":
                series = kpi_series(store, kpi)
            else:
                series = finance_series(store, directorate, measure)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    if fmt == "csv":
        emit(to_csv(long_rows(series)), out)
    else:
        payload = {"kind": kind, "series": [s.as_dict() for s in series]}
        emit(json.dumps(payload, indent=2, ensure_ascii=False, default=str), out)
