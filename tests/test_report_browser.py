"""The report in a real headless browser: the rendered page itself must show every finding, its
page snippets as decoded images, and the charts. A screenshot is kept as a CI artifact.

Needs Debian's chromium (`.ci/run` installs it); skipped, with the reason, where none is found.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from extractor.corpus.store import Store
from extractor.report import build_report
from tests.reportstore import report_store

ARTIFACTS = Path(__file__).resolve().parents[1] / "out" / "ci-artifacts"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
]


def _browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no chromium binary found (CI installs Debian's chromium in .ci/run)")


def _run(browser: str, *args: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        return subprocess.run(
            [browser, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=90,
        )


@pytest.fixture(scope="module")
def report_file() -> tuple[Path, int, int]:
    """The report of the test store written where CI keeps artifacts, with its findings and images."""
    _browser()  # skip before building the store when there is no browser
    with Store(report_store(), read_only=True) as store:
        html = build_report(store)
        findings = int(store.query("SELECT count(*) AS n FROM findings")[0]["n"])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "report.html"
    path.write_text(html, encoding="utf-8")
    return path, findings, html.count("<img ")


def test_report_renders_in_headless_browser(
    report_file: tuple[Path, int, int], capsys: pytest.CaptureFixture[str]
) -> None:
    browser = _browser()
    path, findings, images = report_file
    url = path.as_uri()
    run = _run(browser, "--virtual-time-budget=10000", "--dump-dom", url)
    assert run.returncode == 0, run.stderr[-2000:]
    dom = run.stdout
    # the page's own script ran after load and counted decoded images and charts
    body = re.search(r"<body([^>]*)>", dom)
    assert body, dom[:500]
    rendered = re.search(r'data-images-rendered="(\d+)"', body.group(1))
    charts = re.search(r'data-charts="(\d+)"', body.group(1))
    assert rendered and charts, f"the report's load script did not run: {body.group(0)}"
    assert images > 0 and int(rendered.group(1)) == images
    sizes = re.findall(r'data-natural-width="(\d+)" data-natural-height="(\d+)"', dom)
    assert len(sizes) == images and all(int(w) > 0 and int(h) > 0 for w, h in sizes)
    assert dom.count('class="finding ') == findings > 0
    assert 'class="chart kpi-history"' in dom and 'class="chart finance"' in dom
    assert int(charts.group(1)) >= 2

    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    run = _run(browser, f"--screenshot={shot}", "--window-size=1280,2000", url)
    assert run.returncode == 0 and shot.is_file(), run.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    with capsys.disabled():
        print(f"\nreport screenshot: {shot}\nreport html: {path}")
