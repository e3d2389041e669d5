"""Page counts of a batch's PDFs (for the progress's total and the order documents run in), in a
small process of its own: a hostile file must not crash the batch, and the count must not wait
for the fork server's imports (this process imports pypdfium2 alone, and runs while the fork
server warms up). pdfium reads the page tree, not the pages: milliseconds a file.

    python -m extractor.ingest.pagecount MEMORY_MB < paths.json > counts.json
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys

# the count of every document of a batch, in one process
COUNT_TIMEOUT_S = 600.0
COUNT_MEMORY_MB = 2048


def count_pages(paths: list[str]) -> list[int | None]:
    """Each file's page count from pdfium; None where it cannot tell."""
    import pypdfium2 as pdfium

    counts: list[int | None] = []
    for path in paths:
        try:
            doc = pdfium.PdfDocument(path)
        except (pdfium.PdfiumError, OSError):
            counts.append(None)
            continue
        try:
            counts.append(len(doc))
        finally:
            doc.close()
    return counts


def page_counts(
    paths: list[str], timeout: float = COUNT_TIMEOUT_S, memory_mb: int = COUNT_MEMORY_MB
) -> list[int | None]:
    """Pages of each file, counted in a limited process (all None if it fails or overruns)."""
    if not paths:
        return []
    unknown: list[int | None] = [None] * len(paths)
    try:
        run = subprocess.run(
            [sys.executable, "-m", __name__, str(memory_mb)],
            input=json.dumps(paths),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        counts = json.loads(run.stdout) if run.returncode == 0 else unknown
    except (subprocess.SubprocessError, OSError, ValueError):
        return unknown
    ok = isinstance(counts, list) and len(counts) == len(paths)
    return [c if isinstance(c, int) else None for c in counts] if ok else unknown


def main() -> None:
    from extractor.ingest.pool import die_with_parent

    die_with_parent()
    limit = int(sys.argv[1]) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    print(json.dumps(count_pages(json.load(sys.stdin))))


if __name__ == "__main__":
    main()
