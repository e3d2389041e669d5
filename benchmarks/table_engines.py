"""Which table engine: accuracy and seconds per page of each candidate on the bundled samples.

    python benchmarks/table_engines.py [--samples qpr] [--camelot-pages 6]

Candidates, each scored against the samples' ground truth with the same exact-row measure as
the project's scorer (a truth row counts when some predicted table on a nearby page holds it
exactly, whitespace-normalised):
  - pdfplumber's table finder (lines strategy, its default),
  - pdfplumber's table finder with the text strategy (for borderless tables),
  - camelot lattice and camelot stream (on a sample of pages: camelot is slow),
  - this project's engine (parsers.tables: rulings, bands and text gutters, stitched).
Only the rows count: header rows are part of a table's text for the other engines, so the
measure is row recall (share of truth body rows reproduced), which does not punish them for
keeping headers among the rows.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SAMPLES = ROOT / "corpus" / "samples"

Rows = list[tuple[str, ...]]


def _norm(cell: object) -> str:
    text = str(cell or "").translate(str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-"}))
    return re.sub(r"\s+", " ", text).strip()


def _rows(rows: list[list[object]]) -> Rows:
    return [tuple(_norm(c) for c in r) for r in rows if any(_norm(c) for c in r)]


def recall(truth: dict, found: dict[int, Rows], pages: set[int] | None = None) -> tuple[int, int]:
    """Truth body rows reproduced exactly on the table's pages (or a neighbour), over all rows."""
    hit = total = 0
    for t in truth["tables"]:
        if pages is not None and not set(t["pages"]) & pages:
            continue
        near = {p + d for p in t["pages"] for d in (-1, 0, 1)}
        pool = [r for p in near for r in found.get(p, [])]
        for row in _rows(t["rows"]):
            total += 1
            if row in pool:
                pool.remove(row)
                hit += 1
    return hit, total


def plumber(path: Path, strategy: str) -> dict[int, Rows]:
    import pdfplumber

    settings = {"vertical_strategy": strategy, "horizontal_strategy": strategy}
    out: dict[int, Rows] = {}
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables(settings):
                out.setdefault(page.page_number, []).extend(_rows(table))
            page.close()
    return out


def camelot_rows(path: Path, flavor: str, pages: list[int]) -> dict[int, Rows]:
    import camelot

    out: dict[int, Rows] = {}
    for p in pages:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tables = camelot.read_pdf(str(path), pages=str(p), flavor=flavor)
        for t in tables:
            out.setdefault(p, []).extend(_rows(t.df.values.tolist()))
    return out


def ours(path: Path) -> dict[int, Rows]:
    from extractor.parsers.pdf import iter_pages
    from extractor.parsers.tables import extract_tables

    out: dict[int, Rows] = {}
    for t in extract_tables(list(iter_pages(path))):
        for page, row in zip(t.row_pages, t.rows, strict=True):
            out.setdefault(page, []).extend(_rows([list(row)]))
    return out


def measure(
    name: str, fn: Callable[[], dict[int, Rows]], truth: dict, pages: set[int] | None, n: int
) -> dict:
    start = time.perf_counter()
    found = fn()
    seconds = time.perf_counter() - start
    hit, total = recall(truth, found, pages)
    return {
        "engine": name,
        "rows_found": hit,
        "rows": total,
        "recall": hit / total if total else None,
        "seconds_per_page": seconds / max(1, n),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", default="qpr", help="substring of the sample file names to use")
    ap.add_argument("--camelot-pages", type=int, default=6, help="pages per document for camelot (slow)")
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    results = []
    for pdf in sorted(SAMPLES.glob(f"*{args.samples}*.pdf")):
        truth = json.loads(pdf.with_name(pdf.stem + ".truth.json").read_text(encoding="utf-8"))
        n = truth["pages"]
        table_pages = sorted({p for t in truth["tables"] for p in t["pages"]})
        step = max(1, len(table_pages) // max(1, args.camelot_pages))
        sample = table_pages[::step][: args.camelot_pages]
        runs = [
            ("pdfplumber lines", partial(plumber, pdf, "lines"), None, n),
            ("pdfplumber text", partial(plumber, pdf, "text"), None, n),
            ("camelot lattice*", partial(camelot_rows, pdf, "lattice", sample), set(sample), len(sample)),
            ("camelot stream*", partial(camelot_rows, pdf, "stream", sample), set(sample), len(sample)),
            ("extractor", partial(ours, pdf), None, n),
        ]
        for name, fn, pages, count in runs:
            try:
                r = measure(name, fn, truth, pages, count)
            except Exception as exc:  # an engine failing is a result too
                r = {"engine": name, "error": f"{type(exc).__name__}: {exc}"[:120]}
            r["document"] = pdf.name
            results.append(r)
            shown = (
                "error " + r["error"]
                if "error" in r
                else f"{r['recall']:.3f} {r['seconds_per_page']:.3f} s/page"
            )
            print(f"{pdf.name:38s} {name:18s} {shown}", flush=True)
    print("* camelot on a sample of table pages, scored on those pages only")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
