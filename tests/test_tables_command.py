"""`extractor tables`: the tables of chosen pages, one file (or sheet) each, as printed."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from extractor.cli import cli
from extractor.tables_out import parse_pages

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
SAMPLE = SAMPLES / "qpr_2018-19_q1_A.pdf"


def truth_tables_on(page: int) -> list[dict[str, object]]:
    truth = json.loads(SAMPLE.with_suffix(".truth.json").read_text(encoding="utf-8"))
    return [t for t in truth["tables"] if t["pages"] == [page]]


def test_page_ranges() -> None:
    assert parse_pages("1,3-5", 10) == [1, 3, 4, 5]
    assert parse_pages("8-end", 10) == [8, 9, 10]
    assert parse_pages("all", 3) == [1, 2, 3]
    for bad in ("0", "4-2", "11", "x", "1,,2"):
        with pytest.raises(ValueError):
            parse_pages(bad, 10)


@given(st.lists(st.integers(1, 40), min_size=1, max_size=8))
def test_any_list_of_pages_reads_back(pages: list[int]) -> None:
    assert parse_pages(",".join(map(str, pages)), 40) == sorted(set(pages))


def test_csv_per_table_with_header_and_rows_as_printed(tmp_path: Path) -> None:
    page = 4
    result = CliRunner().invoke(cli, ["tables", str(SAMPLE), "-p", str(page), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    index = json.loads((tmp_path / f"{SAMPLE.stem}-tables-index.json").read_text(encoding="utf-8"))
    truth = truth_tables_on(page)
    assert len(index) == len(truth) > 0
    for entry, expected in zip(index, truth, strict=True):
        assert entry["pages"] == [page] and entry["units"] == expected["units"]
        with open(tmp_path / entry["file"], newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        assert rows[: len(expected["header_rows"])] == expected["header_rows"]
        assert rows[len(expected["header_rows"]) :] == expected["rows"]


def test_xlsx_has_a_sheet_per_table_and_an_index(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    result = CliRunner().invoke(cli, ["tables", str(SAMPLE), "-p", "4", "-f", "xlsx", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    book = load_workbook(tmp_path / f"{SAMPLE.stem}-tables.xlsx")
    truth = truth_tables_on(4)
    assert book.sheetnames[0] == "tables" and len(book.sheetnames) == 1 + len(truth)
    first = book[book.sheetnames[1]]
    assert [c.value for c in first[1]] == truth[0]["header_rows"][0]


def test_pages_outside_the_document_are_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["tables", str(SAMPLE), "-p", "99", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "within 1-18" in result.output
