"""The cost of writing documents to the store: one held connection vs open, commit, close per document.

    python benchmarks/store_writes.py [--copies 200] [--samples 'qpr_*.pdf'] [--json out.json]

The samples are extracted once; their rows are then written again and again under new keys
(as distinct documents), into a fresh store per mode. What is measured is the writer alone:
the ceiling on documents per second that a single DuckDB writer puts on any ingest, however
many workers extract. Reopening per document is what lets readers in between commits.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import statistics
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.corpus.records import DocumentRows  # noqa: E402
from extractor.corpus.store import Store  # noqa: E402
from extractor.ingest.batch import sha256_file  # noqa: E402
from extractor.ingest.job import Job, extract_job  # noqa: E402

SAMPLES = ROOT / "corpus" / "samples"


def extracted(pattern: str) -> list[DocumentRows]:
    out = []
    for pdf in sorted(SAMPLES.glob(pattern)):
        result = extract_job(Job(str(pdf), sha256_file(pdf)))
        if result.rows is not None:
            out.append(result.rows)
    return out


def renamed(rows: DocumentRows, n: int) -> DocumentRows:
    """The same rows as a distinct document (another key)."""
    sha = hashlib.sha256(f"{rows.sha256}-{n}".encode()).hexdigest()
    tables = {t: [{**r, "sha256": sha} if "sha256" in r else r for r in rs] for t, rs in rows.tables.items()}
    return dataclasses.replace(rows, sha256=sha, path=f"{rows.path}#{n}", tables=tables)


def measure(docs: list[DocumentRows], copies: int, reopen: bool) -> list[float]:
    """Seconds per document written: the store held throughout (`with store:`), or opened per commit."""
    seconds: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store.duckdb", read_only=False)
        with nullcontext() if reopen else store:
            for n in range(copies):
                doc = renamed(docs[n % len(docs)], n)
                start = time.perf_counter()
                store.write_document(doc)
                seconds.append(time.perf_counter() - start)
    return seconds


def summary(seconds: list[float]) -> dict[str, float]:
    tenth = max(len(seconds) // 10, 1)
    return {
        "median_ms": round(statistics.median(seconds) * 1000, 2),
        "first_tenth_ms": round(statistics.median(seconds[:tenth]) * 1000, 2),
        "last_tenth_ms": round(statistics.median(seconds[-tenth:]) * 1000, 2),
        "documents_per_s": round(len(seconds) / sum(seconds), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=200)
    parser.add_argument("--samples", default="*.pdf", help="which samples (a glob) [default: all]")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    docs = extracted(args.samples)
    rows = statistics.mean(sum(len(r) for r in d.tables.values()) for d in docs)
    result = {
        "documents": len(docs),
        "rows_per_document": round(rows),
        "copies": args.copies,
        "held": summary(measure(docs, args.copies, reopen=False)),
        "reopened": summary(measure(docs, args.copies, reopen=True)),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
