"""File names as text that can be stored and shown: any name the file system allows (bytes that
are not UTF-8, newlines, control characters) becomes one printable line, and the same name always
becomes the same line. And which paths are special files (FIFOs, sockets, devices) that must not
be opened, told from the file system alone: no PDF library is needed for it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable_path(path: str | Path) -> str:
    """The path with undecodable bytes as \\xNN and control characters escaped."""
    raw = os.fsencode(path)
    text = raw.decode("utf-8", "backslashreplace")
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch in "\n\r\t":
            out.append(_ESCAPES[ch])
        elif not ch.isprintable():
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def special_file(path: Path) -> str | None:
    """'a FIFO', 'a socket', 'a device' or None for a regular file (or one that cannot be stat'ed)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return None
