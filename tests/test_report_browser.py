"""The report in a real headless browser: the rendered page itself must show every finding, its
page snippets as decoded images, and the charts; the findings table must be on the first screen
of a laptop-sized window, and its filters must work from the address. Screenshots are kept as
CI artifacts.

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
SCREEN = (1280, 800)  # a laptop's browser window
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
    run = _run(
        browser, "--virtual-time-budget=10000", f"--window-size={SCREEN[0]},{SCREEN[1]}", "--dump-dom", url
    )
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

    # the first screen: the findings table's top and its first row lie within the window
    top = re.search(r'data-findings-top="(-?\d+)"', body.group(1))
    first_row = re.search(r'data-first-finding-bottom="(-?\d+)"', body.group(1))
    height = re.search(r'data-viewport-height="(\d+)"', body.group(1))
    assert top and first_row and height, body.group(0)
    assert 400 < int(height.group(1)) <= SCREEN[1]  # the window less any browser frame
    assert 0 <= int(top.group(1)) < int(first_row.group(1)) <= int(height.group(1))

    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    run = _run(browser, f"--screenshot={shot}", "--window-size=1280,2000", url)
    assert run.returncode == 0 and shot.is_file(), run.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    with capsys.disabled():
        print(f"\nreport screenshot: {shot}\nreport html: {path}")


def test_first_screen_screenshot(report_file: tuple[Path, int, int], tmp_path: Path) -> None:
    """What a reader sees on opening the report, as a picture (kept beside the test's files)."""
    path, _, _ = report_file
    shot = tmp_path / "report-first-screen.png"
    run = _run(_browser(), f"--screenshot={shot}", f"--window-size={SCREEN[0]},{SCREEN[1]}", path.as_uri())
    assert run.returncode == 0 and shot.is_file(), run.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    (ARTIFACTS / shot.name).write_bytes(shot.read_bytes())


def test_filters_preset_from_the_address(report_file: tuple[Path, int, int]) -> None:
    """`report.html?severity=warning` shows the warnings only; an unknown kind shows nothing."""
    path, _, _ = report_file
    dom = _run(
        _browser(), "--virtual-time-budget=5000", "--dump-dom", path.as_uri() + "?severity=warning"
    ).stdout
    rows = re.findall(r"<tr ([^>]*)>", dom.split("<tbody>", 1)[1].split("</tbody>", 1)[0])
    shown = [r for r in rows if "hidden" not in r]
    assert rows and shown and all('data-severity="warning"' in r for r in shown)
    assert len(shown) < len(rows)
    count = re.search(r'id="f-count">(\d+) of (\d+) shown', dom)
    assert count and (int(count.group(1)), int(count.group(2))) == (len(shown), len(rows))
