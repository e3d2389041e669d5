"""KPI records and RAG summary counts from the samples' ground-truth tables (independent of table
detection), scored the way the project's scorer scores them."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest

from extractor.parsers.qpr import QprResult, extract_kpis
from extractor.schemas.document import Table
from tests.truthdoc import truth_tables

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
QPR_BEARING = [
    # the whitespace-only style shows RAG as a cell's fill and arrows as drawn paths, with no words
    # in the cells: read from the page's graphics, which the truth tables here do not carry
    pytest.param(name, marks=pytest.mark.xfail(reason="style E ratings are graphics", strict=False))
    if name.endswith("_E.truth.json")
    else name
    for name in sorted(
        p.name for p in SAMPLES.glob("*.truth.json") if json.loads(p.read_text())["rag_summary"]
    )
]


def _key(text: str | None) -> str:
    return re.sub(r"[^a-z0-9%£]+", " ", (text or "").lower()).strip()


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _key(a), _key(b)).ratio()


@pytest.fixture(scope="session", params=QPR_BEARING)
def extracted(request: pytest.FixtureRequest) -> tuple[dict, QprResult]:
    path = SAMPLES / request.param
    return json.loads(path.read_text()), extract_kpis(truth_tables(path), [], [])


def test_every_truth_kpi_found_with_its_rag_and_dot(extracted: tuple[dict, QprResult]) -> None:
    truth, result = extracted
    assert len(result.kpis) == len(truth["kpis"])
    for t in truth["kpis"]:
        best = max(result.kpis, key=lambda k: _similarity(t["name"], k.name))
        assert _key(best.name) == _key(t["name"])
        assert (best.rag_latest, best.rag_previous) == (t["rag_latest"], t["rag_previous"]), t["name"]
        assert best.dot == t["dot"], t["name"]
        pages = next(tab["pages"] for tab in truth["tables"] if tab["id"] == t["table_id"])
        # truthdoc places every row on its table's first page
        assert best.table_id == t["table_id"] and best.page in pages


def test_summary_counts_exact(extracted: tuple[dict, QprResult]) -> None:
    truth, result = extracted
    fields = ("area", "green", "amber", "red", "improving", "stable", "worsening", "page", "table_id")
    got = [tuple(getattr(r, f) for f in fields) for r in result.rag_summary]
    assert got == [tuple(r[f] for f in fields) for r in truth["rag_summary"]]


def test_not_comparable_previous_rating_kept_as_printed(extracted: tuple[dict, QprResult]) -> None:
    truth, result = extracted
    starred = [k for k in result.kpis if k.rag_previous_text == "*"]
    expected = [
        t
        for t in truth["kpis"]
        for tab in truth["tables"]
        if tab["id"] == t["table_id"]
        for row in tab["rows"]
        if row[0] == t["name"] and "*" in row
    ]
    assert len(starred) == len(expected)
    assert all(k.rag_previous is None for k in starred)


def test_every_kpi_has_an_id_area_and_provenance(extracted: tuple[dict, QprResult]) -> None:
    _, result = extracted
    for k in result.kpis:
        assert re.fullmatch(r"[a-z0-9-]+/[a-z0-9-]+", k.kpi_id)
        assert k.area and k.page >= 1 and len(k.bbox) == 4
    ids = [k.kpi_id for k in result.kpis]
    assert len(set(ids)) == len(ids)  # distinct KPIs of one report never share an id


def _table(header: list[list[str]], rows: list[list[str]]) -> Table:
    return Table(id="t1", pages=[3], bbox=[0, 0, 100, 100], header_rows=header, rows=rows)


def test_key_and_status_tables_are_not_kpi_tables() -> None:
    key = _table(
        [["GREEN", "Target has been achieved"]],
        [["AMBER", "Floor Standard achieved but Target has not been met"], ["↑", "Performance has improved"]],
    )
    status = _table(
        [["LGF Spend Profile Year :", "2015/16", "2016/17"]],
        [["Green (on track)", "8", "6"], ["Amber (some delays)", "1", "0"], ["Red (at risk)", "0", "2"]],
    )
    assert extract_kpis([key, status], [], []).kpis == []


def test_kpi_table_without_previous_column_and_with_word_dot() -> None:
    table = _table(
        [["Indicator", "RAG", "Direction of travel"]],
        [["Number of widgets repaired within 5 days", "Amber", "Improving"], ["Sub-heading", "", ""]],
    )
    [kpi] = extract_kpis([table], [], []).kpis
    assert (kpi.rag_latest, kpi.rag_previous, kpi.dot) == ("AMBER", None, "improving")
    assert kpi.kpi_id.startswith("unassigned/")


def test_unknown_dot_mark_gives_null_and_a_warning() -> None:
    table = _table(
        [["Public Health KPIs", "RAG rating", "", "DoT"], ["", "Latest", "Previous", ""]],
        [["% of widgets inspected", "GREEN", "RED", "?"], ["% of gadgets inspected", "RED", "RED", "↓"]],
    )
    result = extract_kpis([table], [], [])
    assert [k.dot for k in result.kpis] == [None, "worsening"]
    assert len(result.warnings) == 1 and "'?'" in result.warnings[0]
    assert result.kpis[0].area_canonical == "Public Health"


def test_area_summary_rows_used_only_without_an_executive_summary() -> None:
    area = _table(
        [["Customer Services", "", "", "", "", "", ""]],
        [["KPI Summary", "GREEN", "AMBER", "RED", "", "", ""], ["", "1", "", "2", "", "3", ""]],
    )
    [record] = extract_kpis([area], [], []).rag_summary
    assert (record.area, record.green, record.amber, record.red) == ("Customer Services", 1, 0, 2)
    # arrow headers missing: the positions after RED still hold improving, stable, worsening
    assert (record.improving, record.stable, record.worsening) == (0, 3, 0)
    executive = _table(
        [["", "G", "A", "R", "↑", "⇒", "↓"]],
        [["Customer Services", "2", "", "1", "", "3", ""], ["TOTAL", "2", "", "1", "", "3", ""]],
    )
    records = extract_kpis([area, executive], [], []).rag_summary
    assert [(r.area, r.green, r.table_id) for r in records] == [("Customer Services", 2, "t1")]
