"""The document filter options every store command shares: --body, --from/--to, --type, --doc."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

import click

from extractor.corpus.views import DocumentFilter

F = TypeVar("F", bound=Callable[..., Any])


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date as YYYY-MM-DD") from None


def filter_options(fn: F) -> F:
    """Add the filter options; the command receives them as one `documents: DocumentFilter`."""
    options = [
        click.option("--body", help="meetings whose body contains TEXT, e.g. Cabinet"),
        click.option(
            "--from", "date_from", callback=_date, metavar="DATE", help="meetings on or after (YYYY-MM-DD)"
        ),
        click.option(
            "--to", "date_to", callback=_date, metavar="DATE", help="meetings on or before (YYYY-MM-DD)"
        ),
        click.option("--type", "document_type", help="one document type, e.g. qpr, budget_monitoring"),
        click.option("--doc", help="documents whose path contains TEXT (or whose SHA-256 starts with it)"),
    ]

    def wrapped(**kwargs: Any) -> Any:
        documents = DocumentFilter(
            body=kwargs.pop("body"),
            date_from=kwargs.pop("date_from"),
            date_to=kwargs.pop("date_to"),
            document_type=kwargs.pop("document_type"),
            doc=kwargs.pop("doc"),
        )
        return fn(documents=documents, **kwargs)

    wrapped.__name__ = fn.__name__
    wrapped.__doc__ = fn.__doc__
    for option in reversed(options):
        wrapped = option(wrapped)
    return wrapped  # type: ignore[return-value]
