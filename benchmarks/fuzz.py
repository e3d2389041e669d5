"""Seeded mutation run: damaged and hostile PDFs through `extractor extract`, each run classified.

    python benchmarks/fuzz.py SOURCE.pdf... [--per-kind 3] [--seed 1] [--out DIR] [--json FILE]

Every source PDF gets `--per-kind` mutants of every kind in `MUTATIONS` (same seed, same files):
byte-level damage (`fuzz_bytes.py`) and structural damage written with pypdf (`fuzz_objects.py`).
Each mutant runs as `extractor extract MUTANT --format json` in its own process group, watched for
time (`--limit` seconds) and for the resident memory of the whole group (killed over 2 GB;
`fuzz_watch.py`). The outcome of a run (`fuzz_classify.py`) is one of:

- ok: exit 0;
- refusal: exit 3 with one line naming the file, no traceback;
- traceback: a Python traceback on stderr, or any other exit code;
- over_time: still running at the limit;
- over_memory: the process group over 2 GB resident;
- silent_loss: exit 0 with fewer pages, or under half the text, that pdfium finds, and no warning;
- refused_readable: refused although pdfium reads every page and all the source's text.

pdfium (pypdfium2) is the second reader the runs are checked against (`fuzz_pdfium.py`).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from collections import Counter
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or loaded by path
from fuzz_bytes import (  # noqa: E402
    Mutation,
    damage_stream,
    damage_xref,
    delete_chunk,
    duplicate_chunk,
    flip_bytes,
    garbage_objects,
    junk_after,
    junk_before,
    lying_length,
    truncate,
)
from fuzz_classify import OUTCOMES, Run, classify, json_chars  # noqa: E402
from fuzz_objects import (  # noqa: E402
    compression_bomb,
    deep_array,
    deep_patch,
    embedded_file,
    huge_count,
    javascript_action,
    launch_action,
    page_tree_loop,
    pdf_bytes,
    with_pypdf,
)
from fuzz_pdfium import pdfium_view  # noqa: E402
from fuzz_watch import run_extract  # noqa: E402
from pypdf import PdfReader, PdfWriter  # noqa: E402

MUTATIONS: dict[str, Mutation] = {
    "flip_bytes": flip_bytes,
    "truncate": truncate,
    "delete_chunk": delete_chunk,
    "duplicate_chunk": duplicate_chunk,
    "damage_xref": damage_xref,
    "damage_stream": damage_stream,
    "lying_length": lying_length,
    "garbage_objects": garbage_objects,
    "huge_count": with_pypdf(huge_count),
    "deep_array": deep_patch(with_pypdf(deep_array)),
    "page_tree_loop": with_pypdf(page_tree_loop),
    "compression_bomb": with_pypdf(compression_bomb),
    "javascript_action": with_pypdf(javascript_action),
    "launch_action": with_pypdf(launch_action),
    "embedded_file": with_pypdf(embedded_file),
    "junk_before": junk_before,
    "junk_after": junk_after,
}


def source_bytes(given: str, folder: Path) -> tuple[Path, bytes]:
    path, _, first = given.partition(":") if re.search(r":\d+$", given) else (given, "", "")
    source = Path(path)
    if not first:
        return source, source.read_bytes()
    writer = PdfWriter()
    for page in PdfReader(source).pages[: int(first)]:
        writer.add_page(page)
    cut = folder / f"{source.stem}-first{first}.pdf"
    cut.write_bytes(pdf_bytes(writer))
    return cut, cut.read_bytes()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sources", nargs="+", help="PDF files; PATH:N takes the first N pages (cut with pypdf)")
    ap.add_argument("--per-kind", type=int, default=3, help="mutants of each kind per source")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kinds", help="comma-separated subset of: " + ", ".join(MUTATIONS))
    ap.add_argument("--limit", type=float, default=150.0, help="seconds before a run is over time")
    ap.add_argument("--extract-args", default="", help="extra arguments for extract (e.g. '--timeout 60')")
    ap.add_argument("--out", type=Path, help="keep the mutants in this folder")
    ap.add_argument("--json", type=Path, help="write every run as JSON here")
    args = ap.parse_args(argv)
    kinds = args.kinds.split(",") if args.kinds else list(MUTATIONS)
    folder = args.out or Path(tempfile.mkdtemp(prefix="fuzz-"))
    folder.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "extractor", "extract", "--format", "json", *args.extract_args.split()]
    runs: list[Run] = []
    for s_index, given in enumerate(args.sources):
        source, data = source_bytes(given, folder)
        source_view = pdfium_view(source)
        code, stdout, _, _, _, _ = run_extract([*cmd, str(source)], args.limit)
        share = json_chars(json.loads(stdout)) / max(1, source_view.chars) if code == 0 else 1.0
        print(f"# {source.name}: {source_view.pages} pages, text kept {share:.2f}", file=sys.stderr)
        for kind in kinds:
            for k in range(args.per_kind):
                seed = args.seed * 1_000_003 + s_index * 10_007 + k * 101 + kinds.index(kind)
                rng = random.Random(seed)
                mutant = folder / f"s{s_index}-{kind}-{k}.pdf"
                mutant.write_bytes(MUTATIONS[kind](data, rng))
                run = Run(source.name, kind, seed, str(mutant))
                code, stdout, stderr, run.seconds, peak, over = run_extract([*cmd, str(mutant)], args.limit)
                run.exit_code, run.peak_mb = code, round(peak / 2**20, 1)
                classify(run, code, stdout, stderr, over, mutant, source_view, share)
                runs.append(run)
                print(
                    f"{run.outcome:<16} {kind:<18} {source.name[:40]:<40} {run.seconds:6.1f}s "
                    f"{run.peak_mb:7.0f}MB {run.detail[:90]}",
                    file=sys.stderr,
                )
    report(runs)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in runs], indent=1))
    bad = sum(1 for r in runs if r.outcome not in ("ok", "refusal"))
    return 1 if bad else 0


def report(runs: list[Run]) -> None:
    by_kind: dict[str, Counter[str]] = {}
    for r in runs:
        by_kind.setdefault(r.kind, Counter())[r.outcome] += 1
    print("kind".ljust(18) + "".join(o[:10].rjust(11) for o in OUTCOMES))
    for kind, counts in by_kind.items():
        print(kind.ljust(18) + "".join(str(counts[o]).rjust(11) for o in OUTCOMES))
    total = Counter(r.outcome for r in runs)
    print("all".ljust(18) + "".join(str(total[o]).rjust(11) for o in OUTCOMES))
    print(f"{len(runs)} runs")


if __name__ == "__main__":
    raise SystemExit(main())
