"""Options every command spells alike, as decorators: `--db STORE`, `-o/--output`, `-f/--format`.

A new command (or a new option shared by several) takes them from here, so one name always means
one thing; the options selecting documents in a store (`--body`, `--from/--to`...) are
`extractor.filters`. An output path is checked, and its folder made, before any work starts: a long batch
never fails at the end for want of a folder.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar

import click

from extractor.ingest.pool import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S

F = TypeVar("F", bound=Callable[..., Any])


class AliasedOption(click.Option):
    """An option whose older spellings (`aliases`, e.g. `--out`) still work but are not shown in help."""

    def __init__(self, *args: Any, shown: int = 2, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.shown = shown

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        opts, self.opts = self.opts, self.opts[: self.shown]
        try:
            return super().get_help_record(ctx)
        finally:
            self.opts = opts


def _writable(kind: Literal["file", "folder"]) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def check(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        if value is None:
            return None
        path = Path(value)
        folder = path if kind == "folder" else path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise click.BadParameter(f"cannot make the folder {folder}: {exc.strerror}") from None
        if kind == "file" and path.is_dir():
            raise click.BadParameter(f"{path} is a folder; give a file name")
        if not folder.is_dir():
            raise click.BadParameter(f"{folder} is not a folder")
        return value

    return check


def output_option(
    kind: Literal["file", "folder"] = "file",
    required: bool = False,
    help: str = "write to FILE instead of standard output",
    aliases: Sequence[str] = (),
    default: str | None = None,
) -> Callable[[F], F]:
    """`-o/--output PATH`, passed as `output`; its folder is made before the command runs."""
    return click.option(
        "-o",
        "--output",
        *aliases,
        "output",
        cls=AliasedOption,
        required=required,
        default=default,
        show_default=default is not None,
        metavar="FOLDER" if kind == "folder" else "FILE",
        type=click.Path(file_okay=kind == "file", dir_okay=kind == "folder"),
        callback=_writable(kind),
        help=help,
    )


def format_option(choices: Sequence[str], default: str, aliases: Sequence[str] = ()) -> Callable[[F], F]:
    """`-f/--format NAME` among `choices`, passed as `fmt`."""
    return click.option(
        "-f",
        "--format",
        *aliases,
        "fmt",
        cls=AliasedOption,
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help="output format",
    )


def db_option(create: bool = False) -> Callable[[F], F]:
    """`--db STORE`, the DuckDB file of a store, passed as `db`. A reader opens it read-only (a
    missing store is a `StoreError`, exit 4); a writer (`create`) makes it, and its folder."""
    return click.option(
        "--db",
        required=True,
        metavar="STORE",
        type=click.Path(dir_okay=False),
        callback=_writable("file") if create else None,
        help="the store (a DuckDB file)" + ("; made if missing" if create else ""),
    )


def pages_option(fn: F) -> F:
    """`-p/--pages 1,3-5` (or 7-end, or all), passed as `page_spec`; `chosen_pages` reads it."""
    return click.option(
        "-p",
        "--pages",
        "page_spec",
        default="all",
        show_default=True,
        metavar="PAGES",
        help="physical pages to read, e.g. 1,3-5 or 7-end; the others are not read",
    )(fn)


def chosen_pages(pdf: str, page_spec: str) -> tuple[int, ...] | None:
    """The pages `--pages` chose in `pdf` (None: all of them); a spec outside the PDF is a usage error.
    A PDF that cannot be opened raises `PdfError` (exit 3)."""
    from extractor.parsers.pdf import check_pdf
    from extractor.tables_out import parse_pages

    if page_spec.strip().lower() == "all":
        return None
    try:
        return tuple(parse_pages(page_spec, check_pdf(pdf)))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--pages") from None


def limit_options(fn: Callable[..., None]) -> Callable[..., None]:
    """--timeout and --max-memory, for every command that extracts documents."""
    fn = click.option(
        "--max-memory",
        "memory_mb",
        type=click.IntRange(min=1),
        default=DEFAULT_MEMORY_MB,
        show_default=True,
        help="MB of memory one document's worker may add before the document is refused",
    )(fn)
    return click.option(
        "--timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=DEFAULT_TIMEOUT_S,
        show_default=True,
        help="seconds one document may take before it is refused",
    )(fn)
