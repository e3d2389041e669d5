"""The second reader of the fuzz run: what pdfium (pypdfium2) reads of a PDF, so a run can be
told to have lost pages or text, or to have refused a file that is readable."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class PdfiumView:
    opened: bool = False
    pages: int = 0
    pages_loaded: int = 0
    chars: int = 0  # non-blank characters of text on all pages


def pdfium_view(path: Path, budget_s: float = 30.0) -> PdfiumView:
    """What pdfium reads, in a child process (a hostile file may crash or stall pdfium too)."""
    code = (
        "import sys, json, pypdfium2 as p\n"
        "r = {'opened': False, 'pages': 0, 'pages_loaded': 0, 'chars': 0}\n"
        "try:\n"
        "    d = p.PdfDocument(sys.argv[1]); r['opened'] = True; r['pages'] = len(d)\n"
        "    for i in range(min(len(d), 5000)):\n"
        "        try:\n"
        "            pg = d[i]; t = pg.get_textpage().get_text_range()\n"
        "            r['pages_loaded'] += 1; r['chars'] += sum(1 for c in t if not c.isspace())\n"
        "        except Exception: pass\n"
        "except Exception: pass\n"
        "print(json.dumps(r))\n"
    )
    try:
        run = subprocess.run(
            [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=budget_s
        )
        return PdfiumView(**json.loads(run.stdout.strip().splitlines()[-1]))
    except (subprocess.TimeoutExpired, ValueError, IndexError):
        return PdfiumView()
