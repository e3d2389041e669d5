"""`extractor query`: SQL over a store, the views for common questions and the document filters."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.corpus.records import document_rows
from extractor.corpus.store import Store
from extractor.schemas.document import Meeting
from tests.builtdocs import build_document


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("query") / "store.duckdb"
    cabinet = build_document("cabinet-q1", quarter=1, rag="GREEN")
    council = build_document("council-q2", quarter=2, rag="RED", month="September 2018-19").model_copy(
        update={"meeting": Meeting(body="County Council", date="2023-03-16", time="10:00", venue=None)}
    )
    with Store(db, read_only=False) as s:
        s.write_document(document_rows(cabinet))
        s.write_document(document_rows(council))
    return db


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, ["query", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_sql_on_the_store_tables_as_csv(store: Path) -> None:
    out = run("SELECT path, meeting_body FROM documents ORDER BY path", "--db", str(store), "-f", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows == [
        ["path", "meeting_body"],
        ["cabinet-q1.pdf", "Cabinet"],
        ["council-q2.pdf", "County Council"],
    ]


def test_kpi_series_view_orders_quarters_and_names_the_meeting(store: Path) -> None:
    sql = (
        "SELECT quarter, rag_latest, meeting_body FROM kpi_series "
        "WHERE kpi_id = 'customer-services/calls-answered'"
    )
    records = json.loads(run(sql, "--db", str(store), "-f", "json"))
    assert records == [
        {"quarter": 1, "rag_latest": "GREEN", "meeting_body": "Cabinet"},
        {"quarter": 2, "rag_latest": "RED", "meeting_body": "County Council"},
    ]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--body", "county"], ["council-q2.pdf"]),
        (["--from", "2023-02-01"], ["council-q2.pdf"]),
        (["--to", "2023-02-01"], ["cabinet-q1.pdf"]),
        (["--doc", "cabinet"], ["cabinet-q1.pdf"]),
        (["--type", "qpr"], []),
        ([], ["cabinet-q1.pdf", "council-q2.pdf"]),
    ],
)
def test_filters_narrow_the_views(store: Path, options: list[str], expected: list[str]) -> None:
    sql = "SELECT DISTINCT document FROM findings_by_document ORDER BY document"
    records = json.loads(run(sql, "--db", str(store), "-f", "json", *options))
    assert [r["document"] for r in records] == expected


def test_table_rows_view_gives_each_row_its_cells(store: Path) -> None:
    sql = (
        "SELECT part, cells FROM table_rows WHERE document = 'cabinet-q1.pdf' AND part = 'body' ORDER BY row"
    )
    records = json.loads(run(sql, "--db", str(store), "-f", "json"))
    assert records[0] == {"part": "body", "cells": ["Adult Social Care", "527.5", "1.5"]}


def test_text_table_is_aligned_and_counts_rows(store: Path) -> None:
    out = run("SELECT path, pages FROM documents ORDER BY path", "--db", str(store))
    lines = out.splitlines()
    assert lines[0].split() == ["path", "pages"]
    assert lines[2].split() == ["cabinet-q1.pdf", "12"]
    assert lines[-1] == "(2 rows)"


def test_a_bad_query_or_a_write_is_one_line_error(store: Path) -> None:
    for sql in ("SELECT nope FROM documents", "DELETE FROM documents"):
        result = CliRunner().invoke(cli, ["query", sql, "--db", str(store)])
        assert result.exit_code == 1
        assert "the query failed" in result.output
    assert "cabinet-q1.pdf" in run("SELECT path FROM documents", "--db", str(store))


def test_a_bad_date_is_a_usage_error(store: Path) -> None:
    result = CliRunner().invoke(cli, ["query", "SELECT 1", "--db", str(store), "--from", "March"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output
