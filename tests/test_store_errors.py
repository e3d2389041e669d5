"""Every command that opens a store exits 4 with one line when the store cannot be used: missing
(for the commands that read), damaged, of a newer schema version, or locked by another process."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from extractor.cli import cli
from tests.builtdocs import build_document, stored


def _readers(db: Path, out: Path) -> dict[str, list[str]]:
    return {
        "status": ["status", "--db", str(db)],
        "series": ["series", "--db", str(db)],
        "export": ["export", "--db", str(db), "-o", str(out / "export")],
        "report": ["report", "--db", str(db), "-o", str(out / "report.html")],
        "query": ["query", "--db", str(db), "SELECT 1"],
    }


def _store(db: Path) -> Path:
    return stored(db, build_document("q1"))


def _damaged(folder: Path) -> Path:
    db = _store(folder / "damaged.duckdb")
    data = db.read_bytes()
    db.write_bytes(data[: 64 * 1024])  # DuckDB's headers and no block (live blocks may lie anywhere)
    return db


def _newer(folder: Path) -> Path:
    db = _store(folder / "newer.duckdb")
    con = duckdb.connect(str(db))
    con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    con.close()
    return db


STORES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "damaged": (_damaged, "truncated"),
    "newer": (_newer, "newer than this extractor's"),
}


def _one_error_line(args: list[str], expected: str) -> None:
    run = CliRunner().invoke(cli, args)
    lines = run.output.strip().splitlines()
    assert run.exit_code == 4, run.output
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], run.output


@pytest.mark.parametrize("command", ["status", "series", "export", "report", "query"])
def test_a_missing_store_exits_4_for_every_reader(command: str, tmp_path: Path) -> None:
    db = tmp_path / "missing.duckdb"
    _one_error_line(_readers(db, tmp_path)[command], "no such store")
    assert not db.exists()  # a reader never creates a store


@pytest.mark.parametrize("state", sorted(STORES))
@pytest.mark.parametrize("command", ["status", "series", "export", "report", "query", "ingest"])
def test_an_unusable_store_exits_4_for_every_command(
    command: str, state: str, tmp_path: Path, qpr_pdf: Path
) -> None:
    make, expected = STORES[state]
    db = make(tmp_path)
    commands = {**_readers(db, tmp_path), "ingest": ["ingest", str(qpr_pdf), "--db", str(db)]}
    _one_error_line(commands[command], expected)


@pytest.fixture
def locked_store(tmp_path: Path) -> Iterator[Path]:
    """A store another process has open for writing (DuckDB lets one process write a file)."""
    db = _store(tmp_path / "locked.duckdb")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('open', flush=True); input()",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
    yield db
    holder.communicate("\n")


@pytest.mark.parametrize("command", ["status", "series", "export", "report", "query", "ingest"])
def test_a_locked_store_exits_4_for_every_command(
    command: str, locked_store: Path, tmp_path: Path, qpr_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EXTRACTOR_LOCK_WAIT", "0.5")  # a lock is waited for before the error
    commands = {
        **_readers(locked_store, tmp_path),
        "ingest": ["ingest", str(qpr_pdf), "--db", str(locked_store)],
    }
    _one_error_line(commands[command], "lock")
