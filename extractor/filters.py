"""The document filter options every store command shares: --body, --from/--to, --type, --doc;
and, where a command also reads reporting periods (`series`, `changes`), --period-from/--period-to.

One spelling, one meaning: `--from/--to` are meeting dates (YYYY-MM-DD) everywhere, periods are
`--period-from/--period-to`. Where a command takes periods, a period given to `--from/--to`
('Q1 2018-19' cannot be a date) is read as the period, so `changes --from "Q1 2018-19"` and the
older `series --from 2023-24` keep working.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

import click

from extractor.corpus.views import DocumentFilter
from extractor.schemas.periods import PeriodSpan, period_span

F = TypeVar("F", bound=Callable[..., Any])

PERIOD_EXAMPLES = "'Q1 2018-19', 'Q1 2018/19', 'October 2023-24' or '2023-24'"


def _as_date(value: str) -> date | None:
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        return None


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    found = _as_date(value)
    if found is not None:
        return found
    if period_span(value) is not None:
        raise click.BadParameter(
            f"{value!r} is a reporting period, not a meeting date (YYYY-MM-DD); "
            "periods are --period-from/--period-to of `series` and `changes`"
        )
    raise click.BadParameter(f"{value!r} is not a date as YYYY-MM-DD")


def _date_or_period(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> date | PeriodSpan | None:
    if value is None:
        return None
    found = _as_date(value) or period_span(value)
    if found is None:
        raise click.BadParameter(
            f"{value!r} is neither a date as YYYY-MM-DD nor a period like {PERIOD_EXAMPLES}"
        )
    return found


def _period(ctx: click.Context, param: click.Parameter, value: str | None) -> PeriodSpan | None:
    if value is None:
        return None
    span = period_span(value)
    if span is None:
        raise click.BadParameter(f"{value!r} is not a period like {PERIOD_EXAMPLES}")
    return span


def _pick(date_or_period: Any, period: PeriodSpan | None, name: str) -> tuple[date | None, PeriodSpan | None]:
    if not isinstance(date_or_period, PeriodSpan):
        return date_or_period, period
    if period is not None:
        raise click.UsageError(f"a period is given twice: --{name} and --period-{name}")
    return None, date_or_period


def _date_or_folder(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """`export --to`: a meeting date, or (the older spelling of -o) the folder to write, kept working."""
    if value is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        ctx.meta["legacy_output"] = value
        return None
    return _date(ctx, param, value)


def filter_options(fn: F | None = None, *, periods: bool = False, to_may_be_folder: bool = False) -> Any:
    """Add the filter options; the command receives them as one `documents: DocumentFilter` and,
    with `periods`, `period_from` and `period_to` (`PeriodSpan` or None). `to_may_be_folder`: a
    --to that is not a date is the command's older output option (export)."""
    dates = _date_or_period if periods else _date
    also = " or a reporting period (read as --period-{})" if periods else ""
    options = [
        click.option("--body", help="meetings whose body contains TEXT, e.g. Cabinet"),
        click.option(
            "--from",
            "date_from",
            callback=dates,
            metavar="DATE",
            help="meetings on or after DATE (YYYY-MM-DD)" + also.format("from"),
        ),
        click.option(
            "--to",
            "date_to",
            callback=_date_or_folder if to_may_be_folder else dates,
            metavar="DATE",
            help="meetings on or before DATE (YYYY-MM-DD)" + also.format("to"),
        ),
        click.option("--type", "document_type", help="one document type, e.g. qpr, budget_monitoring"),
        click.option("--doc", help="documents whose path contains TEXT (or whose SHA-256 starts with it)"),
    ]
    if periods:
        options += [
            click.option(
                "--period-from",
                callback=_period,
                metavar="PERIOD",
                help=f"readings for PERIOD or later, e.g. {PERIOD_EXAMPLES}",
            ),
            click.option(
                "--period-to", callback=_period, metavar="PERIOD", help="readings for PERIOD or earlier"
            ),
        ]

    def decorate(command: F) -> F:
        def wrapped(**kwargs: Any) -> Any:
            date_from, date_to = kwargs.pop("date_from"), kwargs.pop("date_to")
            if periods:
                date_from, kwargs["period_from"] = _pick(date_from, kwargs.get("period_from"), "from")
                date_to, kwargs["period_to"] = _pick(date_to, kwargs.get("period_to"), "to")
            documents = DocumentFilter(
                body=kwargs.pop("body"),
                date_from=date_from,
                date_to=date_to,
                document_type=kwargs.pop("document_type"),
                doc=kwargs.pop("doc"),
            )
            return command(documents=documents, **kwargs)

        wrapped.__name__ = command.__name__
        wrapped.__doc__ = command.__doc__
        # options decorated below this one were attached to `command`: keep them
        wrapped.__click_params__ = list(getattr(command, "__click_params__", []))  # type: ignore[attr-defined]
        for option in reversed(options):
            wrapped = option(wrapped)
        return wrapped  # type: ignore[return-value]

    return decorate(fn) if fn is not None else decorate
