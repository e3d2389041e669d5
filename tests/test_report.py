"""The HTML report: charts for one or many points, KPI history from observations, snippets with
highlighted boxes, escaping, a missing source PDF, and the command end to end."""

from __future__ import annotations

import base64
import hashlib
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from extractor.cli import cli
from extractor.corpus.series import Series
from extractor.corpus.store import Store
from extractor.report import build_report
from extractor.report.build import gather, kpi_history
from extractor.report.charts import FinanceLine, HistoryPoint, finance_chart
from extractor.report.charts import kpi_history as history_svg
from extractor.report.snippets import Mark, PageRenderer
from tests.reportstore import SAMPLE, report_store


@pytest.fixture(scope="module")
def store_path() -> Path:
    return report_store()


@pytest.fixture(scope="module")
def html(store_path: Path) -> str:
    with Store(store_path, read_only=True) as store:
        return build_report(store)


def test_history_chart_one_and_many_points() -> None:
    one = history_svg([HistoryPoint("Q1 18/19", "GREEN")], "one")
    assert one.count("<circle") == 1 and "#2e8540" in one
    many = history_svg(
        [
            HistoryPoint("Q1 18/19", "GREEN", 80.0),
            HistoryPoint("Q2 18/19", "RED", 60.5),
            HistoryPoint("Q3", None),
        ]
    )
    assert many.count("<circle") == 3 and "<polyline" in many and "60.5" in many and "#c62828" in many
    assert history_svg([]) == ""


def test_finance_chart_bars_for_one_period_lines_for_many() -> None:
    lines = [FinanceLine("Adults <&>", {"Jun": 1.5, "Sep": 2.5}), FinanceLine("Roads", {"Sep": -0.5})]
    bars = finance_chart(["Jun"], lines)
    assert bars.count("<rect") == 1 and "Adults &lt;&amp;&gt;" in bars and "Roads" not in bars
    chart = finance_chart(["Jun", "Sep"], lines)
    assert chart.count("<polyline") == 1 and chart.count("<circle") == 3
    assert finance_chart([], lines) == "" and finance_chart(["Dec"], lines) == ""


def test_kpi_history_adds_previous_quarter_and_orders_periods() -> None:
    obs = [
        {
            "quarter": 3,
            "financial_year": "2018/19",
            "period_label": None,
            "rag_latest": "RED",
            "rag_previous": "AMBER",
        },
        {
            "quarter": 1,
            "financial_year": "2018/19",
            "period_label": None,
            "rag_latest": "GREEN",
            "value": "75%",
        },
        {
            "quarter": 1,
            "financial_year": "2019/20",
            "period_label": None,
            "rag_latest": "AMBER",
            "rag_previous": "RED",
        },
    ]
    points = kpi_history(Series({"kpi_id": "k"}, obs))
    assert [(p.label, p.rag) for p in points] == [
        ("Q1 18/19", "GREEN"),
        ("Q2 18/19", "AMBER"),  # from the Q3 observation's previous RAG
        ("Q3 18/19", "RED"),
        ("Q4 18/19", "RED"),  # the quarter before Q1 2019/20
        ("Q1 19/20", "AMBER"),
    ]
    assert points[0].value == 75.0


def test_snippet_highlights_boxes() -> None:
    with PageRenderer(SAMPLE) as r:
        box = [100.0, 100.0, 140.0, 110.0]
        snip = r.snippet(1, [Mark(box, reported=True)])
        assert r.snippet(1, []) is None and r.snippet(len(r) + 1, [Mark(box)]) is None
    assert snip is not None and snip.data_uri.startswith("data:image/png;base64,")
    image = Image.open(io.BytesIO(base64.b64decode(snip.data_uri.split(",", 1)[1]))).convert("RGB")
    assert (image.width, image.height) == (snip.width, snip.height) and image.width >= 600
    left, top = snip.region[:2]
    scale = image.width / (snip.region[2] - snip.region[0])
    # the outline of the box is drawn in the reported colour (red dominates)
    r_, g, b = image.getpixel((round((box[0] - left - 2) * scale), round((105 - top) * scale)))
    assert r_ > 150 and g < 100 and b < 100


def test_report_shows_every_finding_with_snippet_or_reason(store_path: Path, html: str) -> None:
    with Store(store_path, read_only=True) as store:
        n = store.query("SELECT count(*) AS n FROM findings")[0]["n"]
        data = gather(store)
    assert html.count('<div class="finding ') == n > 0
    real = [v for v in data.documents if v.source_found]
    assert real and all(f.snippets for v in real for f in v.findings if any(e["x0"] for e in f.evidence))
    assert html.count("<img ") == sum(len(f.snippets) for v in data.documents for f in v.findings) > 0
    # built documents have no PDF on disk: the report says so instead of failing
    assert "was not found" in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")


def test_report_kpis_history_and_finance(html: str) -> None:
    assert html.count('class="chart kpi-history"') >= 1
    assert re.search(r"Q1 18/19.*Q2 18/19.*Q3 18/19", html, re.S)
    assert 'class="chart finance"' in html and "Adult Social Care" in html
    assert "▲ improving" in html and "▼ worsening" in html


def test_report_command_and_doc_filter(store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "one.html"
    run = CliRunner().invoke(
        cli, ["report", "--db", str(store_path), "--out", str(out), "--doc", SAMPLE.name]
    )
    assert run.exit_code == 0, run.output
    text = out.read_text(encoding="utf-8")
    assert SAMPLE.name in text and "built-q1" not in text
    run = CliRunner().invoke(cli, ["report", "--db", str(tmp_path / "none.duckdb"), "--out", str(out)])
    assert run.exit_code != 0 and "no such store" in run.output
    run = CliRunner().invoke(
        cli, ["report", "--db", str(store_path), "--out", str(out), "--doc", "zzz-nothing"]
    )
    assert run.exit_code == 0 and "No document in the store matches document zzz-nothing" in out.read_text()


def test_report_opens_on_the_findings_table_sorted_by_severity(store_path: Path, html: str) -> None:
    with Store(store_path, read_only=True) as store:
        n = store.query("SELECT count(*) AS n FROM findings")[0]["n"]
    start = html.index("<section id='findings'>")
    assert start < html.index("id='meetings'") < html.index('<section class="meeting"')
    table = html[start : html.index("</tbody>", start)]
    severities = re.findall(r'<tr data-severity="(\w+)"', table)
    assert len(severities) == n and severities == sorted(severities, key=["error", "warning", "info"].index)
    # each row links to its card, and every card exists
    cards = re.findall(r'<a href="#(finding-[0-9a-f]{12}-\d+)">card</a>', table)
    assert len(cards) == n and all(f'id="{c}"' in html for c in cards)
    assert "Findings (0)" not in html and "No directorate variance" not in html


def test_report_groups_documents_by_meeting(html: str) -> None:
    groups = re.findall(r'<section class="meeting" id="([^"]+)"><h2>([^<]+)</h2>', html)
    # the sample QPR's cover report names its meeting on its first page: "To: Cabinet – 24 September 2018"
    assert [title for _, title in groups] == ["Cabinet, 2018-09-24", "Cabinet, 2023-01-04"]
    sample = html[html.index(f'id="{groups[0][0]}"') : html.index(f'id="{groups[1][0]}"')]
    assert SAMPLE.name in sample
    assert 'id="meeting-none"' not in html


def test_report_filters_and_a_moved_pdf_found_under_pdf_root(store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "cabinet.html"
    # the sample's meeting is a Cabinet of 2018: the dates leave it out
    args = ["report", "--db", str(store_path), "-o", str(out), "--body", "cabinet", "--from", "2020-01-01"]
    run = CliRunner().invoke(cli, args)
    assert run.exit_code == 0, run.output
    text = out.read_text(encoding="utf-8")
    assert "built-q1.pdf" in text and SAMPLE.name not in text and "body cabinet" in text
    # the built documents have no PDF anywhere: the top of the report says how to point at them
    assert "--pdf-root DIR" in text
    run = CliRunner().invoke(
        cli, ["report", "--db", str(store_path), "-o", str(out), "--from", "2023-01-05", "--type", "qpr"]
    )
    assert run.exit_code == 0 and "No document in the store matches" in out.read_text(encoding="utf-8")
    # the sample moved: a copy under another name in another folder is not it, one with its bytes is
    moved = tmp_path / "moved"
    (moved / "deeper").mkdir(parents=True)
    (moved / SAMPLE.name).write_bytes(b"%PDF-1.4 not the same bytes")
    (moved / "deeper" / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    from extractor.report.sources import SourceFinder

    sha = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    with Store(tmp_path / "empty.duckdb", read_only=False) as store:  # no path of it recorded
        assert SourceFinder(store, moved).find(sha, "/gone/" + SAMPLE.name) == moved / "deeper" / SAMPLE.name
        assert SourceFinder(store).find(sha, "/gone/" + SAMPLE.name) is None
