"""`extractor export --db STORE --to DIR`: every record type as files plus a datapackage.json."""

from __future__ import annotations

import click

from extractor.corpus.export import export
from extractor.corpus.store import Store, StoreError


@click.command("export")
@click.option("--db", required=True, type=click.Path(dir_okay=False), help="the store (a DuckDB file)")
@click.option("--to", "folder", required=True, type=click.Path(file_okay=False), help="folder to write")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet"]), default="csv", show_default=True)
def command(db: str, folder: str, fmt: str) -> None:
    """Write every record type in STORE as one CSV or Parquet file each, with a Frictionless
    datapackage.json describing their fields, types and keys."""
    try:
        with Store(db, read_only=True) as store:
            descriptor = export(store, folder, "parquet" if fmt == "parquet" else "csv")
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {descriptor}", err=True)
