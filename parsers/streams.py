"""Compression bombs defused before any reader inflates them.

A Flate stream of a few MB can expand to gigabytes; pdfium inflates it whole (and aborts when
memory runs out), pdfminer does too. Each stream of the file is inflated here once, in bounded
chunks and thrown away, and one that expands past MAX_STREAM_BYTES is replaced, in a copy, by an
empty stream of the same length (so every offset in the file stays true)."""

from __future__ import annotations

import re
import zlib

MAX_STREAM_BYTES = 64 * 1024 * 1024  # far above a real page's content or a council report's images
_CHUNK = 16 * 1024 * 1024
_STREAM = re.compile(rb"stream\r?\n")
_ZLIB_HEADERS = (b"\x78\x01", b"\x78\x5e", b"\x78\x9c", b"\x78\xda")
_EMPTY = zlib.compress(b"")


def expands_past(data: bytes, limit: int) -> bool:
    """Whether zlib data inflates to more than `limit` bytes (damaged data: as far as it goes)."""
    inflater = zlib.decompressobj()
    total = 0
    pending = data
    try:
        while pending and not inflater.eof:
            total += len(inflater.decompress(pending, _CHUNK))
            if total > limit:
                return True
            pending = inflater.unconsumed_tail
    except zlib.error:
        return False
    return False


def defuse(data: bytes) -> tuple[bytes, list[str]]:
    """The file with every bomb emptied, and one note per bomb (the file itself when there is none)."""
    notes: list[str] = []
    out: bytearray | None = None
    for match in _STREAM.finditer(data):
        start = match.end()
        if data[start : start + 2] not in _ZLIB_HEADERS:
            continue
        end = data.find(b"endstream", start)
        end = len(data) if end < 0 else end
        if not expands_past(data[start:end], MAX_STREAM_BYTES):
            continue
        if out is None:
            out = bytearray(data)
        out[start:end] = _EMPTY + b" " * max(0, end - start - len(_EMPTY))
        notes.append(
            f"a compressed stream at byte {start} expands past {MAX_STREAM_BYTES >> 20} MB "
            "(a compression bomb) and is left out"
        )
    return (bytes(out) if out is not None else data), notes
