"""Text a reader cannot see stays out of the words: clipped away (a spreadsheet label clipped to
a sliver beside its cell) or painted over (a box filled after the text); text drawn on top of a
fill, and fills drawn before text, hide nothing."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from extractor.parsers.pdf import iter_pages
from extractor.parsers.tables import extract_tables


def _ruled_table_with_hidden_text(path: Path) -> Path:
    c = Canvas(str(path), pagesize=A4)
    _, height = A4
    top = height - 100
    cols = [50.0, 150.0, 300.0, 450.0]
    rows = [top, top - 20, top - 40, top - 60]
    # a section label drawn first, then clipped to a one-point strip (as spreadsheets leave it)
    c.saveState()
    clip = c.beginPath()
    clip.rect(cols[0], rows[1] - 1, cols[-1] - cols[0], 1)
    c.clipPath(clip, stroke=0, fill=0)
    c.setFont("Helvetica-Bold", 12)
    c.drawString(cols[0] + 3, rows[1] - 15, "Significant Risks (over 10m)")
    c.restoreState()
    # a name painted over by a black box drawn after it
    c.setFont("Helvetica", 9)
    c.drawString(cols[2] + 3, rows[2] - 14, "Redacted Person")
    c.setFillColorRGB(0, 0, 0)
    c.rect(cols[2], rows[3], cols[3] - cols[2], 20, stroke=0, fill=1)
    # a shaded cell drawn before its text: the text shows
    c.setFillColorRGB(0.85, 0.85, 0.85)
    c.rect(cols[0], rows[1], cols[-1] - cols[0], 20, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    for x, label in zip(cols, ["Directorate", "Risk Title", "Owner"], strict=False):
        c.drawString(x + 3, rows[0] - 14, label)
    for x, label in zip(cols, ["CYPE", "High Needs Spending", "Jane Smith"], strict=False):
        c.drawString(x + 3, rows[1] - 14, label)
    for x, label in zip(cols, ["ALL", "Revenue Inflation"], strict=False):
        c.drawString(x + 3, rows[2] - 14, label)
    for y in rows:
        c.line(cols[0], y, cols[-1], y)
    for x in cols:
        c.line(x, rows[0], x, rows[-1])
    c.save()
    return path


def test_clipped_and_painted_over_text_is_left_out(tmp_path: Path) -> None:
    pdf = _ruled_table_with_hidden_text(tmp_path / "hidden.pdf")
    pages = list(iter_pages(pdf))
    words = [w.text for w in pages[0].words]
    for visible in ("Directorate", "CYPE", "High", "Jane", "Revenue", "Inflation"):
        assert visible in words
    for hidden in ("Significant", "Risks", "Redacted", "Person"):
        assert hidden not in words
    rows = [r for t in extract_tables(pages) for r in t.rows]
    assert ["CYPE", "High Needs Spending", "Jane Smith"] in rows
    assert ["ALL", "Revenue Inflation", ""] in rows
