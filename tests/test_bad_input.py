"""Every class of bad input: exit code 3, one line naming the file and the reason, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.badfiles import make_bad_files

EXPECTED = {
    "empty": "empty file",
    "not_pdf": "not a PDF",
    "truncated": "truncated",
    "corrupt": "corrupt",
    "encrypted": "encrypted",
    "no_text": "no text layer",
}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory, qpr_pdf: Path) -> dict[str, Path]:
    return make_bad_files(qpr_pdf, tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_bad_input_exits_3_with_reason(kind: str, bad_files: dict[str, Path]) -> None:
    path = bad_files[kind]
    run = subprocess.run(
        [sys.executable, "-m", "extractor", "extract", str(path)], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 3, run.stderr
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert str(path) in lines[0]
    assert EXPECTED[kind] in lines[0]
    assert "Traceback" not in run.stderr


def test_missing_file_is_reported(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "extractor", "extract", str(tmp_path / "nope.pdf")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 3
    assert "file not found" in run.stderr
