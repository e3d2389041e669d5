"""Cheap checks of benchmarks/run.py's plumbing: arguments, page sampling, the pack builder. No timing."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.benchscripts import load_script

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "samples" / "qpr_2018-19_q1_D.pdf"


@pytest.fixture(scope="module")
def run() -> ModuleType:
    return load_script("run.py", "bench_run")


def test_defaults_and_quick(run: ModuleType) -> None:
    full = run.parse_args([])
    assert (full.quick, full.pack_pages, full.camelot_pages, full.out) == (False, 1000, 90, None)
    quick = run.parse_args(["--quick", "--out", "x.md"])
    assert (quick.pack_pages, quick.camelot_pages, quick.out) == (120, 6, Path("x.md"))
    assert run.parse_args(["--pack-pages", "30"]).pack_pages == 30


def test_spread(run: ModuleType) -> None:
    assert run.spread(5, 10) == [1, 2, 3, 4, 5]
    picked = run.spread(100, 4)
    assert picked == [1, 26, 51, 76]
    assert run.spread(10, 0) == []


def test_pack_cycles_sources_to_the_page_count(run: ModuleType, tmp_path: Path) -> None:
    n = run.page_count(SAMPLE)
    dest = tmp_path / "pack.pdf"
    assert run.build_pack([SAMPLE], n + 3, dest) == n + 3
    assert run.page_count(dest) == n + 3
    with pytest.raises(ValueError):
        run.build_pack([], 5, dest)


def test_camelot_pages_spread_over_files(run: ModuleType) -> None:
    chosen = run.camelot_pages([SAMPLE], 4)
    assert list(chosen) == [str(SAMPLE)] and len(chosen[str(SAMPLE)]) == 4
