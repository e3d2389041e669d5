"""Byte-level damage for the fuzz run (`fuzz.py`): each mutation takes a PDF's bytes and a seeded
random source and returns damaged bytes (flipped bits, cuts, garbled cross-references, lying
lengths, junk before or after)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

Mutation = Callable[[bytes, random.Random], bytes]


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
