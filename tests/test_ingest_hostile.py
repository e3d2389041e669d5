"""A batch no file can stop: names that are not UTF-8 (or hold newlines, or start with "-") are stored
and shown safely, special files are skipped before anything reads them, and a killed ingest
leaves no worker behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.corpus.store import Store
from extractor.ingest.batch import ingest

QPR = "qpr_2018-19_q1_D.pdf"


@pytest.fixture
def odd_folder(tmp_path: Path, samples: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/report \xff\xfe 2019.pdf"  # Latin-1 bytes: not valid UTF-8
    shutil.copy(samples / QPR, raw)
    data = (samples / QPR).read_bytes()
    (folder / "-minutes\nsecond line.pdf").write_bytes(data + b"\n%%EOF\n")  # other bytes, other document
    os.mkfifo(folder / "pipe.pdf")  # a reader would wait for ever on the first read
    (folder / "loop.pdf").symlink_to(folder / "loop.pdf")
    return folder


def test_odd_names_and_special_files_do_not_stop_a_batch(odd_folder: Path) -> None:
    db = odd_folder.parent / "s.duckdb"
    summary = ingest([odd_folder], db, workers=1)
    assert (summary.stored, summary.failed) == (2, 0), summary.failures
    assert sorted(why for _, why in summary.not_files) == ["a FIFO, not a file", "a symbolic link loop"]
    with Store(db, read_only=True) as store:
        names = sorted(row["path"] for row in store.status())
    assert names == [f"{odd_folder}/-minutes\\nsecond line.pdf", f"{odd_folder}/report \\xff\\xfe 2019.pdf"]
    for name in names:
        assert name.isprintable()


def test_the_cli_reports_skipped_files_and_finishes(odd_folder: Path) -> None:
    db = odd_folder.parent / "cli.duckdb"
    cmd = ["ingest", str(odd_folder), "--db", str(db), "--workers", "1", "-v"]
    run = subprocess.run(
        [sys.executable, "-m", "extractor", *cmd],
        capture_output=True,
        timeout=300,
    )
    err = run.stderr.decode("utf-8")  # everything printed is valid UTF-8, whatever the names were
    assert run.returncode == 0, err
    assert f"skipped: {odd_folder}/pipe.pdf: a FIFO, not a file" in err
    assert "report \\xff\\xfe 2019.pdf" in err
    assert "2 stored" in err and "0 failed" in err and "2 not a file" in err
    assert "Traceback" not in err


def _group(pgid: int) -> set[int]:
    """Live (not zombie) processes of a process group, from /proc."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                found.add(int(entry))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_of_an_ingest_leaves_no_worker_alive(tmp_path: Path, samples: Path) -> None:
    pdfs = [str(samples / name) for name in sorted(os.listdir(samples)) if name.endswith(".pdf")]
    db = tmp_path / "s.duckdb"
    cmd = [sys.executable, "-m", "extractor", "ingest", *pdfs, "--db", str(db), "--workers", "2", "-v"]
    # its own process group, so every process it starts (at any depth) can be found afterwards
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert proc.stderr is not None
    for line in proc.stderr:  # workers are busy once the first document is stored
        if line.startswith("stored:"):
            break
    assert len(_group(proc.pid)) >= 4  # ingest, resource tracker, fork server, a worker or two
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    left = _group(proc.pid)
    for _ in range(100):
        left = _group(proc.pid)
        if not left:
            break
        time.sleep(0.1)
    if left:  # clean up before failing
        os.killpg(proc.pid, signal.SIGKILL)
    assert not left
    assert "Traceback" not in proc.stderr.read()
