"""The whole pipeline on a pack the test builds: every stage's records reach the document."""

from __future__ import annotations

import gc
from pathlib import Path

from extractor.pipeline import extract
from tests.pdfgen import Pack, PackItem, write_agenda_pack


def test_built_pack_end_to_end(tmp_path: Path) -> None:
    pack = Pack(
        items=[
            PackItem(1, "Apologies"),
            PackItem(2, "Minutes of the Meeting held on 9 March 2021", 3, "minutes"),
            PackItem(3, "Quarterly Performance Report, Quarter 4, 2020/21", 4, "qpr"),
        ]
    )
    path = write_agenda_pack(tmp_path / "pack.pdf", pack)
    collector = gc.get_threshold()
    doc = extract(path)
    assert gc.get_threshold() == collector  # made to collect less often during the run only
    assert doc.document_type == "cabinet_agenda_pack"
    assert [i.number for i in doc.agenda_items] == ["1", "2", "3"]
    # the minutes item's record travels from the agenda stage into the document
    assert [m.agenda_item for m in doc.minutes] == ["2"]
    assert doc.minutes[0].present
    assert set(doc.timings) >= {"read", "tables", "agenda", "narrative", "kpis", "audit"}
