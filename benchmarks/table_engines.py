"""Which table engine: row F1, cell accuracy and seconds per page of every candidate engine.

    python benchmarks/table_engines.py --shared ../shared [--sets icdar,E] [--cache DIR]

Sets (both need the shared data folder; nothing here is needed to install or test the project):
  - icdar: `bench/icdar2013` (ICDAR 2013, 34 PDFs, 77 tables; header rows are scored with body
    rows). Split by position in the sorted list of PDFs: even positions (0, 2, 4, ...) are the
    tuned half, odd positions the held-out half; both halves and the whole are reported.
  - E: the style-E samples `corpus/*_E.pdf` (no rules, no fills), one line per sample.
Engines: the project's pipeline (`extractor extract` in full: its tables as the JSON carries them,
camelot hybrid asked on the pages `parsers.tables.rival` picks), the project's engine alone
(`extractor own`: read and tables stages, and how many pages the pipeline would ask camelot on), camelot
lattice, network and hybrid (pdfium backend) and pdfplumber's lines and text strategies, all run
through `parsers.tables.engines`. The other engines run on the pages the scorer looks at (each
truth table's pages and their neighbours); seconds per page are over the pages each engine read,
reading the PDF included (the project's: its read and tables stages).

Scoring is the project scorer's own code, `tools/score.py` of the shared folder, imported as it
is (`score_tables`: row F1 and cell accuracy per truth table, averaged); set figures average over
the set's tables. Then the per-table choice (`parsers.tables.quality.choose_tables`): each table
of the project's engine replaced by another engine's table over the same region when that
scores clearly better on structure, measured against the project's engine alone.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from extractor.parsers.tables.engines import ENGINES

ROOT = Path(__file__).resolve().parents[1]

OURS = "extractor"  # the pipeline: the project's engine, camelot hybrid on the pages the gate picks
OWN = "extractor own"  # the project's engine alone (no second engine)
# the per-table choices measured: (name, rival engines, least structure score of a table filling a gap)
CHOICES = [
    ("choice: replace", ENGINES, None),
    ("choice: + gaps", ENGINES, 0.6),
    ("choice: hybrid + gaps", ("camelot hybrid",), 0.6),
]


def load_scorer(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", shared / "tools" / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no scorer at {shared / 'tools' / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def documents(shared: Path, name: str) -> list[Path]:
    if name == "icdar":
        return sorted((shared / "bench" / "icdar2013").glob("*.pdf"))
    if name == "E":
        return sorted((shared / "corpus").glob("*_E.pdf"))
    raise SystemExit(f"unknown set {name!r}")


def truth_of(pdf: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(pdf.with_name(pdf.stem + ".truth.json").read_text(encoding="utf-8"))
    return data


def scored_pages(truth: dict[str, Any]) -> list[int]:
    """The pages the scorer compares: each truth table's pages and their neighbours."""
    pages = {q + d for t in truth["tables"] for q in t["pages"] for d in (-1, 0, 1)}
    return sorted(p for p in pages if 1 <= p <= truth["pages"])


def run_ours(pdf: Path) -> dict[str, Any]:
    from extractor.pipeline import extract

    doc = extract(pdf)
    seconds = doc.timings.get("read", 0.0) + doc.timings.get("tables", 0.0)
    return {
        "tables": [t.model_dump(mode="json") for t in doc.tables],
        "seconds": seconds,
        "pages": doc.source.pages,
        "extract_seconds": sum(doc.timings.values()),
    }


def run_own(pdf: Path) -> dict[str, Any]:
    from extractor.parsers.pdf import survey_pdf
    from extractor.parsers.reading import read_document
    from extractor.parsers.tables import extract_tables
    from extractor.parsers.tables.rival import rival_pages

    start = time.perf_counter()
    survey = survey_pdf(pdf)
    try:
        pages = read_document(survey).pages
    finally:
        survey.close()
    tables = extract_tables(pages)
    seconds = time.perf_counter() - start
    return {
        "tables": [t.model_dump(mode="json") for t in tables],
        "seconds": seconds,
        "pages": len(pages),
        "rival_pages": len(rival_pages(pages, tables)),  # where the pipeline would ask camelot
    }


def run_other(pdf: Path, engine: str, pages: list[int]) -> dict[str, Any]:
    from extractor.parsers.tables.engines import engine_tables

    start = time.perf_counter()
    tables = engine_tables(pdf, engine, pages)
    return {
        "tables": [t.model_dump(mode="json") for t in tables],
        "seconds": time.perf_counter() - start,
        "pages": len(pages),
    }


def predictions(pdf: Path, engine: str, cache: Path | None) -> dict[str, Any]:
    """One engine's tables on one PDF, from the cache when an earlier run left them there."""
    key = cache / f"{pdf.stem}.{engine.replace(' ', '_')}.json" if cache else None
    if key is not None and key.exists():
        cached: dict[str, Any] = json.loads(key.read_text(encoding="utf-8"))
        return cached
    try:
        if engine == OURS:
            result = run_ours(pdf)
        elif engine == OWN:
            result = run_own(pdf)
        else:
            result = run_other(pdf, engine, scored_pages(truth_of(pdf)))
    except Exception as exc:  # an engine failing on a file is a result too: it found nothing
        result = {"tables": [], "seconds": 0.0, "pages": 0, "error": f"{type(exc).__name__}: {exc}"[:200]}
    if key is not None:
        key.parent.mkdir(parents=True, exist_ok=True)
        key.write_text(json.dumps(result), encoding="utf-8")
    return result


def summary(scores: list[dict[str, Any] | None]) -> dict[str, float]:
    """Row F1 and cell accuracy over all truth tables of several documents' `score_tables`."""
    done = [s for s in scores if s]
    n = sum(s["n"] for s in done)
    return {
        "tables": n,
        "row_f1": sum(s["row_f1"] * s["n"] for s in done) / n if n else 0.0,
        "cell_acc": sum(s["cell_acc"] * s["n"] for s in done) / n if n else 0.0,
    }


def choice(
    ours: list[dict[str, Any]], others: list[dict[str, Any]], fill_gaps: float | None
) -> list[dict[str, Any]]:
    from extractor.parsers.tables.quality import choose_tables
    from extractor.schemas.document import Table

    picked = choose_tables(
        [Table.model_validate(t) for t in ours], [Table.model_validate(t) for t in others], fill_gaps
    )
    return [t.model_dump(mode="json") for t in picked]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared data folder")
    ap.add_argument("--sets", default="icdar,E", help="comma-separated: icdar, E")
    ap.add_argument("--engines", default=None, help="comma-separated subset of the engines")
    ap.add_argument("--cache", type=Path, default=None, help="keep each engine's tables here")
    ap.add_argument("--json", type=Path, default=None, help="write every figure here as JSON")
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    engines = [OURS, OWN, *ENGINES] if args.engines is None else args.engines.split(",")
    scorer = load_scorer(args.shared)
    report: dict[str, Any] = {}
    for set_name in args.sets.split(","):
        pdfs = documents(args.shared, set_name)
        runs = {e: {pdf.name: predictions(pdf, e, args.cache) for pdf in pdfs} for e in engines}
        truths = {pdf.name: truth_of(pdf) for pdf in pdfs}
        if set_name == "icdar":
            parts = {"tuned": pdfs[0::2], "held-out": pdfs[1::2], "whole": pdfs}
        else:
            parts = {pdf.stem: [pdf] for pdf in pdfs}
        scored = {
            e: {
                p.name: scorer.score_tables(truths[p.name], {"tables": runs[e][p.name]["tables"]})
                for p in pdfs
            }
            for e in engines
        }
        if OWN in engines and len(engines) > 1:
            for name, rivals, gaps in CHOICES:
                runs[name] = {}
                for p in pdfs:
                    others = [t for e in engines if e in rivals for t in runs[e][p.name]["tables"]]
                    runs[name][p.name] = {"tables": choice(runs[OWN][p.name]["tables"], others, gaps)}
                scored[name] = {p.name: scorer.score_tables(truths[p.name], runs[name][p.name]) for p in pdfs}
        for engine in scored:
            for part, chosen in parts.items():
                s = summary([scored[engine][p.name] for p in chosen])
                seconds = sum(runs[engine][p.name].get("seconds", 0.0) for p in chosen)
                pages = sum(runs[engine][p.name].get("pages", 0) for p in chosen)
                s["seconds_per_page"] = seconds / pages if pages else 0.0
                s["errors"] = sum(1 for p in chosen if "error" in runs[engine][p.name])
                rival = sum(runs[engine][p.name].get("rival_pages", 0) for p in chosen)
                report.setdefault(set_name, {}).setdefault(engine, {})[part] = s
                print(
                    f"{set_name:5s} {part:34s} {engine:21s} row_f1 {s['row_f1']:.3f}"
                    f" cell_acc {s['cell_acc']:.3f} {s['seconds_per_page']:.3f} s/page"
                    + (f" ({s['errors']} failed)" if s["errors"] else "")
                    + (f" (camelot asked on {rival} of {pages} pages)" if engine == OWN else ""),
                    flush=True,
                )
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
