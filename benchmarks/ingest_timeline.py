"""Where the wall time of one `extractor ingest` goes: a timeline of the batch.

    python benchmarks/ingest_timeline.py [PATH ...] [--workers 2] [--json out.json]

Runs the ingest of PATH (default: the samples) into a new store, in this process as the CLI
does, and prints each step of the parent (find, hash, count, each document's write, the pack
links) and each document's run in its worker slot: start and end in seconds from the batch's
start, wall and CPU seconds; then each slot's idle gaps (before its first document, between
documents, after its last) and the parent's CPU seconds. On a shared machine the wall figures
move with the load; the CPU seconds and the gaps' causes much less.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


SAMPLES = ROOT / "corpus" / "samples"


def main() -> None:
    # imported here, not at the top: each worker runs this script's top as its main module (as
    # multiprocessing does for a script), and the batch module would bring DuckDB into every one,
    # which `python -m extractor ingest` does not
    from extractor.ingest.batch import ingest
    from extractor.ingest.progress import Progress
    from extractor.ingest.timeline import Timeline

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[SAMPLES])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write the spans here too")
    args = parser.parse_args()
    timeline = Timeline()
    cpu = time.process_time()
    with tempfile.TemporaryDirectory() as tmp:
        summary = ingest(
            args.paths,
            Path(tmp) / "store.duckdb",
            workers=args.workers,
            progress=Progress(enabled=False),
            timeline=timeline,
        )
    cpu = time.process_time() - cpu
    print(timeline.text())
    print(summary.line())
    print(f"this process: {cpu:.2f} s CPU (after its imports)")
    if args.json:
        spans = [asdict(s) for s in timeline.spans]
        args.json.write_text(json.dumps({"end": timeline.end, "spans": spans, "parent_cpu": cpu}, indent=1))


if __name__ == "__main__":
    main()
