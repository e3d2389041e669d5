"""`extractor changes`: what changed between two periods, each change with both sources, on
built documents (every kind of change once) and the period spellings people type."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.corpus.changes import changes
from extractor.corpus.records import document_rows
from extractor.corpus.store import Store
from extractor.schemas.document import KpiObservation
from extractor.schemas.periods import period_span
from tests.builtdocs import build_document

CALLS = "customer-services/calls-answered"


def _floor(obs: KpiObservation, value: float) -> KpiObservation:
    return obs.model_copy(update={"measure": "floor", "value": value, "text": f"{value:g}%"})


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Q1 2018-19: calls GREEN (91%, floor 80%), potholes RED, variance £1m. Q2 2023-24: calls
    AMBER (75%, below its floor), potholes gone, a new KPI, variance £4m; plus a second copy of
    the later report whose calls reading is the same (one reading, two sources)."""
    before = build_document(
        "q1-2018", quarter=1, financial_year="2018/19", month="June 2018-19", variance=1.0
    )
    before.kpi_observations.append(_floor(before.kpi_observations[0], 80.0))
    later = []
    for name in ("q2-2023", "q2-2023-appendix"):
        doc = build_document(
            name, quarter=2, financial_year="2023/24", rag="AMBER", month="September 2023-24", variance=4.0
        )
        actual = doc.kpi_observations[0]
        doc.kpi_observations = [actual.model_copy(update={"value": 75.0}), doc.kpi_observations[1]]
        doc.kpi_observations.append(_floor(actual, 80.0))
        potholes = doc.kpis.pop(1)
        doc.kpis.append(potholes.model_copy(update={"kpi_id": "highways/gullies", "name": "Gullies cleaned"}))
        later.append(doc)
    db = tmp_path_factory.mktemp("changes") / "s.duckdb"
    with Store(db, read_only=False) as store:
        for doc in (before, *later):
            store.write_document(document_rows(doc))
    return db


def test_every_kind_of_change_with_both_sources(store_path: Path) -> None:
    q1, q2 = period_span("Q1 2018/19"), period_span("Q2 2023-24")
    assert q1 and q2
    with Store(store_path, read_only=True) as store:
        found = changes(store, q1, q2, threshold_gbp_m=1.0)
    (moved,) = found.of("rag_moved")
    assert (moved.key, moved.before, moved.after, moved.direction) == (CALLS, "GREEN", "AMBER", "worsened")
    assert [(s["document"], s["page"]) for s in moved.before_sources] == [("q1-2018.pdf", 5)]
    assert [(s["document"], s["page"]) for s in moved.after_sources] == [
        ("q2-2023-appendix.pdf", 5),
        ("q2-2023.pdf", 5),
    ]
    (floor,) = found.of("below_floor")
    assert (
        floor.key == CALLS
        and floor.before == "actual 91%, floor 80%"
        and floor.after == "actual 75%, floor 80%"
    )
    assert [c.key for c in found.of("new")] == ["highways/gullies"]
    assert [c.key for c in found.of("dropped")] == ["highways/potholes"]
    (variance,) = found.of("variance_moved")
    assert variance.difference == 3.0 and variance.direction == "up"
    assert variance.before_sources[0]["document"] == "q1-2018.pdf"
    assert {s["document"] for s in variance.after_sources} == {"q2-2023.pdf", "q2-2023-appendix.pdf"}


def test_cli_periods_as_people_write_them(store_path: Path) -> None:
    runner = CliRunner()
    run = runner.invoke(
        cli, ["changes", "--db", str(store_path), "--from", "Q1 2018/19", "--to", "Q2 2023-24", "-f", "json"]
    )
    assert run.exit_code == 0, run.output
    payload = json.loads(run.output)
    assert (payload["from"], payload["to"]) == ("Q1 2018-19", "Q2 2023-24")
    assert sorted(c["kind"] for c in payload["changes"]) == [
        "below_floor", "dropped", "new", "rag_moved", "variance_moved"
    ]  # fmt: skip
    # the same periods spelled as options; a higher threshold leaves the £3m move out
    text = runner.invoke(
        cli,
        ["changes", "--db", str(store_path), "--period-from", "2018-19", "--period-to", "2023/24",
         "--threshold", "5"],
    )  # fmt: skip
    assert text.exit_code == 0, text.output
    assert "KPIs whose RAG moved: 1" in text.output and "GREEN -> AMBER (worsened)" in text.output
    assert "before: q1-2018.pdf p.5" in text.output
    assert "moved by the threshold or more: 0" in text.output
    as_csv = runner.invoke(
        cli, ["changes", "--db", str(store_path), "--from", "Q1 2018-19", "--to", "Q2 2023-24", "-f", "csv"]
    )
    assert as_csv.exit_code == 0 and as_csv.output.splitlines()[0].startswith("kind,subject,key")
    # meeting dates choose the documents: none of them meets after 2023
    none = runner.invoke(
        cli,
        ["changes", "--db", str(store_path), "--from", "Q1 2018-19", "--to", "Q2 2023-24",
         "--body", "Cabinet", "--type", "qpr", "-f", "json"],
    )  # fmt: skip
    assert none.exit_code == 0 and json.loads(none.output)["changes"] == []


def test_cli_needs_both_periods(store_path: Path) -> None:
    run = CliRunner().invoke(cli, ["changes", "--db", str(store_path), "--from", "Q1 2018-19"])
    assert run.exit_code == 2 and "give both periods" in run.output
    bad = CliRunner().invoke(
        cli, ["changes", "--db", str(store_path), "--from", "last year", "--to", "Q2 2023-24"]
    )
    assert bad.exit_code == 2 and "neither a date" in bad.output


def test_a_kpi_new_in_the_period_has_no_earlier_source(store_path: Path) -> None:
    q1, q2 = period_span("Q1 2018-19"), period_span("Q2 2023-24")
    assert q1 and q2
    with Store(store_path, read_only=True) as store:
        (new,) = changes(store, q1, q2).of("new")
    assert new.before is None and new.before_sources == [] and new.after == "RED"
