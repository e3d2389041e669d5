"""The outcome of one fuzz run (`fuzz.py` lists them), from its exit code, output and what pdfium
reads of the same mutant."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from fuzz_pdfium import PdfiumView, pdfium_view

OUTCOMES = ("ok", "refusal", "traceback", "over_time", "over_memory", "silent_loss", "refused_readable")


@dataclass
class Run:
    source: str
    kind: str
    seed: int
    mutant: str
    outcome: str = ""
    exit_code: int | None = None
    seconds: float = 0.0
    peak_mb: float = 0.0
    detail: str = ""


def json_chars(doc: dict) -> int:
    """Non-blank characters of text the document JSON holds (paragraphs and table cells)."""
    total = sum(len(re.sub(r"\s", "", p.get("text") or "")) for p in doc.get("paragraphs", []))
    for t in doc.get("tables", []):
        for row in [t.get("header") or [], *(t.get("rows") or [])]:
            for cell in row:
                if isinstance(cell, str):
                    total += len(re.sub(r"\s", "", cell))
                elif isinstance(cell, list):
                    total += sum(len(re.sub(r"\s", "", str(c))) for c in cell)
    return total


def classify(
    run: Run,
    code: int | None,
    stdout: str,
    stderr: str,
    over: str,
    mutant: Path,
    source_view: PdfiumView,
    text_share: float,
) -> None:
    view = pdfium_view(mutant)
    reads_fully = (
        view.opened
        and view.pages == source_view.pages
        and view.pages_loaded == view.pages
        and view.chars >= 0.99 * source_view.chars
    )
    if over in ("over_time", "over_memory"):
        run.outcome = over
    elif "Traceback" in stderr or code not in (0, 3):
        run.outcome = "traceback"
        run.detail = (stderr.strip().splitlines() or [f"exit {code}"])[-1][:200]
    elif code == 3:
        lines = stderr.strip().splitlines()
        run.detail = lines[-1][:200] if lines else ""
        run.outcome = "refused_readable" if reads_fully else "refusal"
        if len(lines) != 1 or mutant.name not in lines[0]:
            run.outcome, run.detail = "traceback", f"refusal not one line naming the file: {stderr[:200]}"
    else:
        try:
            doc = json.loads(stdout)
        except ValueError:
            run.outcome, run.detail = "traceback", "exit 0 without JSON"
            return
        warnings = doc.get("warnings") or []
        pages = int((doc.get("source") or {}).get("pages") or 0)
        read_pages = {p.get("page") for p in doc.get("paragraphs", [])}
        # text the run kept, scaled by the share the same extractor keeps of the undamaged source
        expected = text_share * view.chars
        lost = pages < view.pages or json_chars(doc) < 0.5 * expected
        run.detail = f"{pages} pages ({len(read_pages)} with prose), {len(warnings)} warning(s)"
        run.outcome = "silent_loss" if lost and not warnings else "ok"
    if over == "left_processes":
        run.detail += "; processes left behind"
