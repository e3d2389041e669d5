"""One command run in its own process group, watched for time and for the resident memory of the
whole group, killed (with anything it started) when over either limit."""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time

MEMORY_LIMIT = 2 * 1024**3


def _group_rss(pgid: int) -> int:
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:  # field 5 of stat: the process group
                total += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")  # field 24: rss pages
        except (OSError, IndexError, ValueError):
            continue
    return total


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def run_extract(cmd: list[str], limit_s: float) -> tuple[int | None, str, str, float, int, str]:
    """(exit code, stdout, stderr, seconds, peak bytes, over) for one command in its own group."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, start_new_session=True)
        peak, over = 0, ""
        while proc.poll() is None:
            peak = max(peak, _group_rss(proc.pid))
            if peak > MEMORY_LIMIT:
                over = "over_memory"
            elif time.monotonic() - start > limit_s:
                over = "over_time"
            if over:
                _kill_group(proc.pid)
                proc.wait()
                break
            time.sleep(0.1)
        seconds = time.monotonic() - start
        left = _group_rss(proc.pid)  # anything of the group still alive after the run ends
        _kill_group(proc.pid)
        if left and not over:
            over = "left_processes"
        out.seek(0)
        err.seek(0)
        return (
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            seconds,
            peak,
            over,
        )
