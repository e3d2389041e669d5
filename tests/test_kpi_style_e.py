"""Style E's KPI tables on their own pages: no words in the RAG cells (their fill is the rating)
and no words in the DoT cells (each arrow is a seven-edge path of Bezier segments drawn under a
y-mirrored transform, filled and stroked twice). Every KPI read right against the sample's truth."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from extractor.pipeline import extract
from extractor.schemas.document import Document

PACK = "cabinet_pack_2024-01-04_E"
QPR_PAGES = range(38, 42)  # the KPI tables, 1-based physical pages of the pack


def _key(text: str) -> str:
    """Names compared as the project's scorer compares them (dashes and punctuation aside)."""
    return re.sub(r"[^a-z0-9%£]+", " ", text.lower()).strip()


@pytest.fixture(scope="module")
def kpi_pages(samples: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, list[dict]]:
    reader, writer = PdfReader(samples / f"{PACK}.pdf"), PdfWriter()
    for number in QPR_PAGES:
        writer.add_page(reader.pages[number - 1])
    path = tmp_path_factory.mktemp("style_e") / "kpi_pages.pdf"
    writer.write(path)
    truth = json.loads((samples / f"{PACK}.truth.json").read_text())["kpis"]
    return extract(path), truth


def test_every_kpi_with_its_fill_ratings_and_drawn_arrow(kpi_pages: tuple[Document, list[dict]]) -> None:
    doc, truth = kpi_pages
    assert [_key(k.name) for k in doc.kpis] == [_key(t["name"]) for t in truth]
    got = [(k.rag_latest, k.rag_previous, k.dot) for k in doc.kpis]
    assert got == [(t["rag_latest"], t["rag_previous"], t["dot"]) for t in truth]
    assert not [w for w in doc.warnings if "RAG" in w or "direction" in w]
