"""Hand-built PDFs for what reportlab cannot make: Type3 and CID (Type0) fonts with ToUnicode
maps, marked content, rotated pages. One page; the objects are written with a correct xref."""

from __future__ import annotations

import zlib
from pathlib import Path

HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), extra, data)


def tounicode(pairs: dict[bytes, str], code_bytes: int = 1) -> bytes:
    """A ToUnicode CMap mapping each code (hex digits) to its text."""
    low, high = b"00" * code_bytes, b"FF" * code_bytes
    chars = b"\n".join(
        b"<%s> <%s>" % (code, text.encode("utf-16-be").hex().upper().encode()) for code, text in pairs.items()
    )
    body = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Test def\n"
        b"1 begincodespacerange <%s> <%s> endcodespacerange\n%d beginbfchar\n%s\nendbfchar\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end" % (low, high, len(pairs), chars)
    )
    return stream(body)


def write_pdf(path: Path, content: bytes, fonts: dict[str, int], extra: list[bytes], rotate: int = 0) -> Path:
    """`fonts`: resource name -> object number among `extra` (numbered from 5); object 4 is the
    page's content stream."""
    font_refs = b" ".join(b"/%s %d 0 R" % (name.encode(), num) for name, num in fonts.items())
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Rotate %d /Resources << /Font << %s >> >> "
        b"/Contents 4 0 R >>" % (rotate, font_refs),
        stream(content),
        *extra,
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


class Builder:
    """A PDF of several pages and any objects, written by hand: objects are numbered as they are
    added (`add` returns the number; `reserve` then `put` for objects that refer to themselves),
    each page with its own content streams, resources and page dictionary entries."""

    def __init__(self) -> None:
        self.objects: list[bytes | None] = [None, None]  # 1: catalog, 2: page tree
        self.pages: list[int] = []

    def reserve(self) -> int:
        self.objects.append(None)
        return len(self.objects)

    def put(self, number: int, body: bytes) -> int:
        self.objects[number - 1] = body
        return number

    def add(self, body: bytes) -> int:
        return self.put(self.reserve(), body)

    def page(
        self,
        contents: list[bytes],
        resources: bytes = b"<< >>",
        entries: bytes = b"",
        mediabox: bytes = b"[0 0 612 792]",
        compress: bool = False,
    ) -> int:
        """A page whose /Contents is one stream, an array of them if more than one is given, or
        null if none; `entries`: more of the page dictionary (/Rotate, /CropBox ...); `compress`:
        the streams Flate-encoded."""
        if compress:
            encoded = [zlib.compress(data) for data in contents]
            refs = [b"%d 0 R" % self.add(stream(data, b"/Filter /FlateDecode")) for data in encoded]
        else:
            refs = [b"%d 0 R" % self.add(stream(data)) for data in contents]
        contents_entry = refs[0] if len(refs) == 1 else b"[" + b" ".join(refs) + b"]"
        if not refs:
            contents_entry = b"null"
        number = self.add(
            b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources %s /Contents %s %s >>"
            % (mediabox, resources, contents_entry, entries)
        )
        self.pages.append(number)
        return number

    def write(self, path: Path) -> Path:
        kids = b" ".join(b"%d 0 R" % n for n in self.pages)
        self.objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
        self.objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(self.pages))
        out = bytearray(b"%PDF-1.7\n")
        offsets = []
        for number, body in enumerate(self.objects, start=1):
            assert body is not None, f"object {number} reserved but never put"
            offsets.append(len(out))
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
        xref = len(out)
        size = len(self.objects) + 1
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
        path.write_bytes(bytes(out))
        return path
