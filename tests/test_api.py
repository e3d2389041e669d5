"""The Python API: `extractor.extract`, a document's DataFrames, `extractor.Store`, and every example
of docs/api.md and README's Python section run as written."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

import extractor
from extractor.schemas.document import Document, Table
from tests.reportstore import report_store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "samples" / "qpr_2018-19_q1_A.pdf"


@cache
def sample_document() -> Document:
    return extractor.extract(SAMPLE)


def _code_blocks(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", text, re.MULTILINE | re.DOTALL)


def _readme_python_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"^## Python\n(.*?)(?=^## )", text, re.MULTILINE | re.DOTALL)
    assert m, "README.md has no '## Python' section"
    return m.group(1)


@pytest.fixture
def notebook(tmp_path: Path) -> Iterator[Path]:
    """A folder holding `pack.pdf` and `store.duckdb`, as the examples expect, as the working folder."""
    (tmp_path / "pack.pdf").symlink_to(SAMPLE)
    shutil.copy(report_store(), tmp_path / "store.duckdb")
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


@pytest.mark.parametrize(
    "source",
    [ROOT / "docs" / "api.md", ROOT / "docs" / "store.md", ROOT / "README.md"],
    ids=["docs/api.md", "docs/store.md", "README.md"],
)
def test_every_example_runs(source: Path, notebook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = source.read_text(encoding="utf-8")
    blocks = _code_blocks(_readme_python_section() if source.name == "README.md" else text)
    assert blocks, f"{source.name} has no python examples"
    namespace: dict[str, object] = {"__name__": "example"}
    for block in blocks:
        exec(compile(block, str(source), "exec"), namespace)  # noqa: S102 - the examples are the test
    printed = capsys.readouterr().out
    if source.name == "api.md":
        assert "<Document 'pack.pdf': qpr" in printed and "not a PDF" in printed


def test_import_extractor_loads_neither_the_pipeline_nor_pandas() -> None:
    code = (
        "import sys, extractor, extractor.schemas.document\n"
        "print(sorted(m for m in ('extractor.pipeline', 'pandas', 'duckdb', 'pdfplumber', 'spacy') "
        "if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert run.stdout.strip() == "[]"


def test_public_names_resolve() -> None:
    assert set(extractor.__all__) <= set(dir(extractor))
    for name in extractor.__all__:
        assert getattr(extractor, name) is not None
    with pytest.raises(AttributeError):
        extractor.no_such_name  # noqa: B018


def test_a_document_prints_in_one_line() -> None:
    doc = sample_document()
    assert len(repr(doc)) < 300 and "\n" not in repr(doc)
    assert all(len(repr(t)) < 300 for t in doc.tables)
    assert "<table>" in doc._repr_html_() and "<table" in doc.tables[0]._repr_html_()


def _table(header: list[list[str]], rows: list[list[str]], units: str | None = None) -> Table:
    return Table(id="t1", pages=[1], bbox=[0, 0, 1, 1], header_rows=header, rows=rows, units=units)


def test_figures_become_numbers_and_text_stays_text() -> None:
    table = _table(
        [["", "Budget", "Variance"], ["Directorate", "£m", "£m"]],
        [
            ["Adults", "1,318.3", "(6.0)"],
            ["Children", "402.1", "-"],
            ["Total", "1,720.4", "n/a"],
        ],
        units="£m",
    )
    df = table.df
    assert list(df.columns) == ["Directorate", "Budget £m", "Variance £m"]
    assert str(df["Budget £m"].dtype) == "Float64" and df["Budget £m"].tolist() == [1318.3, 402.1, 1720.4]
    assert df["Variance £m"].iloc[0] == -6.0 and df["Variance £m"].isna().tolist() == [False, True, True]
    assert df["Directorate"].tolist() == ["Adults", "Children", "Total"]
    assert table.text_df["Variance £m"].tolist() == ["(6.0)", "-", "n/a"]
    assert df.attrs["units"] == "£m"


def test_a_column_with_words_among_figures_keeps_its_text() -> None:
    df = _table([["Area", "Count"]], [["North", "12"], ["South", "see note"], ["East", ""]]).df
    assert df["Count"].tolist() == ["12", "see note", ""]


def test_whole_numbers_are_integers_and_unnamed_or_repeated_columns_get_their_position() -> None:
    df = _table([["", "2023", "2023"]], [["a", "1", "2,000"], ["b", "3", "4"]]).df
    assert list(df.columns) == ["column 1", "2023 (column 2)", "2023 (column 3)"]
    assert str(df["2023 (column 3)"].dtype) == "Int64" and df["2023 (column 3)"].tolist() == [2000, 4]


def test_record_frames_share_the_store_columns() -> None:
    doc = sample_document()
    kpis = doc.kpis_df()
    assert len(kpis) == len(doc.kpis)
    assert {"kpi_id", "rag_latest", "quarter", "financial_year", "period_label", "x0", "bottom"} <= set(kpis)
    assert kpis["page"].tolist() == [k.page for k in doc.kpis]
    empty = Document.model_validate({"source": {"path": "x.pdf", "sha256": "0", "pages": 1}})
    assert list(empty.findings_df().columns)[:3] == ["kind", "severity", "page"]
    assert "x0" in empty.financial_records_df().columns and empty.financial_records_df().empty


def test_the_store_reads_read_only(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    shutil.copy(report_store(), db)
    with extractor.Store(db) as first, extractor.Store(db) as second:  # two readers at once
        docs = first.documents()
        assert len(docs) == len(second.documents()) >= 2
        errors = first.findings(severity="error")
        assert set(errors["severity"]) == {"error"} and "path" in errors
        both = first.findings(["error", "warning"])
        assert len(both) >= len(errors) and set(both["severity"]) <= {"error", "warning"}
        assert isinstance(first.series(kind="finance"), pd.DataFrame)
        with pytest.raises(extractor.StoreError):
            first.sql("DELETE FROM findings")
    with pytest.raises(extractor.StoreError, match="no such store"):
        extractor.Store(tmp_path / "missing.duckdb")
