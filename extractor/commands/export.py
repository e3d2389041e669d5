"""`extractor export --db STORE -o FOLDER`: every record type as files plus a datapackage.json."""

from __future__ import annotations

import click

from extractor.cli_options import db_option, format_option, output_option
from extractor.corpus.export import export
from extractor.corpus.store import Store
from extractor.corpus.views import DocumentFilter
from extractor.filters import filter_options


@click.command("export")
@db_option()
@output_option("folder", help="the folder to write (made if missing)")
@format_option(["csv", "parquet"], "csv")
@filter_options(to_may_be_folder=True)
def command(db: str, output: str | None, fmt: str, documents: DocumentFilter) -> None:
    """Write every record type in STORE as one CSV or Parquet file each, with a Frictionless
    datapackage.json describing their fields, types and keys; --body, --from/--to, --type and --doc
    export the records of the documents they select.

    \b
    Example:
      extractor export --db store.duckdb -o out/export
      extractor export --db store.duckdb -o out/parquet -f parquet
      extractor export --db store.duckdb -o out/cabinet-2024 --body Cabinet --from 2024-01-01 --to 2024-12-31
    """
    legacy = click.get_current_context().meta.get("legacy_output")
    folder = output or legacy  # `--to FOLDER`, the older spelling of -o, still works
    if folder is None:
        raise click.UsageError("Missing option '-o' / '--output': the folder to write")
    selected = documents if documents != DocumentFilter() else None
    with Store(db) as store:
        descriptor = export(store, folder, "parquet" if fmt == "parquet" else "csv", selected)
    click.echo(f"wrote {descriptor}", err=True)
