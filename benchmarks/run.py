"""Speed and memory benchmark: extractor against its baselines on the same pages, in one run.

    python benchmarks/run.py [--quick] [--out docs/benchmarks.md]

Measures, on the sample PDFs and on a ~1,000-page pack built from them in a temp dir:
pypdfium2 raw text (the floor), pdfplumber `extract_words` with the settings the word-builder
follows (the baseline), the reading layer alone (`parsers.pdf.iter_pages`, on playa-pdf), the
pypdfium2 reading-layer prototype (`benchmarks/pdfium_layer.py`), camelot lattice (on a spread
sample of pages: it is slow), `extract()` in full (also on the largest sample alone), and
`extractor ingest` with 1 and 2 workers. Each
measurement runs in its own subprocess so its peak RSS (from wait4) is its own. Then profiles one
`extractor extract` with pyinstrument if it is installed, and writes the results as Markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or loaded by path
from bench_report import Measure, report  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpus" / "samples"
QUICK_SAMPLES = ["qpr_2018-19_q1_A.pdf", "qpr_2018-19_q1_D.pdf"]
PROFILE_SAMPLE = "county_council_pack_2022-12-15_A.pdf"
QUICK_PROFILE_SAMPLE = "qpr_2018-19_q1_A.pdf"
# pdfplumber's extract_words with the rules parsers/words.py follows
PLUMBER_WORDS: dict[str, Any] = {
    "keep_blank_chars": False,
    "use_text_flow": False,
    "extra_attrs": ["fontname", "size", "non_stroking_color", "upright"],
    "x_tolerance": 1.5,
}


# ---------------------------------------------------------------- pack and page sampling


def page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def build_pack(sources: Sequence[Path], pages: int, dest: Path) -> int:
    """Concatenate `sources` (cycling if needed) into `dest` until it has `pages` pages; return the count."""
    from pypdf import PdfReader, PdfWriter

    if not sources or pages < 1:
        raise ValueError("need at least one source PDF and one page")
    writer = PdfWriter()
    total = 0
    while total < pages:
        for src in sources:
            n = min(len(PdfReader(str(src)).pages), pages - total)
            if n <= 0:
                break
            writer.append(str(src), pages=(0, n))
            total += n
    with open(dest, "wb") as fh:
        writer.write(fh)
    return total


def spread(n_pages: int, k: int) -> list[int]:
    """`k` 1-based page numbers spread evenly over `n_pages` (all of them when k >= n_pages)."""
    if k >= n_pages:
        return list(range(1, n_pages + 1))
    if k <= 0:
        return []
    step = n_pages / k
    return sorted({int(i * step) + 1 for i in range(k)})


# ---------------------------------------------------------------- child measurements
# Each returns {"pages": int, "seconds": float, ...}; seconds cover the work only, not imports.


def _timed_pages(files: Sequence[str], fn: Any) -> dict[str, Any]:
    pages = 0
    start, cpu = time.perf_counter(), time.process_time()
    for f in files:
        pages += fn(f)
    return {"pages": pages, "seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu}


def child_pdfium_text(files: Sequence[str], _: argparse.Namespace) -> dict[str, Any]:
    import pypdfium2 as pdfium

    def one(path: str) -> int:
        doc = pdfium.PdfDocument(path)
        try:
            for i in range(len(doc)):
                page = doc[i]
                tp = page.get_textpage()
                tp.get_text_range()
                tp.close()
                page.close()
            return len(doc)
        finally:
            doc.close()

    return _timed_pages(files, one)


def child_plumber_words(files: Sequence[str], args: argparse.Namespace) -> dict[str, Any]:
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    dump: dict[str, list[list[tuple[str, float, float, float, float]]]] = {}

    def one(path: str) -> int:
        with pdfplumber.open(path) as pdf:
            kept = dump.setdefault(path, [])
            for page in pdf.pages:
                words = page.extract_words(**PLUMBER_WORDS)
                if args.dump:
                    kept.append([(w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in words])
                page.close()
            return len(pdf.pages)

    result = _timed_pages(files, one)
    if args.dump:
        Path(args.dump).write_text(json.dumps(dump))
    return result


def child_camelot(files: Sequence[str], args: argparse.Namespace) -> dict[str, Any]:
    import warnings

    import camelot

    warnings.simplefilter("ignore")
    per_file = json.loads(args.pages_json)
    pages = tables = 0
    start, cpu = time.perf_counter(), time.process_time()
    for f in files:
        wanted = per_file.get(f, [])
        if wanted:
            found = camelot.read_pdf(f, pages=",".join(map(str, wanted)), flavor="lattice")
            tables += found.n
            pages += len(wanted)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"pages": pages, "seconds": seconds, "cpu_seconds": cpu, "tables": tables}


def child_extract(files: Sequence[str], _: argparse.Namespace) -> dict[str, Any]:
    from extractor.output import document_json
    from extractor.pipeline import extract

    # the one-off loading (spaCy's sentencizer, the word list, the vocabularies and the expressions
    # compiled from them) is set-up like an import, which the other measurements leave out too:
    # timed on its own, as the ingest fork server does it once before forking
    load_start = time.perf_counter()
    from extractor.ingest.warm import warm

    warm()
    load = time.perf_counter() - load_start
    stages: dict[str, float] = {}
    pages = 0
    start, cpu = time.perf_counter(), time.process_time()
    for f in files:
        doc = extract(f)
        document_json(doc)  # the CLI's output step belongs to "extract in full"
        pages += doc.source.pages
        for name, secs in doc.timings.items():
            stages[name] = stages.get(name, 0.0) + secs
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"pages": pages, "seconds": seconds, "cpu_seconds": cpu, "stages": stages, "load_seconds": load}


def child_reader(files: Sequence[str], _: argparse.Namespace) -> dict[str, Any]:
    """The reading layer alone (`parsers.pdf.iter_pages`: playa-pdf, words, graphics, hidden text)."""
    from parsers.pdf import iter_pages

    def one(path: str) -> int:
        return sum(1 for _ in iter_pages(path))

    return _timed_pages(files, one)


def child_pdfium_layer(files: Sequence[str], args: argparse.Namespace) -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import pdfium_layer

    got: dict[str, list[list[pdfium_layer.WordBox]]] = {}

    def one(path: str) -> int:
        kept = got.setdefault(path, [])
        for words in pdfium_layer.iter_page_words(path):
            kept.append(words)
        return len(kept)

    result = _timed_pages(files, one)
    if args.dump and Path(args.dump).exists():
        ref = json.loads(Path(args.dump).read_text())
        texts = boxes = decodable = compared = 0
        for path, pages in got.items():
            for mine, theirs in zip(pages, ref.get(path, []), strict=False):
                same_text, same_box, same_decodable = pdfium_layer.same_words(
                    mine, [tuple(w) for w in theirs]
                )
                compared += 1
                texts += same_text
                boxes += same_box
                decodable += same_decodable
        result.update(compared=compared, same_texts=texts, same_boxes=boxes, same_decodable=decodable)
    return result


CHILDREN = {
    "pdfium_text": child_pdfium_text,
    "plumber_words": child_plumber_words,
    "camelot": child_camelot,
    "extract": child_extract,
    "reader": child_reader,
    "pdfium_layer": child_pdfium_layer,
}


def run_child(args: argparse.Namespace) -> None:
    result = CHILDREN[args.child](args.files, args)
    Path(args.result).write_text(json.dumps(result))


# ---------------------------------------------------------------- the parent


def spawn(cmd: list[str], timeout: float | None = None) -> tuple[int, float, float, float, str]:
    """Run `cmd`; return (exit code, wall seconds, peak RSS in MiB of it or any of its children,
    CPU seconds of it and its children, stderr tail)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT, env=env)
        deadline = None if timeout is None else start + timeout
        while True:
            # wait4 gives this child's own rusage (max RSS over it and its reaped descendants)
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if deadline is not None and time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read().decode("utf-8", "replace")[-600:]
    return proc.returncode, wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, tail


def measure(kind: str, label: str, files: Sequence[Path], work: Path, **opts: str) -> Measure:
    result = work / f"{kind}-{label}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--result", str(result)]
    for key, value in opts.items():
        cmd += [f"--{key.replace('_', '-')}", value]
    cmd += [str(f) for f in files]
    print(f"  {kind} on {label} ...", file=sys.stderr, flush=True)
    code, wall, rss, _, tail = spawn(cmd)
    m = Measure(kind, label, peak_rss_mb=rss)
    if code != 0 or not result.exists():
        m.error = f"exit {code}: {tail.strip().splitlines()[-1] if tail.strip() else ''}"
        print(f"    failed: {m.error}", file=sys.stderr)
        return m
    data = json.loads(result.read_text())
    m.pages, m.seconds = int(data.pop("pages")), float(data.pop("seconds"))
    m.extra = data
    print(
        f"    {m.pages} pages in {m.seconds:.1f} s, {m.pages_per_s:.1f} pages/s, {rss:.0f} MiB",
        file=sys.stderr,
    )
    return m


def measure_ingest(
    files: Sequence[Path], pages: int, workers: int, work: Path, scheduler: str | None = None
) -> Measure:
    """`extractor ingest` of `files` into a new store: with the process pool, or on a Dask cluster
    (`scheduler` "local": a LocalCluster of `workers` worker processes, started by the command)."""
    name = f"ingest --workers {workers}" + (f" --scheduler {scheduler}" if scheduler else "")
    db = work / f"ingest-{workers}-{scheduler or 'pool'}.duckdb"
    cmd = [sys.executable, "-m", "extractor", "ingest", *map(str, files), "--db", str(db)]
    cmd += ["--workers", str(workers)] + (["--scheduler", scheduler] if scheduler else [])
    print(f"  {name} ...", file=sys.stderr, flush=True)
    code, wall, rss, cpu, tail = spawn(cmd)
    # wall time here includes interpreter start-up and imports (and, on a cluster, starting it):
    # that is what a user waits for
    extra = {"documents": len(files), "cpu_seconds": cpu}
    m = Measure(name, "samples", pages, wall, rss, extra)
    if code != 0:
        m.error = f"exit {code}: {tail.strip()[-200:]}"
    print(f"    {wall:.1f} s, {rss:.0f} MiB {m.error}", file=sys.stderr)
    return m


def profile(sample: Path, work: Path) -> str:
    """pyinstrument's call tree of one `extractor extract`, or why there is none."""
    out = work / "profile.txt"
    cmd = [sys.executable, "-m", "pyinstrument", "-r", "text", "--show", "*/extractor/*", "-o", str(out)]
    cmd += ["-m", "extractor", "extract", str(sample), "-o", str(work / "profile-out.json")]
    print(f"  pyinstrument on {sample.name} ...", file=sys.stderr, flush=True)
    code, _, _, _, tail = spawn(cmd)
    if code != 0 or not out.exists():
        return f"(no profile: pyinstrument exit {code}; `pip install pyinstrument` to get one) {tail[-200:]}"
    return out.read_text()


# ---------------------------------------------------------------- report


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="two small samples, a 120-page pack: a smoke run")
    p.add_argument("--out", type=Path, help="write the Markdown report here (default: print it)")
    p.add_argument("--pack-pages", type=int, help="pages in the concatenated pack [1000; quick: 120]")
    p.add_argument("--camelot-pages", type=int, help="pages camelot lattice runs on [90; quick: 6]")
    p.add_argument("--note", default="", help="a line printed at the top of the report (e.g. load)")
    p.add_argument("--no-ingest", action="store_true", help="skip the ingest measurements")
    p.add_argument("--no-profile", action="store_true", help="skip the pyinstrument profile")
    p.add_argument("--results-json", help="also write the raw measurements here")
    p.add_argument("--samples", nargs="+", metavar="NAME", help="sample file names to use [all]")
    p.add_argument(
        "--skip", default="", help="comma-separated measurements to leave out, e.g. plumber_words/pack"
    )
    # internal: one measurement in this (child) process
    p.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    p.add_argument("--result", help=argparse.SUPPRESS)
    p.add_argument("--dump", help=argparse.SUPPRESS)
    p.add_argument("--pages-json", default="{}", help=argparse.SUPPRESS)
    p.add_argument("files", nargs="*", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.pack_pages is None:
        args.pack_pages = 120 if args.quick else 1000
    if args.camelot_pages is None:
        args.camelot_pages = 6 if args.quick else 90
    return args


def sample_files(quick: bool, names: Sequence[str] | None = None) -> list[Path]:
    if names:
        return [SAMPLES / name for name in names]
    if quick:
        return [SAMPLES / name for name in QUICK_SAMPLES]
    return sorted(SAMPLES.glob("*.pdf"))


def camelot_pages(files: Sequence[Path], total: int) -> dict[str, list[int]]:
    """Spread `total` camelot pages over the files in proportion to their length."""
    counts = {str(f): page_count(f) for f in files}
    all_pages = sum(counts.values()) or 1
    return {f: spread(n, max(1, round(total * n / all_pages))) for f, n in counts.items()}


def plan(
    files: list[Path], pack: Path, work: Path, args: argparse.Namespace
) -> Iterator[tuple[str, Measure]]:
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    words = str(work / "plumber-words.json")
    camelot_json = json.dumps(camelot_pages(files, args.camelot_pages))
    largest = [max(files, key=page_count)]
    steps: list[tuple[str, list[Path], dict[str, str]]] = [
        ("pdfium_text/samples", files, {}),
        ("plumber_words/samples", files, {"dump": words}),
        ("reader/samples", files, {}),
        ("pdfium_layer/samples", files, {"dump": words}),
        ("camelot/samples", files, {"pages_json": camelot_json}),
        ("extract/samples", files, {}),
        ("plumber_words/largest", largest, {}),
        ("extract/largest", largest, {}),
        ("pdfium_text/pack", [pack], {}),
        ("plumber_words/pack", [pack], {}),
        ("extract/pack", [pack], {}),
    ]
    for key, inputs, opts in steps:
        if key not in skip:
            kind, label = key.split("/")
            yield key, measure(kind, label, inputs, work, **opts)
    pages = sum(page_count(f) for f in files)
    for workers in (1, 2):
        if not args.no_ingest and f"ingest/{workers}" not in skip:
            yield f"ingest/{workers}", measure_ingest(files, pages, workers, work)
    if not args.no_ingest and "ingest/local2" not in skip:
        yield "ingest/local2", measure_ingest(files, pages, 2, work, scheduler="local")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        run_child(args)
        return 0
    files = sample_files(args.quick, args.samples)
    with tempfile.TemporaryDirectory(prefix="extractor-bench-") as tmp:
        work = Path(tmp)
        pack = work / "pack.pdf"
        pack_pages = build_pack(sorted(SAMPLES.glob("*.pdf")), args.pack_pages, pack)
        print(f"built a {pack_pages}-page pack in {work}", file=sys.stderr)
        results = dict(plan(files, pack, work, args))
        sample = SAMPLES / (QUICK_PROFILE_SAMPLE if args.quick else PROFILE_SAMPLE)
        prof = "(not profiled in this run)" if args.no_profile else profile(sample, work)
        if args.results_json:
            Path(args.results_json).write_text(json.dumps({k: vars(v) for k, v in results.items()}, indent=1))
        text = report(results, args, prof, pack_pages)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
