"""Finding a stored document's PDF on disk, for the page crops: at the paths it was ingested
from (as given, or beside the store), else under `--pdf-root` by its path or file name, a file
found by name only when its bytes are the document's (its SHA-256)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

from extractor.corpus.store import Store


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class SourceFinder:
    def __init__(self, store: Store, pdf_root: Path | None = None) -> None:
        self.store = store
        self.root = pdf_root
        self._by_name: dict[str, list[Path]] | None = None

    def _names(self) -> dict[str, list[Path]]:
        if self._by_name is None:  # walk the root once, on the first document not found otherwise
            self._by_name = defaultdict(list)
            if self.root is not None:
                for p in sorted(self.root.rglob("*")):
                    if p.suffix.lower() == ".pdf" and p.is_file():
                        self._by_name[p.name.lower()].append(p)
        return self._by_name

    def find(self, sha256: str, path: str) -> Path | None:
        paths = [path] + [
            r["path"] for r in self.store.query("SELECT path FROM sources WHERE sha256 = ?", [sha256])
        ]
        places = [self.store.path.parent]
        if self.root is not None:
            places.insert(0, self.root)
        for p in dict.fromkeys(paths):
            for candidate in (Path(p), *(place / p for place in places)):
                if candidate.is_file():
                    return candidate
        if self.root is None:
            return None
        for p in dict.fromkeys(paths):
            for candidate in self._names().get(Path(p).name.lower(), []):
                if _sha256(candidate) == sha256:
                    return candidate
        return None
