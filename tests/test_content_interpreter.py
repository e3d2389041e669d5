"""The fast content-stream interpreter against playa's own: on every page of PDFs built here with
hand-written content streams, `content.read_page_objects` gives exactly what
`pdfobjects.read_objects` gives (same glyphs, paths, images and fills, in the same order, floats
bit for bit), or raises `content.Unsupported`; `content.read_objects` always gives playa's
reading. The common operators must not fall back, so a reader that leaves every page to playa
fails here. A property test draws random content streams, valid and slightly broken, from a
grammar of the operators."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.parsers import content, pdfobjects
from tests.benchscripts import load_script
from tests.rawpdf import HELVETICA, Builder, stream, tounicode

compare = load_script("compare_engines.py", "compare_engines")

# --- the document every case's page lives in: fonts, colour spaces, patterns, graphics states,
# forms, images and property lists, all named in one resource dictionary -----------------------


def _type0(doc: Builder, descriptor: int, to_unicode: int, encoding: bytes, metrics: bytes) -> int:
    """A composite (Type0) font over one CIDFontType2 descendant with these width `metrics`."""
    descendant = doc.add(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+TestSans /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R %s >>"
        % (descriptor, metrics)
    )
    return doc.add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+TestSans /Encoding /%s "
        b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (encoding, descendant, to_unicode)
    )


def _resources(doc: Builder) -> bytes:
    """Every resource a case may name, added to `doc`; returns the resource dictionary."""
    helvetica = doc.add(HELVETICA)
    descriptor = doc.add(
        b"<< /Type /FontDescriptor /FontName /ABCDEF+TestSans /Flags 4 /FontBBox [0 -200 1000 800] "
        b"/Ascent 800 /Descent -200 /ItalicAngle 0 /CapHeight 700 /StemV 80 >>"
    )
    cid_map = doc.add(tounicode({b"0001": "H", b"0002": "i", b"0003": "\ufb01", b"0020": " "}, code_bytes=2))
    cid = _type0(doc, descriptor, cid_map, b"Identity-H", b"/W [1 [500 600 550] 32 [250]] /DW 1000")
    vertical = _type0(
        doc,
        descriptor,
        cid_map,
        b"Identity-V",
        b"/W [1 [500 600 550]] /DW 1000 /DW2 [880 -1000] /W2 [2 [-900 250 800]]",
    )
    charproc = doc.add(stream(b"1000 0 0 0 750 750 d1 0 0 750 750 re f"))
    type3_map = doc.add(tounicode({b"41": "O", b"42": "K"}))
    type3 = doc.add(
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 750 750] /FontMatrix [0.001 0 0 0.001 0 0] "
        b"/CharProcs << /square %d 0 R >> "
        b"/Encoding << /Type /Encoding /Differences [65 /square 66 /square] >> "
        b"/FirstChar 65 /LastChar 66 /Widths [1000 1000] /ToUnicode %d 0 R /Resources << >> >>"
        % (charproc, type3_map)
    )
    simple_descriptor = doc.add(
        b"<< /Type /FontDescriptor /FontName /Simple /Flags 32 /FontBBox [-50 -210 1000 900] "
        b"/Ascent 900 /Descent -210 /ItalicAngle 0 /CapHeight 700 /StemV 80 >>"
    )
    widths = b" ".join(b"%d" % (400 + 7 * (code % 40)) for code in range(32, 127))
    simple = doc.add(
        b"<< /Type /Font /Subtype /TrueType /BaseFont /Simple /FirstChar 32 /LastChar 126 /Widths [%s] "
        b"/Encoding << /BaseEncoding /WinAnsiEncoding /Differences [65 /B /C] >> /FontDescriptor %d 0 R >>"
        % (widths, simple_descriptor)
    )
    pattern = doc.add(
        stream(
            b"0 0 5 5 re f",
            b"/PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 10 10] /XStep 10 /YStep 10 "
            b"/Resources << >>",
        )
    )
    form_text = doc.add(
        stream(
            b"BT /FX 9 Tf 0 0 Td (Form text) Tj ET 0 0 100 20 re S 1 0 0 rg 5 5 m 50 5 l 50 30 l f",
            b"/Type /XObject /Subtype /Form /BBox [0 0 200 200] /Matrix [1 0 0 1 50 60] "
            b"/Resources << /Font << /FX %d 0 R >> >>" % simple,
        )
    )
    form_nested = doc.add(
        stream(
            b"q 2 0 0 2 0 0 cm /Inner Do Q BT /F1 8 Tf 10 10 Td (outer) Tj ET /Inner Do",
            b"/Type /XObject /Subtype /Form /BBox [0 0 300 300] /Matrix [0 1 -1 0 300 100] "
            b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Inner %d 0 R >> >>" % (helvetica, form_text),
        )
    )
    form_self = doc.reserve()
    doc.put(
        form_self,
        stream(
            b"0 0 10 10 re f BT /F1 6 Tf (self) Tj ET /Me Do",
            b"/Type /XObject /Subtype /Form /BBox [0 0 50 50] "
            b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Me %d 0 R >> >>" % (helvetica, form_self),
        ),
    )
    form_inherits = doc.add(  # no /Resources: the page's apply
        stream(
            b"BT /F1 7 Tf 3 3 Td (inherited) Tj ET 0 0 m 40 40 l S",
            b"/Type /XObject /Subtype /Form /BBox [0 0 50 50] /Matrix [0.5 0 0 0.5 100 100]",
        )
    )
    image = doc.add(
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream"
    )
    properties = doc.add(b"<< /MCID 11 >>")
    return (
        b"<< /Font << /F1 %d 0 R /F2 %d 0 R /F3 %d 0 R /F4 %d 0 R /F5 %d 0 R >> "
        b"/ColorSpace << /CSg /DeviceGray /CSrgb /DeviceRGB /CSidx [/Indexed /DeviceRGB 1 <FF000000FF00>] "
        b"/CSpat /Pattern /CSpatrgb [/Pattern /DeviceRGB] /CSlab [/Lab << /WhitePoint [0.95 1 1.09] >>] "
        b"/CSsep [/Separation /Spot /DeviceCMYK "
        b"<< /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] /C1 [1 0 0 0] /N 1 >>] >> "
        b"/Pattern << /P0 %d 0 R >> "
        b"/ExtGState << /GS1 << /Type /ExtGState /LW 3.5 >> /GS2 << /Type /ExtGState /Font [%d 0 R 14] >> "
        b"/GS3 << /Font [%s 12] >> >> "
        b"/XObject << /Fm1 %d 0 R /Fm2 %d 0 R /FmSelf %d 0 R /FmInherit %d 0 R /Im1 %d 0 R >> "
        b"/Properties << /MC1 << /MCID 9 >> /MC2 %d 0 R >> >>"
        % (
            helvetica,
            cid,
            type3,
            vertical,
            simple,
            pattern,
            helvetica,
            HELVETICA,
            form_text,
            form_nested,
            form_self,
            form_inherits,
            image,
            properties,
        )
    )


def write_pages(path: Path, pages: list[tuple[list[bytes], bytes]]) -> Path:
    """One page per (content streams, extra page entries), all sharing the resources above."""
    doc = Builder()
    resources = doc.add(_resources(doc))
    for contents, entries in pages:
        doc.page(contents, b"%d 0 R" % resources, entries)
    return doc.write(path)


# --- the comparison ---------------------------------------------------------------------------


def outcomes(path: Path) -> Iterator[tuple[int, str | None]]:
    """For each page: its number and None, or the reason it was left to playa. Fails on any
    difference from playa's reading."""
    playa_doc = pdfobjects.open_document(str(path))
    fast_doc = pdfobjects.open_document(str(path))
    fallback_doc = pdfobjects.open_document(str(path))
    for number, (playa_page, fast_page, fallback_page) in enumerate(
        zip(playa_doc.pages, fast_doc.pages, fallback_doc.pages, strict=True), start=1
    ):
        try:
            expected = pdfobjects.read_objects(playa_page)
        except Exception as exc:  # noqa: BLE001 - then the fast reader fails as playa does
            with pytest.raises((type(exc), content.Unsupported)):
                content.read_page_objects(fast_page)
            with pytest.raises(type(exc)):
                content.read_objects(fallback_page)
            yield number, f"playa raised {type(exc).__name__}"
            continue
        reason = None
        try:
            actual = content.read_page_objects(fast_page)
        except content.Unsupported as exc:
            reason = str(exc) or "unsupported"
        else:
            assert compare.first_difference(expected, actual) is None, f"page {number}"
        # the pipeline's entry: the fast reader, or playa's after it gave up
        difference = compare.first_difference(expected, content.read_objects(fallback_page))
        assert difference is None, f"page {number} through content.read_objects"
        yield number, reason


def check(tmp_path: Path, contents: list[bytes], entries: bytes = b"") -> str | None:
    """The one page's outcome: None if read by the fast interpreter (and equal), else the reason."""
    pdf = write_pages(tmp_path / "case.pdf", [(contents, entries)])
    ((_, reason),) = outcomes(pdf)
    return reason


# --- cases that must be read by the fast interpreter --------------------------------------------

TEXT = b"BT /F1 12 Tf 72 700 Td (Hello world) Tj ET "
COMMON: dict[str, bytes] = {
    "q/Q nesting": b"q 1 0 0 1 10 10 cm q 0 0 1 rg 0 0 50 50 re f Q 0 0 50 50 re f Q 0 0 10 10 re f " + TEXT,
    "unbalanced Q": b"Q Q q 2 w 0 0 10 10 re f Q Q 5 5 10 10 re S q q 0.5 g " + TEXT,
    "cm": b"2 0 0 2 10 10 cm 0.5 0 0 0.5 0 0 cm 10 10 100 100 re S 1 0 0 1 5 -3 cm " + TEXT,
    "text positioning": (
        b"BT /F1 12 Tf 72 700 Td (Hello world) Tj 0 -14 Td (Next) Tj 10 -14 TD (TD line) Tj T* (star) Tj "
        b"1 0 0 1 300 500 Tm (Tm) Tj 2 0 0 2 300 400 Tm (scaled) Tj T* (after scale) Tj ET"
    ),
    "quote operators": (
        b"BT /F1 10 Tf 14 TL 72 700 Td (a) Tj (quote line) ' 2 1 (dquote line) \" (again) ' ET"
    ),
    "text state operators": (
        b"BT /F1 11 Tf 1.5 Tc 3 Tw 80 Tz 13 TL 2 Ts 1 Tr 72 600 Td (spaced words here) Tj T* -1 Ts (sub) Tj "
        b"0 Tc 0 Tw 100 Tz 0 Ts 0 Tr (plain again) Tj 3 Tr (invisible) Tj ET"
    ),
    "text state kept across BT": (
        b"BT /F1 9 Tf 2 Tc 5 Tw 50 500 Td (one two) Tj ET BT 50 480 Td (three four) Tj ET"
    ),
    "negative and zero font size": b"BT /F1 -10 Tf 72 700 Td (neg) Tj /F1 0 Tf (zero) Tj ET",
    "CID font": b"BT /F2 10 Tf 100 700 Td <000100020003> Tj <0001 0020 0002> Tj 2 Tw 1 Tc <00010020> Tj ET",
    "CID font scaled and kerned": b"BT /F2 10 Tf 120 Tz 100 500 Td [<0001> -250 <0002> 30 <0003>] TJ ET",
    "simple font with widths": b"BT /F5 10 Tf 72 650 Td (ABC abc ~) Tj 1 Tw ( x y ) Tj ET",
    "missing width code": b"BT /F5 10 Tf 72 650 Td (\\001\\377x) Tj ET",
    "TJ kerning": b"BT /F1 10 Tf 72 700 Td [(A) -120 (W) 50.5 () (AY) -1000 ()] TJ [(B)] TJ ET",
    "TJ arrays of every item form": (
        b"BT /F1 10 Tf 72 700 Td [<41 42>] TJ [<414>] TJ [(a)-5(b)] TJ [ (a) 1.5 <41> ] TJ [(\\053)] TJ "
        b"[(a\nb)] TJ [(a\r\nb)(c\rd)] TJ [ -.5 +3 1. (x)] TJ [<>()] TJ [%c\n(a)] TJ [\n(a)\t-1\f] TJ "
        b"[.5(x)] TJ [1.2.3(y)] TJ [(x)(y)]TJ [(a(b)c)] TJ [(\\)) (\\()] TJ ET "
        b"BT /F2 10 Tf 100 500 Td [<0001>-3<0002>] TJ [<00 01> 20 <0003>] TJ ET"
    ),
    "coded arrays": (
        b"BT /F1 10 Tf 72 700 Td [<41><42>] TJ [<>] TJ [<>5] TJ [5] TJ [ ] TJ [<41>\n-5\n<42>] TJ "
        b"[ <4 1> -2 <4\n2> ] TJ [00.5<41>+.5<42>-0] TJ [<41>5 6<42>] TJ ET"
    ),
    "TJ numbers only": b"BT /F1 10 Tf 72 700 Td [-500 200] TJ (x) Tj [] TJ (y) Tj [0] TJ ET",
    "literal string escapes": (
        b"BT /F1 10 Tf 72 700 Td (a\\nb\\(c\\)d\\\\e\\053f\\7g\\101h\\0i) Tj (\\t\\b\\f\\r\\q\\%) Tj "
        b"(line\\\ncontinued) Tj (cr\\\rcont) Tj (crlf\\\r\ncont) Tj ET"
    ),
    "line ends inside strings": b"BT /F1 10 Tf 72 700 Td (a\rb) Tj (c\r\nd) Tj (e\nf) Tj (g\n\rh) Tj ET",
    "octal overflow": b"BT /F1 10 Tf 72 700 Td (a\\777b\\400c) Tj ET",
    "nested parentheses": b"BT /F1 10 Tf 72 700 Td (a(b)c) Tj (()) Tj (x(\\))y) Tj ET",
    "hex strings": b"BT /F1 10 Tf 72 700 Td <48 65 6c\n6c 6F> Tj <4> Tj <414> Tj <> Tj <4a4B> Tj ET",
    "comments": (
        b"% a comment\nBT /F1 10 Tf % inline\r72 700 Td (x%not a comment) Tj ET %end\n0 0 5 5 re f%\n"
    ),
    "whitespace kinds": b"BT\t/F1\f10\x0cTf\r\n72 700\tTd(x)Tj(y)Tj<41>Tj[(z)]TJ ET",
    "device colours": (
        b"0.5 g 0.2 G 0 0 10 10 re B 1 0 0 rg 0 1 0 RG 0 0 10 10 re B 0 0 0 1 k 1 1 0 0 K 0 0 10 10 re B "
        + TEXT
    ),
    "named colour spaces": (
        b"/CSrgb cs 0.1 0.2 0.3 sc /CSg CS 0.4 SC 0 0 10 10 re B "
        b"/CSidx cs 1 sc /CSsep CS 0.7 SCN 0 0 10 10 re B "
        b"/CSlab cs 50 10 10 scn 0 0 10 10 re f /DeviceCMYK CS 0 0 0 1 SC 0 0 10 10 re S " + TEXT
    ),
    "pattern colours": (
        b"/Pattern cs /P0 scn 0 0 10 10 re f /CSpat CS /P0 SCN 0 0 10 10 re S "
        b"/CSpatrgb cs 0.1 0.2 0.3 /P0 scn 0 0 10 10 re f " + TEXT
    ),
    "colour operand counts": b"/DeviceRGB cs 0.5 sc 0 0 10 10 re f 0.1 0.2 0.3 0.4 0.5 scn 0 0 10 10 re f "
    + TEXT,
    "colour reset by colour space": b"1 0 0 rg /DeviceGray cs 0 0 10 10 re f /DeviceRGB CS 0 0 10 10 re S",
    "graphics state dictionaries": b"/GS1 gs 0 0 m 100 100 l S /GS2 gs BT 72 700 Td (gs font) Tj ET",
    "line width": b"3 w 0 0 m 50 0 l S 0 w 0 0 20 20 re S 0.25 w 1 0 0 1 1 1 cm 0 0 20 20 re S",
    "path construction": (
        b"10 10 m 50 10 l 50 60 l h S 100 100 m 120 140 140 140 160 100 c S 200 200 m 220 240 260 200 v S "
        b"300 300 m 320 340 360 300 y S 10 400 100 50 re S 10 500 -100 -50 re f"
    ),
    "painting operators": (
        b"0 0 10 10 re S 0 0 10 10 re s 0 0 10 10 re f 0 0 10 10 re F 0 0 10 10 re f* 0 0 10 10 re B "
        b"0 0 10 10 re B* 0 0 10 10 re b 0 0 10 10 re b* 0 0 10 10 re n 20 20 m 40 40 l s 20 20 m 40 40 l b"
    ),
    "clipping": b"0 0 300 300 re W n 0 0 10 10 re W* n 10 10 50 50 re W f " + TEXT,
    "subpaths": (
        b"0 0 m 10 0 l 0 5 m 10 5 l 20 20 30 30 re 40 40 m 50 50 60 40 70 50 c h S 0 0 m 10 10 l 10 0 l h f"
    ),
    "rectangles as lines": (
        b"10 10 m 100 10 l 100 50 l 10 50 l 10 10 l S 10 10 m 100 10 l 100 50 l 10 50 l h f "
        b"10 10 m 100 10 l 100 50 l 10 50 l S 10 10 m 10 50 l 100 50 l 100 10 l h S "
        b"10 10 m 100 11 l 100 50 l 10 50 l h S 0 0 m 0 0 l 0 0 l 0 0 l h S"
    ),
    "degenerate paths": (
        b"10 10 m S 10 10 m h S h S 5 5 l S 0 0 0 0 re f 0 0 0 5 re S f S n 20 20 m 30 30 l "
        b"BT /F1 10 Tf 72 700 Td (text between) Tj ET S 1 1 m 2 2 l m l S 1 2 3 4 5 6 c S"
    ),
    "thin fills": b"0 0 100 1 re f 0 0 1.5 1.5 re f 0 0 1.49 100 re f 0 0 2 2 re f 0 0 m 10 0 l 10 1 l f",
    "forms": b"/Fm1 Do q 1 0 0 1 100 0 cm /Fm1 Do Q /Fm2 Do /FmInherit Do " + TEXT,
    "form drawing itself": b"/FmSelf Do q 2 0 0 2 0 0 cm /FmSelf Do Q",
    "form state isolation": b"1 0 0 rg 5 w /Fm1 Do 0 0 10 10 re B BT /F1 10 Tf 72 700 Td (after form) Tj ET",
    "form inside text object": b"BT /F1 10 Tf 72 700 Td (a) Tj /Fm1 Do (b) Tj ET",
    "image XObject": b"q 100 0 0 50 200 300 cm /Im1 Do Q q 0 50 -100 0 300 300 cm /Im1 Do Q /Im1 Do",
    "unknown XObject": b"/Nothing Do " + TEXT,
    "marked content": (
        b"/P << /MCID 3 >> BDC BT /F1 12 Tf 72 720 Td (Tagged) Tj ET EMC "
        b"/Span /MC1 BDC (x) Tj 0 0 10 10 re f EMC /Span /MC2 BDC " + TEXT + b"EMC "
        b"/Artifact BMC " + TEXT + b"EMC /X MP /X << /A 1 >> DP /X /MC1 DP "
        b"/P << /MCID 4 >> BDC /Span << /Lang (en) >> BDC " + TEXT + b"EMC EMC EMC EMC " + TEXT
    ),
    "marked content across forms": b"/P << /MCID 5 >> BDC /Fm1 Do " + TEXT + b"EMC",
    "marked-content point order": b"/X MP 0 0 10 10 re f /Y MP /Z MP 0 0 20 20 re f /Q << /MCID 1 >> DP "
    + TEXT,
    "missing property list": b"/Span /Nowhere BDC " + TEXT + b"EMC",
    "text operators outside BT and nested BT": (
        b"/F1 10 Tf (outside) Tj 100 100 Td (moved) Tj ET ET BT BT (nested) Tj ET (after ET) Tj T* (star) Tj"
    ),
    "q and Q inside text objects": (
        b"BT /F1 10 Tf 72 700 Td q 2 0 0 2 0 0 cm (big) Tj 5 0 Td Q (small) Tj ET "
        b"q BT /F1 12 Tf 50 50 Td (in q) Tj Q (after Q) Tj ET BT q /F1 9 Tf Q (font restored) Tj ET"
    ),
    "text shown from odd operands": b"BT /F1 10 Tf 72 700 Td 5 Tj (a) Tj true Tj [true 5 (b) /N] TJ (c) Tj",
    "shading operator": b"/Sh0 sh 0 0 10 10 re f " + TEXT,
    "text before any Tf": b"BT 72 700 Td (no font) Tj ET BT /F1 10 Tf (now) Tj ET",
    "undefined font": b"BT /F9 10 Tf 72 700 Td (no such font) Tj ET " + TEXT,
    "unknown operators": b"foo bar 1 2 baz BX qux EX d0 " + TEXT + b" 1 0 0 1 0 0 tm",
    "operands left on the stack": b"1 2 3 " + TEXT + b"5 6 (x) (y) Tj /N 0 0 10 10 re f 7",
    "too few operands": b"10 Td 1 2 re rg Tf 0 0 m 5 l S 1 cm " + TEXT + b"BT 72 Td (x) Tj ET",
    "operands of the wrong type": b"(a) (b) Td 1 0 0 1 0 0 Td /X /Y Tf (q) w " + TEXT + b"BT (a) 3 Tf ET",
    "booleans and null": b"true false null 0 0 10 10 re f [true (x) null] TJ " + TEXT,
    "null in a property list": b"/P << /MCID 6 /X null >> BDC " + TEXT + b"EMC",
    "top-level reference": b"1 0 R " + TEXT,
    "dash and other state": b"[3 2] 0 d 1 J 2 j 5 M /Perceptual ri 0.5 i 0 0 m 10 10 l S " + TEXT,
    "rotated and skewed text": (
        b"BT /F1 12 Tf 0 1 -1 0 100 300 Tm (Upward text) Tj 0 -1 1 0 200 500 Tm (Down) Tj "
        b"1 0.3 0.2 1 300 300 Tm (skewed) Tj -1 0 0 -1 400 400 Tm (upside down) Tj "
        b"1 0 0 -1 50 50 Tm (mirror) Tj ET "
        b"q 0.7071 0.7071 -0.7071 0.7071 0 0 cm " + TEXT + b"Q"
    ),
    "rotated CID text": b"BT /F2 10 Tf 0 1 -1 0 100 300 Tm <000100020003> Tj ET",
    "many text objects": b"".join(
        b"BT /F1 8 Tf %d %d Td (cell %d) Tj ET " % (50 + i, 700 - 9 * i, i) for i in range(40)
    ),
}

ROTATIONS = {f"rotate {angle}": b"/Rotate %d" % angle for angle in (90, 180, 270, -90, 450)}
BOXES = {
    "offset media box": b"/CropBox [20 20 500 700]",
}


@pytest.mark.parametrize("name", sorted(COMMON))
def test_common_operators_read_exactly_without_falling_back(tmp_path: Path, name: str) -> None:
    assert check(tmp_path, [COMMON[name]]) is None


@pytest.mark.parametrize("entries", sorted(ROTATIONS.values()))
def test_rotated_pages_read_exactly_without_falling_back(tmp_path: Path, entries: bytes) -> None:
    page = COMMON["text positioning"] + b" " + COMMON["path construction"] + b" " + COMMON["image XObject"]
    assert check(tmp_path, [page], entries) is None


def test_offset_media_box_reads_exactly(tmp_path: Path) -> None:
    doc = Builder()
    resources = doc.add(_resources(doc))
    page = COMMON["text positioning"] + b" " + COMMON["painting operators"]
    doc.page([page], b"%d 0 R" % resources, mediabox=b"[10 20 622 812]")
    doc.page([page], b"%d 0 R" % resources, b"/Rotate 90", mediabox=b"[612 792 -5 -7]")
    pdf = doc.write(tmp_path / "boxes.pdf")
    assert [reason for _, reason in outcomes(pdf)] == [None, None]


def test_several_content_streams_read_as_one(tmp_path: Path) -> None:
    # the division falls between tokens, even between an operator's operands
    streams = [b"BT /F1 10 Tf 72 700", b"Td (split) Tj [(a) -5 (b)] TJ ET 0 0 m", b"", b"10 10 l S"]
    assert check(tmp_path, streams) is None


def test_compressed_content_streams_read_exactly(tmp_path: Path) -> None:
    doc = Builder()
    resources = doc.add(_resources(doc))
    doc.page([COMMON["text positioning"], COMMON["forms"]], b"%d 0 R" % resources, compress=True)
    pdf = doc.write(tmp_path / "flate.pdf")
    assert [reason for _, reason in outcomes(pdf)] == [None]


def test_pages_without_content_read_exactly(tmp_path: Path) -> None:
    pdf = write_pages(tmp_path / "empty.pdf", [([], b""), ([b""], b""), ([b"   % only a comment\n"], b"")])
    assert [reason for _, reason in outcomes(pdf)] == [None, None, None]


def test_many_pages_share_fonts_as_the_pipeline_reads_them(tmp_path: Path) -> None:
    # the fonts' caches are filled by whichever page reads them first, fast or fallback
    pages = [
        ([COMMON[name]], b"") for name in ("CID font", "simple font with widths", "TJ kerning", "CID font")
    ]
    pages.insert(2, ([b"BI /W 1 /H 1 /CS /G /BPC 8 ID \x00 EI " + COMMON["CID font"]], b""))
    pdf = write_pages(tmp_path / "pages.pdf", pages)
    reasons = [reason for _, reason in outcomes(pdf)]
    assert reasons[:2] == [None, None] and reasons[3:] == [None, None]


# --- cases that may be left to playa (each must still read exactly if it is not) ---------------

RARE: dict[str, bytes] = {
    "inline image": b"q 10 0 0 10 100 100 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00 EI Q " + TEXT,
    "inline image with a dictionary value": b"BI /W 1 /H 1 /CS /G /BPC 8 /DP << /K -1 >> ID \x00 EI " + TEXT,
    "Type3 font": b"BT /F3 12 Tf 200 500 Td (AB) Tj [(A) -200 (B)] TJ 0 1 -1 0 100 100 Tm (BA) Tj ET",
    "vertical font": b"BT /F4 10 Tf 100 700 Td <000100020003> Tj [<0001> 120 <0002>] TJ 1 Tc <0003> Tj ET",
    "strings nested two deep": b"BT /F1 10 Tf 72 700 Td (a(b(c))d) Tj ET",
    "unterminated string": b"BT /F1 10 Tf 72 700 Td (abc) Tj (never closed Tj ET",
    "unbalanced string parenthesis": b"BT /F1 10 Tf 72 700 Td (a) Tj ) (b) Tj ET",
    "comment at the end without a line end": TEXT + b"% last",
    "stray bytes": TEXT + b"- + * . \x00 \x80 > } { 0 0 5 5 re f",
    "procedure": b"{ 1 2 } " + TEXT,
    "operator inside an array": b"BT /F1 10 Tf 72 700 Td [(a) Tj (b)] TJ ET " + TEXT,
    "unclosed array": TEXT + b"[ 1 2 ",
    "unclosed dictionary": TEXT + b"/P << /MCID 3 BDC",
    "stray closing bracket": b"] " + TEXT + b">> " + TEXT,
    "dictionary with an odd count": b"/P << /MCID >> BDC " + TEXT + b"EMC",
    "dictionary with a non-name key": b"/P << 1 2 >> BDC " + TEXT + b"EMC",
    "reference in an array": b"[1 0 R] TJ " + TEXT,
    "graphics state font not a reference": b"/GS3 gs " + TEXT,
    "lone EI and ID": b"ID EI " + TEXT,
    # numbers written without a blank between them, read by playa as two numbers each
    "glued numbers in kerned arrays": (
        b"BT /F1 10 Tf 72 700 Td [<41>1.2.3<42>] TJ [<41>-5-3<42>] TJ [<41> +1+2 <42>] TJ [1.2.3] TJ "
        b"[.5.5] TJ [<41>-1.5-.5 2 <42>7.7.7] TJ ET " + TEXT
    ),
    # playa reads "<4.1>" as stray brackets and keywords, not a hex string: the fast reader must
    # not fail on such digits in an array of hex strings and numbers (a ValueError is not Unsupported)
    "hex-like arrays that are not hex strings and numbers": (
        b"BT /F1 10 Tf 72 700 Td [<4.1>] TJ [<41 -2>] TJ [<4+1>] TJ [<41> a <42>] TJ [<41>1.5e3<42>] TJ "
        b"[<41>>] TJ [<<41>>] TJ [-] TJ [.] TJ [<41> - 5 <42>] TJ [Ab] TJ ET " + TEXT
    ),
    "glued numbers before an operator": b"BT /F1 10 Tf 72.5.5 700-1 Td (a) Tj 1-2 TD (b) Tj ET " + TEXT,
    "hex string with junk": b"BT /F1 10 Tf 72 700 Td <41 zz> Tj ET " + TEXT,
}


@pytest.mark.parametrize("name", sorted(RARE))
def test_rare_content_reads_exactly_or_falls_back(tmp_path: Path, name: str) -> None:
    check(tmp_path, [RARE[name]])  # fails on any difference from playa's reading


def test_string_across_streams_reads_exactly_or_falls_back(tmp_path: Path) -> None:
    check(tmp_path, [b"BT /F1 10 Tf 72 700 Td (ab", b"c) Tj ET " + TEXT])


# Valid PDF (streams divide between tokens), but playa's parser hands out what is open at the end
# of a stream as loose operands, and the operator then fails: a page read otherwise differs.
# Word writes such pages (a property list cut after /MCID: the text lost its MCID).
def test_dictionary_across_streams_reads_exactly_or_falls_back(tmp_path: Path) -> None:
    check(tmp_path, [TEXT + b"/P <</MCID ", b" 115 >>BDC " + TEXT + b"EMC " + TEXT])


def test_array_across_streams_reads_exactly_or_falls_back(tmp_path: Path) -> None:
    check(tmp_path, [TEXT + b"BT /F1 10 Tf [(a) -5", b"(b)] TJ ET"])
    check(tmp_path, [TEXT + b"BT /F1 10 Tf [(a) -5 (b)", b"] TJ ET " + TEXT])


def test_a_fallback_everything_reader_fails_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the cases above are not vacuous: a reader that leaves every page to playa is caught
    def give_up(page: object) -> pdfobjects.PageObjects:
        raise content.Unsupported("everything")

    monkeypatch.setattr(content, "read_page_objects", give_up)
    assert check(tmp_path, [TEXT]) == "everything"


def test_the_comparison_sees_differences() -> None:
    style = (True, "F", 10.0, (0.0,))
    page = pdfobjects.PageObjects(612.0, 792.0, 0, glyphs=[("a", 1.0, 2.0, 3.0, 4.0, style, None, 1)])
    assert compare.first_difference(page, page) is None
    for glyph in (
        ("a", 1, 2.0, 3.0, 4.0, style, None, 1),  # an int for a float
        ("a", 1.0, 2.0, 3.0, 4.0, (True, "F", 10.0, (-0.0,)), None, 1),
        ("a", 1.0, 2.0, 3.0, 4.0, style, None, 2),
        ("a", 1.0, 2.0, 3.0, 4.0000000001, style, None, 1),
    ):
        other = pdfobjects.PageObjects(612.0, 792.0, 0, glyphs=[glyph])
        assert compare.first_difference(page, other) is not None
    longer = pdfobjects.PageObjects(612.0, 792.0, 0, glyphs=page.glyphs * 2)
    assert "glyphs" in (compare.first_difference(page, longer) or "")


# --- random content streams ---------------------------------------------------------------------

_NUMBERS = st.sampled_from(
    [b"0", b"1", b"-1", b"2.5", b"10", b"-0.5", b".5", b"100", b"0.0", b"3.", b"-7", b"72"]
)
_STRINGS = st.sampled_from(
    [b"(a)", b"(Hello W)", b"()", b"(a\\)b)", b"(x(y)z)", b"<4142>", b"<414>", b"( \\053 )"]
)
_CID_STRINGS = st.sampled_from([b"<0001>", b"<00010002>", b"<0003 0020 0001>", b"<>"])
_NAMES = {
    "font": st.sampled_from([b"/F1", b"/F2", b"/F5", b"/F9"]),
    "cs": st.sampled_from(
        [b"/DeviceRGB", b"/DeviceGray", b"/CSidx", b"/CSsep", b"/Pattern", b"/CSpatrgb", b"/CSlab"]
    ),
    "xobject": st.sampled_from([b"/Fm1", b"/Fm2", b"/FmSelf", b"/FmInherit", b"/Im1", b"/None"]),
    "tag": st.sampled_from([b"/P", b"/Span", b"/Artifact"]),
    "props": st.sampled_from([b"<< /MCID 2 >>", b"/MC1", b"/MC2", b"<< /Lang (en) >>", b"/Missing"]),
    "gs": st.sampled_from([b"/GS1", b"/GS2", b"/GS9"]),
}


def _n(count: int) -> st.SearchStrategy[list[bytes]]:
    return st.lists(_NUMBERS, min_size=count, max_size=count)


def _op(operator: bytes, *operands: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    return st.tuples(*operands).map(lambda parts: b" ".join((*parts, operator)))


def _nums(operator: bytes, count: int) -> st.SearchStrategy[bytes]:
    return _n(count).map(lambda parts: b" ".join((*parts, operator)))


_TJ_ITEM = st.one_of(_STRINGS, _NUMBERS)
_OPERATIONS = st.one_of(
    st.sampled_from(
        [b"q", b"Q", b"BT", b"ET", b"T*", b"h", b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"]
    ),
    st.sampled_from([b"n", b"W n", b"W* n", b"EMC", b"BX", b"EX", b"foo"]),
    _nums(b"cm", 6),
    _nums(b"Td", 2),
    _nums(b"TD", 2),
    _nums(b"Tm", 6),
    _nums(b"m", 2),
    _nums(b"l", 2),
    _nums(b"c", 6),
    _nums(b"v", 4),
    _nums(b"y", 4),
    _nums(b"re", 4),
    _nums(b"w", 1),
    _nums(b"g", 1),
    _nums(b"G", 1),
    _nums(b"rg", 3),
    _nums(b"RG", 3),
    _nums(b"k", 4),
    _nums(b"K", 4),
    _nums(b"sc", 1),
    _nums(b"sc", 3),
    _nums(b"SCN", 1),
    st.sampled_from([b"Tc", b"Tw", b"Tz", b"TL", b"Ts", b"Tr"]).flatmap(lambda op: _nums(op, 1)),
    _op(b"Tf", _NAMES["font"], _NUMBERS),
    _op(b"Tj", _STRINGS),
    _op(b"Tj", _CID_STRINGS),
    _op(b"'", _STRINGS),
    _op(b'"', _NUMBERS, _NUMBERS, _STRINGS),
    st.lists(st.one_of(_TJ_ITEM, _CID_STRINGS), max_size=5).map(
        lambda items: b"[" + b" ".join(items) + b"] TJ"
    ),
    _op(b"cs", _NAMES["cs"]),
    _op(b"CS", _NAMES["cs"]),
    st.just(b"/P0 scn"),
    st.just(b"0.1 0.2 0.3 /P0 scn"),
    _op(b"Do", _NAMES["xobject"]),
    _op(b"gs", _NAMES["gs"]),
    _op(b"BMC", _NAMES["tag"]),
    _op(b"BDC", _NAMES["tag"], _NAMES["props"]),
    _op(b"MP", _NAMES["tag"]),
    _op(b"DP", _NAMES["tag"], _NAMES["props"]),
)
# slightly broken: stray operands, operands dropped, comments, odd whitespace
_NOISE = st.sampled_from(
    [b"", b"", b"", b"7", b"(stray)", b"/Stray", b"% comment\n", b"\r\n", b"\t", b"[1 2]", b"null"]
)


@st.composite
def _streams(draw: st.DrawFn) -> list[bytes]:
    tokens = []
    for operation in draw(st.lists(_OPERATIONS, min_size=1, max_size=40)):
        if draw(st.integers(0, 9)) == 0:  # an operand dropped
            operation = operation.split(b" ", 1)[-1]
        tokens.append(draw(_NOISE) + b" " + operation)
    data = b" ".join(tokens)
    cut = draw(st.integers(0, len(tokens)))  # sometimes two streams, divided between operators
    if 0 < cut < len(tokens):
        return [b" ".join(tokens[:cut]), b" ".join(tokens[cut:])]
    return [data]


_FILES = Path(tempfile.mkdtemp(prefix="content-interpreter-"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(streams=_streams(), rotate=st.sampled_from([b"", b"/Rotate 90", b"/Rotate 270"]))
def test_random_content_streams_read_exactly_or_fall_back(streams: list[bytes], rotate: bytes) -> None:
    pdf = write_pages(_FILES / "random.pdf", [(streams, rotate)])
    for _ in outcomes(pdf):
        pass


# tokens, valid and not, run together with or without blanks, and streams cut anywhere (even
# inside a token): where the tokenizer and playa's lexer could part ways
_TOKENS = st.sampled_from(
    [
        b"(a)",
        b"(a\\)b)",
        b"(x(y)z)",
        b"(\\053\\n\r\n)",
        b"<41 4>",
        b"<>",
        b"[(a) -5 (b)]",
        b"[]",
        b"<< /MCID 3 >>",
    ]
    + [b"<</A[1 2]/B<</C(x)>>>>", b"1", b"-2", b"+3", b".5", b"1.", b"-.5", b"12.5", b"/F1", b"/F#31", b"/"]
    + [
        b"Tj",
        b"TJ",
        b"Td",
        b"Tf",
        b"BT",
        b"ET",
        b"q",
        b"Q",
        b"re",
        b"f",
        b"S",
        b"m",
        b"l",
        b"true",
        b"null",
        b"R",
    ]
    + [
        b"cm",
        b"rg",
        b"BDC",
        b"EMC",
        b"MP",
        b"/P",
        b"Do",
        b"/Fm1",
        b"/Im1",
        b"/MC1",
        b"T*",
        b"'",
        b'"',
        b"Tj'",
    ]
    + [
        b"Tz",
        b"Tc",
        b"gs",
        b"/GS1",
        b"cs",
        b"scn",
        b"/Pattern",
        b"/P0",
        b"% c\n",
        b"w",
        b"h",
        b"W",
        b"b*",
        b"v",
    ]
)
_ODD_TOKENS = st.sampled_from(
    [
        b"(",
        b")",
        b"\\",
        b"<",
        b">",
        b"<<",
        b">>",
        b"[",
        b"]",
        b"{",
        b"}",
        b"%",
        b"#",
        b"/a#zz",
        b"\x00",
        b"-",
        b"*",
    ]
    + [b"\\\n", b"\r", b"\f", b"1e3", b"BI", b"ID", b"EI"]
)


@st.composite
def _token_soup(draw: st.DrawFn) -> list[bytes]:
    tokens = draw(
        st.lists(st.one_of(_TOKENS, _TOKENS, _TOKENS, _TOKENS, _ODD_TOKENS), min_size=1, max_size=30)
    )
    data = draw(st.sampled_from([b" ", b"", b"\n"])).join(tokens)
    data = TEXT + data + b" BT /F1 10 Tf 72 600 Td (after) Tj ET 5 5 m 20 20 l S"
    cut = draw(st.integers(0, len(data) * 3))  # cut in two a third of the time
    return [data[:cut], data[cut:]] if cut < len(data) else [data]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(streams=_token_soup())
def test_token_soup_reads_exactly_or_falls_back(streams: list[bytes]) -> None:
    pdf = write_pages(_FILES / "soup.pdf", [(streams, b"")])
    for _ in outcomes(pdf):
        pass
