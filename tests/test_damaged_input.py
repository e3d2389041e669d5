"""Damaged and hostile PDFs: a page that cannot be read is a warning naming it and the rest is read;
a file is refused only when nothing in it can be read, with the real cause; a compression bomb is
emptied before anything inflates it. The fuzz subset runs a few mutants of each kind of
benchmarks/fuzz.py (the whole run: `python benchmarks/fuzz.py SOURCE...`)."""

from __future__ import annotations

import random
import subprocess
import sys
import zlib
from pathlib import Path
from types import ModuleType

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, StreamObject

from extractor.parsers import streams
from extractor.parsers.pdf import PdfError, survey_pdf
from extractor.pipeline import extract
from tests.benchscripts import load_script
from tests.pdfgen import Line, Page, write_pdf

ROOT = Path(__file__).resolve().parent.parent
WORDS = ["Parking", "income", "rose", "by", "£2.4m", "against", "the", "budget", "for", "2023-24"]


@pytest.fixture(scope="module")
def fuzz() -> ModuleType:
    return load_script("fuzz.py", "fuzz")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three pages of report prose, each with its own marker word (PageNmarker)."""
    rng = random.Random(7)
    pages = [
        Page(
            lines=[Line(f"Section {n}", size=14, bold=True), Line(f"Page{n}marker opens this page's text.")]
            + [Line(" ".join(rng.choice(WORDS) for _ in range(12))) for _ in range(25)],
            footer=f"Page {n}",
        )
        for n in (1, 2, 3)
    ]
    return write_pdf(tmp_path_factory.mktemp("built") / "report.pdf", pages)


def _pdfium_chars(path: Path) -> tuple[int, int]:
    """(pages, non-blank characters) pdfium finds, (0, 0) when it cannot open the file."""
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return 0, 0
    chars = 0
    for i in range(len(doc)):
        try:
            chars += sum(1 for c in doc[i].get_textpage().get_text_range() if not c.isspace())
        except pdfium.PdfiumError:
            pass
    return len(doc), chars


def _read_chars(doc: object) -> int:
    paragraphs = getattr(doc, "paragraphs", [])
    return sum(len("".join(p.text.split())) for p in paragraphs)


def _with_page_content(source: Path, target: Path, page: int, data: bytes, filters: str) -> Path:
    writer = PdfWriter(clone_from=PdfReader(source))
    stream = StreamObject()
    stream._data = data
    stream[NameObject("/Filter")] = NameObject(filters)
    writer.pages[page - 1][NameObject("/Contents")] = writer._add_object(stream)
    with open(target, "wb") as fh:
        writer.write(fh)
    return target


def test_a_page_that_cannot_be_read_is_named_and_the_rest_is_read(built: Path, tmp_path: Path) -> None:
    damaged = _with_page_content(
        built, tmp_path / "damaged.pdf", 2, b"\xff\xfe not ascii85 \x00", "/ASCII85Decode"
    )
    doc = extract(damaged)
    assert doc.source.pages == 3
    assert any(w.startswith("page 2:") for w in doc.warnings), doc.warnings
    text = " ".join(p.text for p in doc.paragraphs)
    assert "Page1marker" in text and "Page3marker" in text and "Page2marker" not in text


def test_a_compression_bomb_is_emptied_and_the_other_pages_read(built: Path, tmp_path: Path) -> None:
    packer = zlib.compressobj(9)
    bomb = b"".join(packer.compress(b" " * (1 << 20)) for _ in range(100)) + packer.flush()  # 100 MB
    assert len(bomb) < 200_000
    path = _with_page_content(built, tmp_path / "bomb.pdf", 2, bomb, "/FlateDecode")
    defused, notes = streams.defuse(path.read_bytes())
    assert len(defused) == path.stat().st_size and len(notes) == 1 and "compression bomb" in notes[0]
    doc = extract(path)
    assert any("compression bomb" in w for w in doc.warnings)
    text = " ".join(p.text for p in doc.paragraphs)
    assert "Page1marker" in text and "Page3marker" in text


def test_junk_before_the_header_and_after_the_end_is_read(built: Path, tmp_path: Path) -> None:
    path = tmp_path / "wrapped.pdf"
    path.write_bytes(b"<html>" + b"x" * 5000 + b"\n" + built.read_bytes() + b"\x00junk" * 2000)
    doc = extract(path)
    assert doc.source.pages == 3
    assert any("bytes before the PDF header were skipped" in w for w in doc.warnings)


def test_a_file_with_no_header_anywhere_is_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "page.pdf"
    path.write_bytes(b"<!DOCTYPE html><html>" + b"%PD" * 1000)
    with pytest.raises(PdfError, match="not a PDF"):
        survey_pdf(path)


def test_a_fifo_is_refused_without_being_read(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    with pytest.raises(PdfError, match="not a regular file"):
        survey_pdf(fifo)


SUBSET = [
    "flip_bytes",
    "truncate",
    "damage_xref",
    "damage_stream",
    "lying_length",
    "garbage_objects",
    "huge_count",
    "page_tree_loop",
    "deep_array",
    "javascript_action",
    "junk_before",
]


@pytest.mark.parametrize("kind", SUBSET)
def test_fuzz_subset_reads_or_refuses_cleanly(
    kind: str, fuzz: ModuleType, built: Path, tmp_path: Path
) -> None:
    mutant = tmp_path / f"{kind}.pdf"
    mutant.write_bytes(fuzz.MUTATIONS[kind](built.read_bytes(), random.Random(11)))
    pages, chars = _pdfium_chars(mutant)
    try:
        doc = extract(mutant)
    except PdfError as exc:
        assert len(str(exc).splitlines()) == 1
        # refused only when pdfium cannot read it either
        assert pages == 0 or chars == 0, exc.reason
        return
    lost = doc.source.pages < pages or _read_chars(doc) < 0.5 * 0.9 * chars
    assert not lost or doc.warnings, (kind, doc.source.pages, pages, _read_chars(doc), chars)


def test_extract_refuses_at_its_time_limit(built: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "extractor", "extract", str(built), "--timeout", "0.001"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 3
    assert run.stderr.strip() == f"error: {built}: took longer than the time limit of 0.001 s (--timeout)"
