"""`extractor tables FILE.pdf -p 1,3-5 -f csv -o DIR`: the tables of chosen pages, one file each."""

from __future__ import annotations

from pathlib import Path

import click

from extractor.cli_options import format_option, output_option, pages_option
from extractor.parsers.pdf import check_pdf
from extractor.tables_out import WRITERS, parse_pages, write_tables


@click.command("tables")
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False))
@pages_option
@format_option(list(WRITERS), "csv")
@output_option("folder", default=".", help="folder to write into (made if missing)")
def command(pdf: str, page_spec: str, fmt: str, output: str) -> None:
    """Find the tables on the chosen pages and write each one out: a CSV or JSON file per table,
    or one XLSX workbook with a sheet per table, plus an index (title, units, pages, box) of what
    went where. A table running over several chosen pages is one table.

    \b
    Example:
      extractor tables budget.pdf -p 3-5 -f csv -o budget-tables/
    """
    from extractor.parsers.tables import extract_tables
    from extractor.pipeline import read_pages

    page_count = check_pdf(pdf)  # a bad PDF raises PdfError: exit 3 (extractor/cli.py)
    try:
        chosen = set(parse_pages(page_spec, page_count))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--pages") from None
    pages = [p for p in read_pages(pdf) if p.number in chosen]
    tables = extract_tables(pages)
    written = write_tables(tables, Path(output), Path(pdf).stem, fmt)
    click.echo(f"{len(tables)} table(s) from {len(chosen)} page(s) of {pdf}", err=True)
    for path in written:
        click.echo(str(path))
