"""`extractor ingest PATH... --db STORE`: a batch of PDFs into the DuckDB store, resumable."""

from __future__ import annotations

import click

from extractor.cli import end_quickly
from extractor.cli_options import db_option, limit_options
from extractor.ingest import server


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@db_option(create=True)
@click.option("--workers", type=click.IntRange(min=1), help="worker processes [default: all cores]")
@limit_options
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="run on a Dask cluster: 'local' starts one here, else a scheduler's address (tcp://host:8786)",
)
@click.option("--retry-failed", is_flag=True, help="try again the files that failed in earlier runs")
@click.option(
    "-v", "--verbose", is_flag=True, help="one line on stderr per document stored or failed (above the bar)"
)
def command(
    paths: tuple[str, ...],
    db: str,
    workers: int | None,
    timeout: float,
    memory_mb: int,
    retry_failed: bool,
    verbose: bool,
    scheduler: str | None,
) -> None:
    """Extract every PDF under PATHS (files or folders, recursively) into STORE.

    Each document is keyed by the SHA-256 of its bytes and written in one transaction: re-running
    skips what is stored, so an interrupted batch resumes where it stopped. A file that cannot be
    extracted (encrypted, corrupt, scanned, too slow, too big) is recorded with its reason and
    the batch goes on; `extractor status` lists them.

    Progress goes to stderr: a bar on a terminal (documents and pages done, pages/s, elapsed,
    time left, the file being read), else a plain line every 30 seconds. The store is opened
    only for each document's commit, so `status`, `query` and read-only connections work
    meanwhile.

    \b
    Example:
      extractor ingest packs/ --db store.duckdb
      extractor ingest a.pdf b.pdf --db store.duckdb --workers 2 -v
    """
    if not scheduler:
        server.start()  # the fork server warms up while this process imports the batch's modules
    from extractor.ingest.batch import ingest
    from extractor.ingest.progress import Progress

    progress = Progress()  # a bar on a terminal, else a plain line every so often

    def log(status: str, path: str, detail: str) -> None:
        progress.write(f"{status}: {path}: {detail}")

    try:
        summary = ingest(
            paths,
            db,
            workers=workers,
            timeout=timeout,
            memory_mb=memory_mb,
            retry_failed=retry_failed,
            progress=progress,
            on_document=log if verbose else None,
            scheduler=scheduler,
        )
    except RuntimeError as exc:  # the Dask cluster could not be reached or started
        raise click.ClickException(str(exc)) from None
    for path, why in summary.not_files:
        click.echo(f"skipped: {path}: {why}", err=True)
    click.echo(summary.line(), err=True)
    if not scheduler:  # the store is closed and every worker has ended (a Dask cluster tidies up at exit)
        end_quickly()
