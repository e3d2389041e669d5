"""Compare the page content two versions of the reader give: every word, rect, segment, curve
and image, page by page.

    python benchmarks/compare_reader.py --base REV PDF_OR_DIR... [--show N]

`REV` is a git revision of this repository (e.g. the commit before a reader change); its
`parsers/` is exported to a temp dir and run in a subprocess beside the working tree's. Boxes are
compared to 0.01 pt, sizes to 0.001 pt; each difference is printed with its page so it can be
looked at, and a summary per file says how many pages are identical.
"""

from __future__ import annotations

import argparse
import pickle
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("words", "rects", "segments", "curves", "images", "rect linewidths")

DUMP = r"""
import pickle, sys
sys.path.insert(0, sys.argv[1])
# only the exported tree: an editable install's finder would fill its gaps from the working tree
sys.meta_path = [f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable__")]
try:
    from extractor.parsers.pdf import iter_pages
except ImportError:  # before the packages were installed under one namespace
    from parsers.pdf import iter_pages
out = []
for p in iter_pages(sys.argv[2]):
    out.append({
        "size": (round(p.width, 2), round(p.height, 2), p.rotation),
        "words": [
            (w.text, w.x0, w.top, w.x1, w.bottom, w.fontname, w.size, w.color, w.upright) for w in p.words
        ],
        "rects": [
            (r.x0, r.top, r.x1, r.bottom, r.fill, r.stroke, r.filled, r.stroked) for r in p.rects
        ],
        # apart, so a change of the initial line width (unused by the stages) shows on its own
        "rect linewidths": [getattr(r, "linewidth", 0.0) for r in p.rects],
        "segments": [(s.x0, s.top, s.x1, s.bottom) for s in p.segments],
        "curves": [(c.x0, c.top, c.x1, c.bottom, tuple(c.points), c.fill, c.filled) for c in p.curves],
        "images": list(p.images),
    })
with open(sys.argv[3], "wb") as fh:
    pickle.dump(out, fh)
"""


def _norm(value: Any) -> Any:
    """Floats rounded (boxes to 0.01 pt), colours to 3 places, so arithmetic order does not count."""
    if isinstance(value, float):
        return round(value, 2) + 0.0
    if isinstance(value, tuple | list):
        return tuple(_norm(v) for v in value)
    return value


def dump(root: Path, pdf: Path, out: Path) -> list[dict[str, Any]]:
    subprocess.run([sys.executable, "-c", DUMP, str(root), str(pdf), str(out)], check=True, cwd=root)
    with open(out, "rb") as fh:
        return pickle.load(fh)  # noqa: S301 - written by the line above


def export(rev: str, dest: Path) -> Path:
    """The reader's packages at git revision `rev`, unpacked into `dest`."""
    dest.mkdir()
    archive = subprocess.run(
        ["git", "archive", rev, "parsers", "schemas"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    # the packages import as `extractor.parsers` and `extractor.schemas` (links, as in the repository)
    package = dest / "extractor"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name in ("parsers", "schemas"):
        (package / name).symlink_to(Path("..") / name)
    return dest


def compare_page(a: dict[str, Any], b: dict[str, Any]) -> dict[str, tuple[list[Any], list[Any]]]:
    """Per kind: (only in a, only in b), compared as multisets of normalised records."""
    diffs = {}
    for kind in KINDS:
        ca, cb = Counter(map(_norm, a[kind])), Counter(map(_norm, b[kind]))
        if ca != cb:
            diffs[kind] = (list((ca - cb).elements()), list((cb - ca).elements()))
    order_a = [_norm(w) for w in a["words"]]
    order_b = [_norm(w) for w in b["words"]]
    if "words" not in diffs and order_a != order_b:
        diffs["word order"] = ([], [])
    return diffs


def files(args: list[str]) -> list[Path]:
    out: list[Path] = []
    for arg in args:
        p = Path(arg)
        out.extend(sorted(p.rglob("*.pdf")) if p.is_dir() else [p])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True, help="git revision of the reader to compare against")
    ap.add_argument("--new", help="git revision to compare (default: the working tree)")
    ap.add_argument("--show", type=int, default=6, help="differences printed per file and kind")
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args(argv)
    totals: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="reader-compare-") as tmp:
        base = export(args.base, Path(tmp) / "base")
        head = export(args.new, Path(tmp) / "new") if args.new else ROOT
        for pdf in (p.resolve() for p in files(args.paths)):
            try:
                old = dump(base, pdf, Path(tmp) / "old.pkl")
                new = dump(head, pdf, Path(tmp) / "new.pkl")
            except subprocess.CalledProcessError:
                print(f"{pdf}: a reader failed", flush=True)
                totals["failed files"] += 1
                continue
            same = 0
            shown: Counter[str] = Counter()
            for number, (a, b) in enumerate(zip(old, new, strict=False), start=1):
                diffs = compare_page(a, b)
                if a["size"] != b["size"]:
                    diffs["page size"] = ([a["size"]], [b["size"]])
                same += not diffs
                for kind, (only_a, only_b) in diffs.items():
                    totals[f"{kind}: pages differing"] += 1
                    totals[f"{kind}: only in base"] += len(only_a)
                    totals[f"{kind}: only in new"] += len(only_b)
                    if shown[kind] < args.show:
                        shown[kind] += 1
                        print(f"  {pdf.name} p{number} {kind}: base {only_a[:4]} | new {only_b[:4]}")
            totals["pages"] += len(new)
            totals["identical pages"] += same
            if len(old) != len(new):
                totals["page count differs"] += 1
            print(f"{pdf}: {same}/{len(new)} pages identical", flush=True)
    for key, value in sorted(totals.items()):
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
