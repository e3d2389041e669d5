"""The `extractor` command line: one sub-command per module in extractor.commands.

Commands are registered lazily: `COMMANDS` maps each name to its module and one-line help, so
`extractor --help` lists them without importing anything heavy, and a command's module (with the
pipeline, DuckDB, pyarrow...) is imported only when that command runs. A new module in
extractor.commands must be added to `COMMANDS` (tests/test_cli.py checks it); options several
commands share come from `extractor.cli_options`.

Errors are handled here only: an `ExtractorError` (a bad PDF, an unusable store...) prints one
line and exits with its code, Ctrl-C exits 130 saying how to resume; see `EXIT_CODES`.
"""

from __future__ import annotations

import atexit
import importlib
import os
import sys
import threading

import click

from extractor import __version__
from extractor.schemas.errors import ExtractorError

# exit code -> meaning, for `extractor --help` readers and docs/cli.md
EXIT_CODES: dict[int, str] = {
    0: "success",
    1: "an error extractor recognises but that has no code of its own",
    2: "usage: an unknown command or option, a missing argument, an output path that cannot be written",
    3: "the input is not a usable PDF (encrypted, truncated, corrupt, empty, not a PDF, no text layer)",
    4: "the store cannot be used (missing, locked by a writer, another schema version, a failed query)",
    130: "interrupted (Ctrl-C); run the same command again to resume (ingest skips what is stored)",
}
INTERRUPTED = 130

# name -> (module defining `command`, one-line help shown by `extractor --help`)
COMMANDS: dict[str, tuple[str, str]] = {
    "extract": ("extractor.commands.extract", "one PDF to JSON (tables, KPIs, figures, findings)"),
    "audit": ("extractor.commands.audit", "the findings only: totals, repeated figures, narrative vs tables"),
    "ingest": ("extractor.commands.ingest", "a batch of PDFs into a DuckDB store (resumable)"),
    "status": ("extractor.commands.status", "what a store holds and what failed"),
    "series": ("extractor.commands.series", "KPI (values, RAG, DoT) and finance time series from a store"),
    "export": ("extractor.commands.export", "every record type as CSV or Parquet with a datapackage.json"),
    "changes": ("extractor.commands.changes", "what changed between two periods (RAG, floors, variances)"),
    "report": ("extractor.commands.report", "a self-contained HTML report from a store"),
    "query": ("extractor.commands.query", "SQL over a store (with views for common questions)"),
    "tables": (
        "extractor.commands.tables",
        "the tables of chosen pages, one CSV/JSON file (or XLSX sheet) each",
    ),
}


class LazyGroup(click.Group):
    """A group whose sub-commands are imported on first use, listed from `COMMANDS`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*COMMANDS, *(name for name in super().list_commands(ctx) if name not in COMMANDS)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module = importlib.import_module(COMMANDS[cmd_name][0])
        command = getattr(module, "command", None)
        if not isinstance(command, click.Command):
            raise click.ClickException(f"{COMMANDS[cmd_name][0]} defines no click command")
        return command

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ExtractorError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo(f"\ninterrupted: {EXIT_CODES[INTERRUPTED].split('; ', 1)[1]}", err=True)
            ctx.exit(INTERRUPTED)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in COMMANDS]
        rows += [
            (name, cmd.get_short_help_str())
            for name in self.list_commands(ctx)
            if name not in COMMANDS and (cmd := super().get_command(ctx, name)) is not None
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="extractor")
def cli() -> None:
    """Turn council PDFs (agenda packs, performance and budget reports) into checked data.

    \b
    Example:
      extractor extract pack.pdf -o pack.json
    Exit codes: 0 success, 2 usage, 3 not a usable PDF, 4 store unusable, 130 interrupted
    (docs/cli.md).
    """


# set by a command that leaves nothing for Python's teardown to do (`end_quickly`)
_quick_end = False


def end_quickly() -> None:
    """Let the program end without Python's teardown if the running command succeeds (see `main`).

    For a command whose files are closed and whose processes have ended when it returns."""
    global _quick_end
    _quick_end = True


def main() -> None:
    """The program. When a command that allowed it (`end_quickly`) succeeds with no other thread
    left, the process ends once the exit handlers have run (multiprocessing's temporary folder
    removed...), without unloading every module: after an ingest, whose writer has imported
    pandas, pyarrow and DuckDB, that unloading took a third of a second after the work was done."""
    try:
        cli(prog_name="extractor")
    except SystemExit as exc:
        if _quick_end and exc.code in (None, 0) and threading.active_count() == 1:
            atexit._run_exitfuncs()
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except (OSError, ValueError):
                    pass
            os._exit(0)
        raise
