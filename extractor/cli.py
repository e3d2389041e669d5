"""The `extractor` command line: one sub-command per module in extractor.commands."""

from __future__ import annotations

import importlib
import pkgutil

import click

from extractor import __version__
from extractor import commands as commands_pkg


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="extractor")
def cli() -> None:
    """Turn council PDFs (agenda packs, performance and budget reports) into checked data.

    \b
    extract  one PDF to JSON (tables, KPIs, figures, findings)
    audit    the findings only: totals, repeated figures, narrative vs tables
    ingest   a batch of PDFs into a DuckDB store (resumable)
    status   what a store holds and what failed
    series   KPI and finance time series from a store
    export   every record type as CSV or Parquet with a datapackage.json
    report   a self-contained HTML report from a store
    """


def _register() -> None:
    # each module in extractor.commands defines `command`, a click command
    for info in sorted(pkgutil.iter_modules(commands_pkg.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands_pkg.__name__}.{info.name}")
        command = getattr(module, "command", None)
        if isinstance(command, click.Command):
            cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="extractor")
