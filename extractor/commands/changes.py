"""`extractor changes --db STORE --from PERIOD --to PERIOD`: what changed between two periods."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import click

from extractor.cli_options import db_option, format_option, output_option
from extractor.corpus.changes import DEFAULT_THRESHOLD_GBP_M, KINDS, Change, Changes, changes
from extractor.corpus.series import sources_text
from extractor.corpus.store import Store
from extractor.corpus.views import DocumentFilter
from extractor.filters import filter_options
from extractor.output import emit
from extractor.schemas.periods import PeriodSpan

TITLES = {
    "rag_moved": "KPIs whose RAG moved",
    "below_floor": "KPIs that fell below their floor",
    "new": "KPIs new in the later period",
    "dropped": "KPIs not reported in the later period",
    "variance_moved": "directorate variances that moved by the threshold or more",
}
COLUMNS = (
    "kind",
    "subject",
    "key",
    "area",
    "before",
    "after",
    "direction",
    "difference",
    "note",
    "before_sources",
    "after_sources",
)


def as_text(found: Changes) -> str:
    lines = [
        f"changes from {found.before.label} to {found.after.label} "
        f"(variances: £{found.threshold_gbp_m:g}m or more)"
    ]
    for kind in KINDS:
        rows = found.of(kind)
        lines.append("")
        lines.append(f"{TITLES[kind]}: {len(rows)}")
        for c in rows:
            move = f"{c.before or '-'} -> {c.after or '-'}"
            how = (
                f" ({c.difference:+.1f} £m)"
                if c.difference is not None
                else (f" ({c.direction})" if c.direction else "")
            )
            lines.append(
                f"  {c.subject}{f' [{c.area}]' if c.area and kind != 'variance_moved' else ''}: {move}{how}"
            )
            for label, sources in (("before", c.before_sources), ("after", c.after_sources)):
                if sources:
                    lines.append(f"      {label}: {sources_text(sources)}")
            if c.note:
                lines.append(f"      note: {c.note}")
    return "\n".join(lines) + "\n"


def as_json(found: Changes) -> str:
    payload: dict[str, Any] = {
        "from": found.before.label,
        "to": found.after.label,
        "threshold_gbp_m": found.threshold_gbp_m,
        "changes": [c.as_dict() for c in found.changes],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n"


def as_csv(found: Changes) -> str:
    def row(c: Change) -> dict[str, Any]:
        d = c.as_dict()
        d["before_sources"] = sources_text(c.before_sources)
        d["after_sources"] = sources_text(c.after_sources)
        return d

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(row(c) for c in found.changes)
    return buffer.getvalue()


FORMATS = {"text": as_text, "json": as_json, "csv": as_csv}


@click.command("changes")
@db_option()
@filter_options(periods=True)
@click.option(
    "--threshold",
    type=click.FloatRange(min=0),
    default=DEFAULT_THRESHOLD_GBP_M,
    show_default=True,
    metavar="GBP_M",
    help="directorate variances that moved by at least this many £m",
)
@format_option(list(FORMATS), "text")
@output_option()
def command(
    db: str,
    documents: DocumentFilter,
    period_from: PeriodSpan | None,
    period_to: PeriodSpan | None,
    threshold: float,
    fmt: str,
    output: str | None,
) -> None:
    """What changed between two reporting periods: KPIs whose RAG moved (improved or worsened),
    KPIs that fell below their floor, KPIs new in the later period and those no longer
    reported, and directorate variances that moved by --threshold £m or more; each with the
    documents and pages printing the earlier and the later reading.

    The periods are --period-from and --period-to, or a period given to --from/--to: a quarter
    ('Q1 2018-19', 'Q1 2018/19'), a month ('October 2023-24') or a year ('2023-24'). A KPI's
    reading in a period is its latest within it; --body, --type, --doc and meeting dates
    choose the documents read.

    \b
    Example:
      extractor changes --db store.duckdb --from "Q1 2018-19" --to "Q2 2023-24"
      extractor changes --db store.duckdb --from "Q1 2024-25" --to "Q2 2024-25" --threshold 5 -f csv
    """
    if period_from is None or period_to is None:
        raise click.UsageError("give both periods: --from PERIOD --to PERIOD (or --period-from/--period-to)")
    with Store(db, read_only=True) as store:
        found = changes(store, period_from, period_to, documents, threshold)
    emit(FORMATS[fmt](found), output)
