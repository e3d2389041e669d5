"""KPI values (Current/Target/Previous) flow from the QPR's detail boxes to the document, the
store's kpi_observations table and `extractor series`, beside the RAG and direction of travel."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.corpus.store import Store
from extractor.pipeline import extract
from extractor.schemas.document import Document
from tests.builtdocs import stored

GHG = "environment-transport/estate-greenhouse-gas-emissions"


@pytest.fixture(scope="module")
def doc(qpr_pdf: Path) -> Document:
    return extract(qpr_pdf)


@pytest.fixture(scope="module")
def store_path(doc: Document, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return stored(tmp_path_factory.mktemp("kpi_values") / "s.duckdb", doc)


def test_document_carries_each_boxes_values_with_period_and_place(doc: Document) -> None:
    ghg = [o for o in doc.kpi_observations if o.kpi_id == GHG]
    assert [(o.measure, o.value, o.text) for o in ghg] == [
        ("actual", 38132.0, "38,132"),
        ("target", 39100.0, "39,100"),
        ("previous", 38795.0, "38,795"),
    ]
    first = ghg[0]
    assert first.period is not None and (first.period.quarter, first.period.financial_year) == (1, "2018/19")
    assert first.unit == "count" and first.page == 9 and len(first.bbox) == 4
    assert first.area_canonical == "Environment and Transport"
    # every value belongs to a KPI record of the same document
    assert {o.kpi_id for o in doc.kpi_observations} <= {k.kpi_id for k in doc.kpis}
    waste = [o for o in doc.kpi_observations if o.kpi_id.endswith("municipal-waste-not-landfilled")]
    assert [(o.measure, o.unit) for o in waste][:2] == [("actual", "%"), ("target", "%")]


def test_rag_summaries_carry_the_reports_quarter(doc: Document) -> None:
    assert doc.rag_summary
    assert {(s.period.quarter, s.period.financial_year) for s in doc.rag_summary if s.period} == {
        (1, "2018/19")
    }
    assert all(s.period for s in doc.rag_summary)


def test_store_keeps_values_in_their_own_table(doc: Document, store_path: Path) -> None:
    with Store(store_path, read_only=True) as store:
        rows = store.query("SELECT * FROM kpi_observations WHERE kpi_id = ? ORDER BY seq", [GHG])
        summaries = store.query("SELECT quarter, financial_year FROM rag_summaries")
    assert [(r["measure"], r["value"], r["quarter"], r["financial_year"]) for r in rows] == [
        ("actual", 38132.0, 1, "2018/19"),
        ("target", 39100.0, 1, "2018/19"),
        ("previous", 38795.0, 1, "2018/19"),
    ]
    assert rows[0]["page"] == 9 and rows[0]["x0"] is not None and rows[0]["extra"] is None
    assert summaries and all(s["quarter"] == 1 for s in summaries)


def test_series_shows_values_beside_rag_and_dot(store_path: Path) -> None:
    result = CliRunner().invoke(cli, ["series", "--db", str(store_path), "--kpi", "greenhouse"])
    assert result.exit_code == 0, result.output
    (obs,) = json.loads(result.output)["rows"]
    assert obs["kpi_id"] == GHG
    assert obs["rag_latest"] in ("GREEN", "AMBER", "RED") and "dot" in obs
    assert (obs["actual"], obs["target"], obs["previous"], obs["unit"]) == (
        38132.0,
        39100.0,
        38795.0,
        "count",
    )
    values = obs["sources"][0]["values"]  # each value with its own place
    assert [v["measure"] for v in values] == ["actual", "target", "previous"]
    assert values[0]["page"] == 9 and len(values[0]["bbox"]) == 4


def test_series_csv_has_value_columns(store_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["series", "--db", str(store_path), "--kpi", "greenhouse", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    (row,) = list(csv.DictReader(io.StringIO(result.output)))
    assert {"rag_latest", "dot", "actual", "target", "previous"} <= set(row)
    assert (row["actual"], row["target"]) == ("38132.0", "39100.0")
    assert row["sources"].endswith(" p.9") and row["readings"] == "1"


def test_detail_boxes_read_alike_in_every_style(samples: Path) -> None:
    """The same five boxes in the ruled, Word-like and borderless QPR: in the Word-like style a
    name stands a paragraph space above its rating; in two styles one box breaks over a page,
    its values at the top of the next."""
    from extractor.parsers.kpi_boxes import find_kpi_boxes
    from extractor.pipeline import read_pages

    readings = {}
    for style in "ABD":
        boxes = find_kpi_boxes(read_pages(samples / f"qpr_2018-19_q1_{style}.pdf"))
        readings[style] = [(b.name, b.rag, [(o.measure, o.value) for o in b.observations]) for b in boxes]
    assert len(readings["A"]) == 5
    assert readings["A"] == readings["B"] == readings["D"]
    assert all(len(values) == 3 for _, _, values in readings["A"])
