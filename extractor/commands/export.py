"""`extractor export --db STORE -o FOLDER`: every record type as files plus a datapackage.json."""

from __future__ import annotations

import click

from extractor.cli_options import db_option, format_option, output_option
from extractor.corpus.export import export
from extractor.corpus.store import Store


@click.command("export")
@db_option()
@output_option("folder", required=True, help="the folder to write (made if missing)", aliases=["--to"])
@format_option(["csv", "parquet"], "csv")
def command(db: str, output: str, fmt: str) -> None:
    """Write every record type in STORE as one CSV or Parquet file each, with a Frictionless
    datapackage.json describing their fields, types and keys.

    \b
    Example:
      extractor export --db store.duckdb -o out/export
      extractor export --db store.duckdb -o out/parquet -f parquet
    """
    with Store(db) as store:
        descriptor = export(store, output, "parquet" if fmt == "parquet" else "csv")
    click.echo(f"wrote {descriptor}", err=True)
