"""The reading layer on PDFs it must read as before: words by pdfplumber's rules, CID fonts
through their ToUnicode map and widths, Type3 fonts, marked-content ids, rotated pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from extractor.parsers.pdf import PageContent, iter_pages
from tests.rawpdf import HELVETICA, stream, tounicode, write_pdf


def _page(path: Path) -> PageContent:
    pages = list(iter_pages(path))
    assert len(pages) == 1
    return pages[0]


def test_glyphs_join_within_the_gap_tolerance(tmp_path: Path) -> None:
    c = Canvas(str(tmp_path / "gaps.pdf"), pagesize=A4)
    c.setFont("Helvetica", 10)
    width = stringWidth("ab", "Helvetica", 10)
    for y, gap in ((700, 1.0), (650, 2.0)):
        c.drawString(100, y, "ab")
        c.drawString(100 + width + gap, y, "cd")
    c.drawString(100, 600, "ab")
    c.setFont("Helvetica-Bold", 10)
    c.drawString(100 + width, 600, "ef")  # touching, in another font: its own word
    c.save()
    lines: dict[int, list[str]] = {}
    for w in _page(tmp_path / "gaps.pdf").words:
        lines.setdefault(round(w.top), []).append(w.text)
    # 1 pt apart joins, 2 pt apart splits (X_TOLERANCE is 1.5)
    assert sorted(lines.values()) == [["ab", "cd"], ["ab", "ef"], ["abcd"]]


def test_cid_font_read_through_its_tounicode_map_and_widths(tmp_path: Path) -> None:
    cid_font = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+TestSans /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>"
    )
    descendant = (
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+TestSans /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R "
        b"/W [1 [500 600 550]] /DW 1000 >>"
    )
    descriptor = (
        b"<< /Type /FontDescriptor /FontName /ABCDEF+TestSans /Flags 4 /FontBBox [0 -200 1000 800] "
        b"/Ascent 800 /Descent -200 /ItalicAngle 0 /CapHeight 700 /StemV 80 >>"
    )
    cmap = tounicode({b"0001": "H", b"0002": "i", b"0003": "\ufb01"}, code_bytes=2)
    content = b"BT /F2 10 Tf 100 700 Td <000100020003> Tj ET"
    pdf = write_pdf(tmp_path / "cid.pdf", content, {"F2": 5}, [cid_font, descendant, cmap, descriptor])
    (word,) = _page(pdf).words
    assert word.text == "Hifi"  # the ligature spelt out
    assert word.fontname == "ABCDEF+TestSans"
    # widths from /W (500 + 600 + 550 thousandths of 10 pt); box from the descent (-0.2) up one size
    assert (word.x0, word.x1) == pytest.approx((100.0, 116.5))
    assert (word.top, word.bottom) == pytest.approx((792 - 708, 792 - 698))
    assert word.size == pytest.approx(10.0)


def test_type3_font_glyphs_are_words(tmp_path: Path) -> None:
    type3 = (
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 750 750] /FontMatrix [0.001 0 0 0.001 0 0] "
        b"/CharProcs << /square 6 0 R >> "
        b"/Encoding << /Type /Encoding /Differences [65 /square 66 /square] >> "
        b"/FirstChar 65 /LastChar 66 /Widths [1000 1000] /ToUnicode 7 0 R /Resources << >> >>"
    )
    charproc = stream(b"1000 0 0 0 750 750 d1 0 0 750 750 re f")
    cmap = tounicode({b"41": "O", b"42": "K"})
    content = b"BT /T3 12 Tf 200 500 Td (AB) Tj ET"
    pdf = write_pdf(tmp_path / "type3.pdf", content, {"T3": 5}, [type3, charproc, cmap])
    (word,) = _page(pdf).words
    assert word.text == "OK"
    assert (word.x0, word.x1) == pytest.approx((200.0, 224.0))  # two glyphs 1000 units wide at 12 pt


def test_marked_content_ids_reach_the_words(tmp_path: Path) -> None:
    content = (
        b"/P << /MCID 3 >> BDC BT /F1 12 Tf 72 720 Td (Tagged) Tj ET EMC "
        b"BT /F1 12 Tf 72 680 Td (Untagged) Tj ET"
    )
    pdf = write_pdf(tmp_path / "tagged.pdf", content, {"F1": 5}, [HELVETICA])
    assert {w.text: w.mcid for w in _page(pdf).words} == {"Tagged": 3, "Untagged": None}


def test_rotated_page_reads_in_its_displayed_frame(tmp_path: Path) -> None:
    content = b"BT /F1 12 Tf 72 720 Td (Sideways) Tj ET"
    pdf = write_pdf(tmp_path / "rotated.pdf", content, {"F1": 5}, [HELVETICA], rotate=90)
    page = _page(pdf)
    assert (page.rotation, page.width, page.height) == (90, 792, 612)
    (word,) = page.words  # one word: every glyph has the font's size, not its own advance
    assert word.text == "Sideways"
    assert word.size == pytest.approx(12.0)
    assert not word.upright  # runs down the displayed page
    assert word.bottom - word.top > word.x1 - word.x0
    # the text's baseline was 72 pt from the unrotated page's left edge: 72 pt from the top now
    assert word.top == pytest.approx(72.0, abs=0.01)


def test_unused_winansi_code_reads_as_a_bullet(tmp_path: Path) -> None:
    content = b"BT /F1 10 Tf 72 720 Td (\\177 Item) Tj ET"
    pdf = write_pdf(tmp_path / "bullet.pdf", content, {"F1": 5}, [HELVETICA])
    assert [w.text for w in _page(pdf).words] == ["\u2022", "Item"]


def test_text_rotated_anticlockwise_reads_bottom_to_top(tmp_path: Path) -> None:
    content = (
        b"BT /F1 12 Tf 0 1 -1 0 100 300 Tm (Upward text) Tj ET BT /F1 12 Tf 0 -1 1 0 200 500 Tm (Down) Tj ET"
    )
    pdf = write_pdf(tmp_path / "vertical.pdf", content, {"F1": 5}, [HELVETICA])
    words = _page(pdf).words
    assert [w.text for w in words] == ["Upward", "text", "Down"]
    assert not any(w.upright for w in words)
    assert words[0].bottom == pytest.approx(792 - 300, abs=0.01)  # starts at the baseline's origin
