"""KPI and finance series across documents, in period order, from the store and the CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.corpus.series import (
    FINANCE_COLUMNS,
    KPI_COLUMNS,
    FinanceFilter,
    Series,
    directorate_lines,
    finance_series,
    kpi_rows,
    kpi_series,
)
from extractor.corpus.store import Store
from extractor.schemas.document import Document
from extractor.schemas.periods import period_key
from tests.builtdocs import build_document, stored


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three reports stored out of period order, with the finance months out of order too."""
    db = tmp_path_factory.mktemp("series") / "s.duckdb"
    docs = [
        build_document(
            "q2-2023", quarter=2, financial_year="2023/24", rag="AMBER", month="October 2023-24", variance=2.0
        ),
        build_document(
            "q1-2018", quarter=1, financial_year="2018/19", rag="GREEN", month="June 2018-19", variance=1.0
        ),
        build_document(
            "q4-2022", quarter=4, financial_year="2022/23", rag="RED", month="March 2023", variance=3.0
        ),
    ]
    return stored(db, *docs)


def test_each_kpi_is_followed_in_period_order(store_path: Path) -> None:
    with Store(store_path, read_only=True) as store:
        series = {s.key["kpi_id"]: s for s in kpi_series(store)}
    assert set(series) == {"customer-services/calls-answered", "highways/potholes"}
    calls = series["customer-services/calls-answered"]
    periods = [(o["financial_year"], o["quarter"]) for o in calls.observations]
    assert periods == [("2018/19", 1), ("2022/23", 4), ("2023/24", 2)]
    assert [o["rag_latest"] for o in calls.observations] == ["GREEN", "RED", "AMBER"]
    assert [(o["actual"], o["target"], o["unit"]) for o in calls.observations] == [
        (91.0, 85.0, "%"),
        (94.0, 85.0, "%"),
        (92.0, 85.0, "%"),
    ]
    assert "actual" not in series["highways/potholes"].observations[0]  # no values printed for it
    first = calls.observations[0]
    assert first["dot"] == "improving" and first["page"] == 5 and first["path"] == "q1-2018.pdf"
    assert first["bbox"] == [10.0, 20.0, 110.0, 32.5]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PHONE calls", {"customer-services/calls-answered"}),
        ("highways/", {"highways/potholes"}),
        ("zzz", set()),
    ],
)
def test_kpi_filter_matches_ids_or_names_case_insensitively(
    store_path: Path, text: str, expected: set[str]
) -> None:
    with Store(store_path, read_only=True) as store:
        assert {s.key["kpi_id"] for s in kpi_series(store, text)} == expected


def test_finance_figures_are_ordered_by_month_of_the_financial_year(store_path: Path) -> None:
    with Store(store_path, read_only=True) as store:
        (series,) = finance_series(store, FinanceFilter(directorate="adult", measure="variance"))
        assert finance_series(store, FinanceFilter(directorate="highways")) == []
    assert series.key["directorate"] == "Adult Social Care & Health"
    assert [o["period"] for o in series.observations] == ["June 2018-19", "March 2023", "October 2023-24"]
    assert [o["value_gbp_m"] for o in series.observations] == [1.0, 3.0, 2.0]
    assert [o["financial_year"] for o in series.observations] == ["2018/19", "2022/23", "2023/24"]


def test_period_labels_order_within_the_april_to_march_year() -> None:
    labels = ["March 2024", "Q2 2023/24", "October 2023-24", "2022-23", "April 2023"]
    ordered = sorted(labels, key=lambda t: period_key(t) or period_key("2999-00"))
    assert ordered == ["2022-23", "April 2023", "Q2 2023/24", "October 2023-24", "March 2024"]


def test_cli_writes_csv_and_json(store_path: Path) -> None:
    runner = CliRunner()
    as_csv = runner.invoke(cli, ["series", "--db", str(store_path), "--kpi", "phone", "--format", "csv"])
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert [(r["financial_year"], r["quarter"], r["rag_latest"]) for r in rows] == [
        ("2018/19", "1", "GREEN"),
        ("2022/23", "4", "RED"),
        ("2023/24", "2", "AMBER"),
    ]
    as_json = runner.invoke(
        cli, ["series", "--db", str(store_path), "--kind", "finance", "--measure", "variance"]
    )
    assert as_json.exit_code == 0, as_json.output
    payload = json.loads(as_json.output)
    assert payload["kind"] == "finance" and payload["columns"] == list(FINANCE_COLUMNS)
    assert [r["period"] for r in payload["rows"]] == ["June 2018-19", "March 2023", "October 2023-24"]
    assert all(list(r) == list(FINANCE_COLUMNS) for r in payload["rows"])
    assert payload["rows"][0]["sources"][0]["document"] == "q1-2018.pdf"


def test_finance_filters_by_line_item_and_period_range(store_path: Path) -> None:
    with Store(store_path, read_only=True) as store:

        def periods(**wanted: str) -> list[str]:
            return [
                o["period"] for s in finance_series(store, FinanceFilter(**wanted)) for o in s.observations
            ]

        assert periods(line_item="ADULT") == ["June 2018-19", "March 2023", "October 2023-24"]
        assert periods(line_item="waste") == []
        assert periods(period_from="2022-23") == ["March 2023", "October 2023-24"]
        assert periods(period_from="2022-23", period_to="Q2 2023-24") == ["March 2023"]
        assert periods(period_to="June 2018-19") == ["June 2018-19"]


def test_finance_csv_is_tidy_with_fixed_columns(store_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["series", "--db", str(store_path), "--kind", "finance", "--format", "csv", "--from", "2020-21"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert tuple(rows[0]) == tuple(FINANCE_COLUMNS)
    assert [(r["directorate"], r["measure"], r["period"], r["value_gbp_m"], r["sources"]) for r in rows] == [
        ("Adult Social Care & Health", "forecast variance", "March 2023", "3.0", "q4-2022.pdf p.3"),
        ("Adult Social Care & Health", "forecast variance", "October 2023-24", "2.0", "q2-2023.pdf p.3"),
    ]
    assert rows[0]["readings"] == "1"


def test_one_figure_printed_in_several_documents_is_one_observation(tmp_path: Path) -> None:
    """The cover report, its appendix and the council's pack print the same figure: one point, three
    sources."""
    db = tmp_path / "s.duckdb"
    october = [
        build_document(name, month="October 2023-24", variance=2.0) for name in ("cover", "appendix", "pack")
    ]
    stored(db, *october, build_document("next", month="November 2023-24", variance=2.5))
    with Store(db, read_only=True) as store:
        (series,) = finance_series(store, FinanceFilter(measure="variance"))
    assert [(o["period"], o["value_gbp_m"]) for o in series.observations] == [
        ("October 2023-24", 2.0),
        ("November 2023-24", 2.5),
    ]
    assert [s["path"] for s in series.observations[0]["sources"]] == ["appendix.pdf", "cover.pdf", "pack.pdf"]


def _store(tmp_path: Path, *docs: Document) -> Path:
    return stored(tmp_path / "s.duckdb", *docs)


def test_a_kpi_printed_in_several_documents_is_one_row_with_every_source(tmp_path: Path) -> None:
    """The cover report, its appendix and the pack print the same quarter: one row per KPI, three
    sources; a fourth document printing another RAG for it is a second reading, counted."""
    same = [
        build_document(name, quarter=2, financial_year="2023/24") for name in ("cover", "appendix", "pack")
    ]
    other = build_document("misread", quarter=2, financial_year="2023/24", rag="RED")
    other.meeting.body = "Scrutiny Committee"  # type: ignore[union-attr]
    db = _store(tmp_path, *same, other)
    result = CliRunner().invoke(cli, ["series", "--db", str(db), "--kpi", "potholes", "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert tuple(rows[0]) == tuple(KPI_COLUMNS)
    (row,) = rows  # the potholes KPI reads RED in all four
    assert row["period"] == "Q2 2023-24" and row["readings"] == "1"
    assert row["sources"] == "appendix.pdf p.6 | cover.pdf p.6 | misread.pdf p.6 | pack.pdf p.6"
    with Store(db, read_only=True) as store:
        calls = kpi_rows(kpi_series(store, "phone"))
    assert [(r["rag_latest"], len(r["sources"]), r["readings"]) for r in calls] == [
        ("GREEN", 3, 2),
        ("RED", 1, 2),
    ]
    assert calls[0]["actual"] == 92.0 and calls[0]["target"] == 85.0 and calls[0]["unit"] == "%"
    # the document filters choose what is read: the scrutiny committee's copy alone
    only = CliRunner().invoke(cli, ["series", "--db", str(db), "--kpi", "phone", "--body", "scrutiny"])
    assert only.exit_code == 0, only.output
    (alone,) = json.loads(only.output)["rows"]
    assert alone["rag_latest"] == "RED" and alone["readings"] == 1
    assert [s["document"] for s in alone["sources"]] == ["misread.pdf"]


def test_series_filters_documents_by_meeting_date_and_periods_by_period(store_path: Path) -> None:
    runner = CliRunner()

    def periods(*args: str) -> list[str]:
        result = runner.invoke(cli, ["series", "--db", str(store_path), "--kpi", "phone", *args])
        assert result.exit_code == 0, result.output
        return [r["period"] for r in json.loads(result.output)["rows"]]

    assert periods() == ["Q1 2018-19", "Q4 2022-23", "Q2 2023-24"]
    assert periods("--period-from", "2022/23") == ["Q4 2022-23", "Q2 2023-24"]
    assert periods("--period-to", "Q1 2018/19") == ["Q1 2018-19"]
    assert periods("--from", "Q4 2022-23", "--to", "2022-23") == ["Q4 2022-23"]  # periods, as --period-*
    assert periods("--from", "2023-01-04", "--to", "2023-01-04") == periods()  # every meeting that day
    assert periods("--from", "2023-01-05") == []
    assert periods("--doc", "q4-2022") == ["Q4 2022-23"]
    twice = runner.invoke(
        cli, ["series", "--db", str(store_path), "--from", "2023-24", "--period-from", "2023-24"]
    )
    assert twice.exit_code == 2 and "given twice" in twice.output


def test_a_period_is_no_meeting_date_where_a_command_takes_no_period(store_path: Path) -> None:
    result = CliRunner().invoke(cli, ["query", "SELECT 1", "--db", str(store_path), "--from", "Q1 2018-19"])
    assert result.exit_code == 2 and "reporting period, not a meeting date" in result.output


def test_directorate_lines_choose_the_line_named_after_the_directorate() -> None:
    def s(directorate: str | None, line: str, measure: str | None) -> Series:
        return Series({"directorate": directorate, "line_item": line, "measure": measure})

    chosen = directorate_lines(
        [
            s("Adults", "Adults", "variance"),
            s("Adults", "Adults: older people", "variance"),
            s("Roads", "Potholes", None),  # a column with no measure read still sorts
            s("Schools", "Teachers", "variance"),
            s("Schools", "Buses", "variance"),
            s(None, "Total", "variance"),
        ]
    )
    assert [(x.key["directorate"], x.key["line_item"]) for x in chosen] == [
        ("Adults", "Adults"),
        ("Roads", "Potholes"),
    ]
