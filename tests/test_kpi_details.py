"""KPI values from the detail pages of a built QPR: "Latest: 97%   Target: 97%, Floor: 90%
Previous: 97% (Green)" under each KPI's name, lines that wrap, names worded differently from the
summary table; every value reaches the document, the store and `extractor series`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.corpus.store import Store
from extractor.pipeline import extract
from extractor.schemas.document import Document
from tests.arrowgen import Arrow, Cell, Grid, Text, write_arrow_pdf
from tests.builtdocs import stored

GREEN, AMBER, RED = (0.0, 0.69, 0.31), (1.0, 0.75, 0.0), (0.8, 0.05, 0.1)

# (name in the summary table, name on the detail page, detail lines, expected values)
KPIS = [
    (
        "% of phone calls to Contact Point which were answered",
        "Percentage of phone calls to Contact Point which were answered",
        ["Latest: 97%     Target: 95%, Floor: 90%     Previous: 96% (Green)"],
        [("actual", 97.0, "%"), ("target", 95.0, "%"), ("floor", 90.0, "%"), ("previous", 96.0, "%")],
    ),
    (
        "% of complaints responded to within timescale",
        "The percentage of complaints responded to within timescale",
        ["Latest: 71%     Target: 85%, Floor:", "80%     Previous: 74% (Red)"],  # the floor's value wraps
        [("actual", 71.0, "%"), ("target", 85.0, "%"), ("floor", 80.0, "%"), ("previous", 74.0, "%")],
    ),
    (
        "Number of library visits - rolling 12 months",
        "Number of library visits",
        ["Latest: 1,204,330     Target: 1,150,000,", "Floor: 1,000,000     Previous: 1,187,002 (Green)"],
        [
            ("actual", 1204330.0, "count"),
            ("target", 1150000.0, "count"),
            ("floor", 1000000.0, "count"),
            ("previous", 1187002.0, "count"),
        ],
    ),  # fmt: skip
    (
        "% of calls abandoned before answer",
        "Percentage of calls abandoned before answer",
        ["Latest: 6.5%     Target: 5%, Floor: 10%     Previous: 7.1% (Amber)"],  # lower is better
        [("actual", 6.5, "%"), ("target", 5.0, "%"), ("floor", 10.0, "%"), ("previous", 7.1, "%")],
    ),
]
TABLE_RAG = [
    ("GREEN", "GREEN", "up"),
    ("RED", "RED", "down"),
    ("GREEN", "GREEN", "right"),
    ("AMBER", "AMBER", "up"),
]
COLOUR = {"GREEN": GREEN, "AMBER": AMBER, "RED": RED}


def _pages() -> list[list[Grid | Text]]:
    header = ["Customer Services KPIs", "Latest", "Previous", "DoT"]
    rows = [[Cell(text, bold=True) for text in header]]
    for (name, *_), (latest, previous, arrow) in zip(KPIS, TABLE_RAG, strict=True):
        rows.append([Cell(name), Cell(latest, COLOUR[latest]), Cell(previous, COLOUR[previous]),
                     Cell(arrow=Arrow(arrow))])  # fmt: skip
    summary: list[Grid | Text] = [
        Text(60, 60, [("Quarterly Performance Report, Quarter 2, 2023/24", True, 0.0)]),
        Grid(60, 100, [300, 60, 60, 34.15], rows),
    ]
    details: list[Grid | Text] = [Text(60, 60, [("Customer Services", True, 0.0)])]
    top = 100.0
    for _, detail_name, lines, _ in KPIS:
        block = [(detail_name, True, 0.0)] + [
            (line, False, 8.0 if k == 0 else 0.0) for k, line in enumerate(lines)
        ]
        block += [("Commentary: the service is reviewed every quarter by the directorate.", False, 8.0)]
        details.append(Text(60, top, block))
        top += 120
    return [summary, details]


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> Document:
    return extract(write_arrow_pdf(tmp_path_factory.mktemp("details") / "qpr.pdf", _pages()))


@pytest.fixture(scope="module")
def store_path(doc: Document, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return stored(tmp_path_factory.mktemp("details_store") / "s.duckdb", doc)


def test_every_detail_value_reaches_its_table_kpi(doc: Document) -> None:
    assert [k.name for k in doc.kpis] == [name for name, *_ in KPIS]  # no second record from the details
    for kpi, (_, _, _, values) in zip(doc.kpis, KPIS, strict=True):
        got = [(o.measure, o.value, o.unit) for o in doc.kpi_observations if o.kpi_id == kpi.kpi_id]
        assert got == values, kpi.name
    assert [(k.rag_latest, k.dot) for k in doc.kpis] == [
        ("GREEN", "improving"), ("RED", "worsening"), ("GREEN", "stable"), ("AMBER", "improving")
    ]  # fmt: skip


def test_values_carry_page_box_period_and_the_kpis_sense(doc: Document) -> None:
    for o in doc.kpi_observations:
        assert o.page == 2 and len(o.bbox) == 4 and o.bbox[0] < o.bbox[2]
        assert o.period is not None and (o.period.quarter, o.period.financial_year) == (2, "2023/24")
    wrapped = [o for o in doc.kpi_observations if o.text == "80%"]
    assert len(wrapped) == 1 and wrapped[0].measure == "floor"
    # the wrapped floor sits on the line below its label's
    label_line = next(o for o in doc.kpi_observations if o.text == "85%")
    assert wrapped[0].bbox[1] > label_line.bbox[3]
    assert [k.lower_is_better for k in doc.kpis] == [False, False, False, True]


def test_store_and_series_hold_every_value(doc: Document, store_path: Path) -> None:
    with Store(store_path, read_only=True) as store:
        rows = store.query("SELECT kpi_id, measure, value FROM kpi_observations ORDER BY seq")
    assert [(r["kpi_id"], r["measure"], r["value"]) for r in rows] == [
        (o.kpi_id, o.measure, o.value) for o in doc.kpi_observations
    ]
    assert len(rows) == 16
    result = CliRunner().invoke(cli, ["series", "--db", str(store_path), "--kpi", "abandoned"])
    assert result.exit_code == 0, result.output
    (obs,) = json.loads(result.output)["rows"]
    assert (obs["actual"], obs["target"], obs["previous"], obs["unit"]) == (6.5, 5.0, 7.1, "%")
    assert [(v["measure"], v["value"]) for v in obs["sources"][0]["values"]] == [
        ("actual", 6.5), ("target", 5.0), ("floor", 10.0), ("previous", 7.1)
    ]  # fmt: skip
    assert obs["lower_is_better"] is True
