"""Hand-built PDFs for what reportlab cannot make: Type3 and CID (Type0) fonts with ToUnicode
maps, marked content, rotated pages. One page; the objects are written with a correct xref."""

from __future__ import annotations

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
