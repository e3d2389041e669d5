"""Compare the two readers of a page's content streams on every page of some PDFs: playa's own
interpretation (`pdfobjects.read_objects`) and the fast interpreter (`content.read_page_objects`),
which must give exactly the same objects or say the page is `Unsupported` (left to playa).

    python benchmarks/compare_engines.py PDF_OR_DIR... [--show N]

Directories are searched recursively for PDFs. Each engine reads its own open copy of the
document, as the pipeline would. Objects are compared exactly: same types, floats bit for bit
(-0.0 is not 0.0), same order. Per file: pages equal, pages unsupported (with the reasons),
pages DIFFERENT with the first differing item, and each engine's CPU seconds. A page the fast
engine leaves to playa is read again by the fallback on the same document, which must then
match too.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from extractor.parsers import content, pdfobjects
from extractor.parsers.pdfobjects import PageObjects


def same(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (1 is not 1.0, True is not 1, -0.0 is not 0.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b and math.copysign(1.0, a) == math.copysign(1.0, b) or (math.isnan(a) and math.isnan(b))
    if isinstance(a, tuple | list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, pdfobjects.PathPiece):
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in fields(a))
    return bool(a == b)


def first_difference(expected: PageObjects, actual: PageObjects) -> str | None:
    """The first item where two readings of a page differ, described; None if they are the same."""
    for name in ("width", "height", "rotation"):
        if not same(getattr(expected, name), getattr(actual, name)):
            return f"{name}: playa {getattr(expected, name)!r}, fast {getattr(actual, name)!r}"
    for name in ("glyphs", "paths", "images", "fills"):
        old, new = getattr(expected, name), getattr(actual, name)
        for index, (a, b) in enumerate(zip(old, new, strict=False)):
            if not same(a, b):
                return f"{name}[{index}]: playa {a!r}, fast {b!r}"
        if len(old) != len(new):
            extra = old[len(new)] if len(old) > len(new) else new[len(old)]
            return f"{name}: playa {len(old)}, fast {len(new)} (first unmatched {extra!r})"
    return None


@dataclass
class FileReport:
    path: Path
    pages: int = 0
    equal: int = 0
    unsupported: Counter[str] = field(default_factory=Counter)
    different: list[tuple[int, str]] = field(default_factory=list)  # (1-based page, first difference)
    playa_seconds: float = 0.0
    fast_seconds: float = 0.0
    error: str | None = None  # the file could not be opened or paged


def _read(reader: Any, page: Any) -> tuple[PageObjects | None, BaseException | None, float]:
    start = time.process_time()
    try:
        result = reader(page)
    except Exception as exc:  # noqa: BLE001 - what each engine raises is compared
        return None, exc, time.process_time() - start
    return result, None, time.process_time() - start


def compare_file(path: Path) -> FileReport:
    report = FileReport(path)
    try:
        playa_doc = pdfobjects.open_document(str(path))
        fast_doc = pdfobjects.open_document(str(path))
        playa_pages, fast_pages = list(playa_doc.pages), list(fast_doc.pages)
    except Exception as exc:  # noqa: BLE001 - a damaged file is reported, not compared
        report.error = f"{type(exc).__name__}: {exc}"
        return report
    for number, (playa_page, fast_page) in enumerate(zip(playa_pages, fast_pages, strict=True), start=1):
        report.pages += 1
        expected, playa_error, seconds = _read(pdfobjects.read_objects, playa_page)
        report.playa_seconds += seconds
        actual, fast_error, seconds = _read(content.read_page_objects, fast_page)
        report.fast_seconds += seconds
        if isinstance(fast_error, content.Unsupported):
            report.unsupported[str(fast_error)] += 1
            # the fallback: playa on the page the fast engine began, as content.read_objects does
            actual, fast_error, seconds = _read(pdfobjects.read_objects, fast_page)
            report.fast_seconds += seconds
            prefix = "fallback: "
        else:
            prefix = ""
        if playa_error is not None or fast_error is not None:
            if type(playa_error) is not type(fast_error):
                report.different.append(
                    (number, f"{prefix}playa raised {playa_error!r}, fast raised {fast_error!r}")
                )
            else:
                report.equal += not prefix
            continue
        assert expected is not None and actual is not None
        difference = first_difference(expected, actual)
        if difference is None:
            report.equal += not prefix
        else:
            report.different.append((number, prefix + difference))
    return report


def pdf_files(targets: list[str]) -> list[Path]:
    files: list[Path] = []
    for target in map(Path, targets):
        if target.is_dir():
            files.extend(sorted(p for p in target.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file()))
        else:
            files.append(target)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("targets", nargs="+", help="PDF files or directories (searched recursively)")
    parser.add_argument("--show", type=int, default=3, help="differing pages shown per file")
    args = parser.parse_args(argv)
    totals = Counter[str]()
    reasons = Counter[str]()
    for path in pdf_files(args.targets):
        report = compare_file(path)
        if report.error is not None:
            print(f"{path}: not compared ({report.error})")
            totals["files not compared"] += 1
            continue
        unsupported = sum(report.unsupported.values())
        print(
            f"{path}: {report.pages} pages, {report.equal} equal, {unsupported} unsupported, "
            f"{len(report.different)} DIFFERENT; CPU s playa {report.playa_seconds:.2f}, "
            f"fast {report.fast_seconds:.2f}"
        )
        for reason, count in report.unsupported.most_common():
            print(f"    unsupported x{count}: {reason}")
        for number, difference in report.different[: args.show]:
            print(f"    DIFFERENT page {number}: {difference}")
        totals.update(
            pages=report.pages, equal=report.equal, unsupported=unsupported, different=len(report.different)
        )
        totals["playa ms"] += round(report.playa_seconds * 1000)
        totals["fast ms"] += round(report.fast_seconds * 1000)
        reasons.update(report.unsupported)
    print(
        f"total: {totals['pages']} pages, {totals['equal']} equal, {totals['unsupported']} unsupported, "
        f"{totals['different']} DIFFERENT, {totals['files not compared']} files not compared; "
        f"CPU s playa {totals['playa ms'] / 1000:.2f}, "
        f"fast {totals['fast ms'] / 1000:.2f} (fallbacks included)"
    )
    for reason, count in reasons.most_common():
        print(f"    unsupported x{count}: {reason}")
    return 1 if totals["different"] else 0


if __name__ == "__main__":
    sys.exit(main())
