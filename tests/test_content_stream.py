"""The content-stream tokenizer (parsers/content.py) reads pages exactly as playa's parser does."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.parsers import content
from extractor.parsers.pdfobjects import PageObjects, open_document
from extractor.parsers.pdfobjects import read_objects as read_with_playa
from tests.rawpdf import HELVETICA, write_pdf

SAMPLES = Path(__file__).resolve().parent.parent / "corpus" / "samples"

# what typesetters write: kerned hex and literal strings, escapes, state saved and restored,
# colours, rules and fills, marked content with an inline property list, spacing operators
EVERYDAY = rb"""
q 1 0 0 1 10 20 cm 0.2 0.4 0.6 rg 0 0 1 RG 2 w
10 10 200 1 re f 10 30 m 210 30 l S 50 50 m 60 70 80 90 100 50 c h B
/P <</MCID 3 >> BDC BT /F1 12 Tf 14 TL 72 700 Td
[<48656c6c6f> -250 (World) 120.5 (\(x\) \\ \101\053 tab\tend)] TJ
T* (line two) Tj 2 Tc 3 Tw 90 Tz (spaced out) Tj 0 Tc 0 Tw 100 Tz
1 0 0 1 100 600 Tm 0 -14 TD (next) ' 1 0.5 (quoted) " ET EMC
Q 0 g BT /F1 9 Tf 5 Ts 300 300 Td <4142
43> Tj [(a)1(b)] TJ [-100] TJ () Tj ET % a comment
/Span /MC0 BDC 0.5 G 0 0 m 10 10 l s EMC 1 0 0 rg 0 0 0 1 k 400 400 50 50 re f*
"""


def _pages(path: Path) -> list[tuple[PageObjects, PageObjects]]:
    doc = open_document(str(path))
    try:
        return [(content.read_page_objects(page), read_with_playa(page)) for page in doc.pages]
    finally:
        doc.close()


def test_everyday_content_reads_as_playa_reads_it(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "everyday.pdf", EVERYDAY, {"F1": 5}, [HELVETICA])
    [(fast, playa)] = _pages(pdf)
    assert fast == playa
    texts = "".join(g[0] for g in fast.glyphs)
    assert "Hello" in texts and "(x) \\ A+ tab" in texts and "ABC" in texts
    assert {g[6] for g in fast.glyphs} == {3, None}
    assert [p.kind for p in fast.paths] == ["rect", "line", "curve", "line", "rect"]


@pytest.mark.parametrize(
    ("stream", "reason"),
    [
        (b"BT /F1 12 Tf (a) Tj ET BI /W 1 /H 1 /CS /G /BPC 8 ID \x00 EI", "inline image"),
        (b"BT /F1 12 Tf (a (b (c))) Tj ET", "reads its own way"),
        (b"BT /F1 12 Tf (unterminated Tj ET", "reads its own way"),
        (b"BT /F1 12 Tf [(a) Tj] TJ ET", "inside an array"),
    ],
)
def test_what_the_tokenizer_leaves_to_playa(tmp_path: Path, stream: bytes, reason: str) -> None:
    pdf = write_pdf(tmp_path / "odd.pdf", stream, {"F1": 5}, [HELVETICA])
    doc = open_document(str(pdf))
    try:
        page = doc.pages[0]
        with pytest.raises(content.Unsupported, match=reason):
            content.read_page_objects(page)
        assert content.read_objects(page) == read_with_playa(page)
    finally:
        doc.close()


def test_a_sample_reads_as_playa_reads_it() -> None:
    pages = _pages(SAMPLES / "qpr_2018-19_q1_E.pdf")
    assert pages and all(fast == playa for fast, playa in pages)
