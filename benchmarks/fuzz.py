"""Seeded mutation run: damaged and hostile PDFs through `extractor extract`, each run classified.

    python benchmarks/fuzz.py SOURCE.pdf... [--per-kind 3] [--seed 1] [--out DIR] [--json FILE]

Every source PDF gets `--per-kind` mutants of every kind in `MUTATIONS` (same seed, same files).
Each mutant runs as `extractor extract MUTANT --format json` in its own process group, watched for
time (`--limit` seconds) and for the resident memory of the whole group (killed over 2 GB). The
outcome of a run is one of:

- ok: exit 0;
- refusal: exit 3 with one line naming the file, no traceback;
- traceback: a Python traceback on stderr, or any other exit code;
- over_time: still running at the limit;
- over_memory: the process group over 2 GB resident;
- silent_loss: exit 0 with fewer pages, or under half the text, that pdfium finds, and no warning;
- refused_readable: refused although pdfium reads every page and all the source's text.

pdfium (pypdfium2) is the second reader the runs are checked against.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

MEMORY_LIMIT = 2 * 1024**3
OUTCOMES = ("ok", "refusal", "traceback", "over_time", "over_memory", "silent_loss", "refused_readable")
Mutation = Callable[[bytes, random.Random], bytes]


# -- byte-level damage --------------------------------------------------------------------------
def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 64)):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: int(len(data) * rng.uniform(0.05, 0.995))]


def _chunk(data: bytes, rng: random.Random) -> tuple[int, int]:
    size = max(1, int(len(data) * rng.uniform(0.001, 0.05)))
    start = rng.randrange(0, max(1, len(data) - size))
    return start, start + size


def delete_chunk(data: bytes, rng: random.Random) -> bytes:
    a, b = _chunk(data, rng)
    return data[:a] + data[b:]


def duplicate_chunk(data: bytes, rng: random.Random) -> bytes:
    a, b = _chunk(data, rng)
    at = rng.randrange(len(data))
    return data[:at] + data[a:b] + data[at:]


def damage_xref(data: bytes, rng: random.Random) -> bytes:
    """Garble the cross-reference data: a classic table's entries, an xref stream, or startxref."""
    out = bytearray(data)
    choice = rng.randrange(3)
    table = data.rfind(b"\nxref")
    xstream = [m.start() for m in re.finditer(rb"/Type\s*/XRef", data)]
    if choice == 0 and table >= 0:
        end = data.find(b"trailer", table)
        end = end if end > 0 else min(len(data), table + 2000)
        for _ in range(rng.randint(1, 20)):
            i = rng.randrange(table + 5, max(table + 6, end))
            out[i] = rng.choice(b"0123456789 fnx\n")
    elif choice == 1 and xstream:
        at = data.find(b"stream", rng.choice(xstream))
        for _ in range(rng.randint(1, 20)):
            i = min(len(out) - 1, at + 8 + rng.randrange(200))
            out[i] = rng.randrange(256)
    else:
        m = list(re.finditer(rb"startxref\s+(\d+)", data))
        if m:
            last = m[-1]
            value = str(rng.choice([0, 1, int(last.group(1)) + rng.randint(-500, 500), 10**9])).encode()
            return data[: last.start(1)] + value + data[last.end(1) :]
    return bytes(out)


def _streams(data: bytes) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", m.end())
        if end > m.end() + 8:
            spans.append((m.end(), end))
    return spans


def damage_stream(data: bytes, rng: random.Random) -> bytes:
    spans = _streams(data)
    if not spans:
        return flip_bytes(data, rng)
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        a, b = rng.choice(spans)
        for _ in range(rng.randint(1, 30)):
            out[rng.randrange(a, b)] = rng.randrange(256)
    return bytes(out)


def lying_length(data: bytes, rng: random.Random) -> bytes:
    found = list(re.finditer(rb"/Length\s+(\d+)(?!\s+\d+\s+R)", data))
    if not found:
        return damage_stream(data, rng)
    picks = rng.sample(found, min(len(found), rng.randint(1, 5)))
    out = data
    for m in sorted(picks, key=lambda m: -m.start()):
        true = int(m.group(1))
        lie = rng.choice([0, 1, true // 2, true + rng.randint(1, 5000), 10**12])
        out = out[: m.start(1)] + str(lie).encode() + out[m.end(1) :]
    return out


def garbage_objects(data: bytes, rng: random.Random) -> bytes:
    out = data
    for _ in range(rng.randint(1, 6)):
        at = [m.start() for m in re.finditer(rb"\d+ 0 obj", out)]
        where = rng.choice(at) if at else rng.randrange(len(out))
        junk = bytes(rng.randrange(256) for _ in range(rng.randint(10, 3000)))
        obj = b"%d 0 obj\n<< /Type /Page /Kids [" % rng.randint(1, 99999) + junk + b"\nendobj\n"
        out = out[:where] + obj + out[where:]
    return out


def junk_before(data: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(3)
    if kind == 0:
        junk = b"<!DOCTYPE html><html><body>" + b"x" * rng.randint(10, 900) + b"\n"
    elif kind == 1:
        junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 900)))
    else:  # beyond the first KiB, where a reader that only looks there gives up
        junk = bytes(rng.randrange(32, 127) for _ in range(rng.randint(1100, 20000)))
    return junk.replace(b"%PDF", b"%PDX") + data


def junk_after(data: bytes, rng: random.Random) -> bytes:
    size = rng.choice([rng.randint(1, 1000), rng.randint(2049, 9000), rng.randint(20000, 200000)])
    return data + bytes(rng.randrange(256) for _ in range(size)).replace(b"%%EOF", b"%%EOX")


# -- structural damage, written with pypdf -------------------------------------------------------
def _writer(data: bytes) -> PdfWriter:
    return PdfWriter(clone_from=PdfReader(BytesIO(data)))


def _bytes(writer: PdfWriter) -> bytes:
    buf = BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _add_content(writer: PdfWriter, page_index: int, stream: StreamObject) -> None:
    page = writer.pages[page_index]
    ref = writer._add_object(stream)
    contents = page.get("/Contents")
    if contents is None:
        page[NameObject("/Contents")] = ref
        return
    items = list(contents) if isinstance(contents.get_object(), ArrayObject) else [contents]
    items.insert(0, ref)  # first, so the damage is read before the page's own text
    page[NameObject("/Contents")] = ArrayObject(items)


def _with_pypdf(change: Callable[[PdfWriter, random.Random], None]) -> Mutation:
    def mutate(data: bytes, rng: random.Random) -> bytes:
        try:
            writer = _writer(data)
        except Exception:  # a source pypdf cannot rewrite still yields a (byte-level) mutant
            return flip_bytes(data, rng)
        change(writer, rng)
        return _bytes(writer)

    mutate.__name__ = change.__name__
    mutate.__doc__ = change.__doc__
    return mutate


def huge_count(writer: PdfWriter, rng: random.Random) -> None:
    pages = writer._root_object["/Pages"].get_object()
    pages[NameObject("/Count")] = NumberObject(rng.choice([2**31 - 1, 10**9, -1, 10**6]))


def page_tree_loop(writer: PdfWriter, rng: random.Random) -> None:
    root_ref = writer._root_object.raw_get("/Pages")
    pages = root_ref.get_object()
    kids = pages["/Kids"]
    if rng.random() < 0.5:
        kids.insert(rng.randrange(len(kids) + 1), root_ref)  # the tree contains itself
    else:  # a page node whose only kid is its parent
        node = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Pages"),
                NameObject("/Kids"): ArrayObject([root_ref]),
                NameObject("/Count"): NumberObject(1),
                NameObject("/Parent"): root_ref,
            }
        )
        kids.append(writer._add_object(node))
    pages[NameObject("/Count")] = NumberObject(int(pages["/Count"]) + 1)


DEPTH = 100_000
NESTED = b"[" * DEPTH + b"1" + b"]" * DEPTH
_PLACEHOLDER = "D" * (len(NESTED) - 2)  # written as (DDD...), as long as NESTED: offsets stay true


def deep_array(writer: PdfWriter, rng: random.Random) -> None:
    nested = NESTED
    page_index = rng.randrange(len(writer.pages))
    if rng.random() < 0.5:  # as an operand in the page's content
        stream = DecodedStreamObject()
        stream.set_data(nested + b" TJ\n")
        _add_content(writer, page_index, stream)
    else:  # in the page's dictionary: a placeholder of the same length, swapped in after writing
        writer.pages[page_index][NameObject("/Deep")] = TextStringObject(_PLACEHOLDER)


def compression_bomb(writer: PdfWriter, rng: random.Random) -> None:
    """A Flate content stream that expands to gigabytes (of blanks, digits or no-op operators)."""
    unit = rng.choice([b" ", b"0", b"q Q "]) * (1 << 20)
    gigabytes = rng.choice([1, 2, 4])
    packer = zlib.compressobj(9)
    packed = b"".join(packer.compress(unit) for _ in range(gigabytes * 1024)) + packer.flush()
    stream = StreamObject()
    stream._data = packed
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    _add_content(writer, rng.randrange(len(writer.pages)), stream)


def javascript_action(writer: PdfWriter, rng: random.Random) -> None:
    script = "app.alert('hello'); this.submitForm('http://example.invalid/');"
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(script)}
    )
    ref = writer._add_object(action)
    writer._root_object[NameObject("/OpenAction")] = ref
    page = writer.pages[rng.randrange(len(writer.pages))]
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): ref})  # on opening the page too


def launch_action(writer: PdfWriter, rng: random.Random) -> None:
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("cmd.exe"),
            NameObject("/Win"): DictionaryObject({NameObject("/F"): TextStringObject("cmd.exe")}),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)


def embedded_file(writer: PdfWriter, rng: random.Random) -> None:
    writer.add_attachment("payload.exe", bytes(rng.randrange(256) for _ in range(rng.randint(100, 50000))))


def _deep_patch(mutate: Mutation) -> Mutation:
    """deep_array's object form: splice the nesting in after pypdf has written the file
    (pypdf would recurse writing it)."""

    def run(data: bytes, rng: random.Random) -> bytes:
        return mutate(data, rng).replace(b"(" + _PLACEHOLDER.encode() + b")", NESTED)

    run.__name__ = mutate.__name__
    return run


MUTATIONS: dict[str, Mutation] = {
    "flip_bytes": flip_bytes,
    "truncate": truncate,
    "delete_chunk": delete_chunk,
    "duplicate_chunk": duplicate_chunk,
    "damage_xref": damage_xref,
    "damage_stream": damage_stream,
    "lying_length": lying_length,
    "garbage_objects": garbage_objects,
    "huge_count": _with_pypdf(huge_count),
    "deep_array": _deep_patch(_with_pypdf(deep_array)),
    "page_tree_loop": _with_pypdf(page_tree_loop),
    "compression_bomb": _with_pypdf(compression_bomb),
    "javascript_action": _with_pypdf(javascript_action),
    "launch_action": _with_pypdf(launch_action),
    "embedded_file": _with_pypdf(embedded_file),
    "junk_before": junk_before,
    "junk_after": junk_after,
}


# -- the second reader --------------------------------------------------------------------------
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


# -- one run ------------------------------------------------------------------------------------
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


def _json_chars(doc: dict) -> int:
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
        lost = pages < view.pages or _json_chars(doc) < 0.5 * expected
        run.detail = f"{pages} pages ({len(read_pages)} with prose), {len(warnings)} warning(s)"
        run.outcome = "silent_loss" if lost and not warnings else "ok"
    if over == "left_processes":
        run.detail += "; processes left behind"


def source_bytes(given: str, folder: Path) -> tuple[Path, bytes]:
    path, _, first = given.partition(":") if re.search(r":\d+$", given) else (given, "", "")
    source = Path(path)
    if not first:
        return source, source.read_bytes()
    writer = PdfWriter()
    for page in PdfReader(source).pages[: int(first)]:
        writer.add_page(page)
    cut = folder / f"{source.stem}-first{first}.pdf"
    cut.write_bytes(_bytes(writer))
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
        share = _json_chars(json.loads(stdout)) / max(1, source_view.chars) if code == 0 else 1.0
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
