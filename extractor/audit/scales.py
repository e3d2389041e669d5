"""Scale labels against their numbers: "Possible (4)" where the document's scale says "Possible (3)".

Risk registers and performance reports print scale levels as a label with its number in brackets
("Likely (4)", "Major (5)", "V. Likely (5)"). Across one document a label keeps one number; an
occurrence with another number, which is the number of a different label of the scale ("Possible
(4)" where 4 is "Likely"), is a slip between label and number. Nothing about any scale is known in
advance: the scale is read from the document, as the numbers its labels carry most of the time.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache

from extractor.audit.findings import text_finding
from extractor.schemas.document import Document, Finding
from extractor.schemas.labels import load
from extractor.schemas.table_figures import TableFigures

CHECK = "scales"
MIN_USES = 4  # a label seen this often, nearly always with one number, is a level of a scale
MIN_SHARE = 0.8


_MARK = re.compile(r"\([1-9]\)")  # the level every use ends with


@cache
def _level() -> re.Pattern[str]:
    """'Likely (4)', 'V. Likely (5)': a label, perhaps after a degree word, and a level 1-9."""
    degrees = "|".join(re.escape(w) for w in load("audit")["text_checks"]["scale_degrees"])
    return re.compile(rf"((?:(?:{degrees})\s+)?[A-Z][a-z]+)\s*\(([1-9])\)")


@dataclass(frozen=True, slots=True)
class Use:
    label: str
    number: int
    page: int
    bbox: list[float] | None
    text: str


def _uses(doc: Document) -> list[Use]:
    uses: list[Use] = []
    level = _level()
    for t in doc.tables:
        boxes = t.cell_bboxes or [[None] * len(r) for r in t.rows]
        pages = t.row_pages or [t.pages[0]] * len(t.rows)
        for row, row_boxes, page in zip(t.rows, boxes, pages, strict=False):
            for cell, box in zip(row, row_boxes, strict=False):
                if "(" in cell and _MARK.search(cell):  # every use holds one: most cells are not searched
                    uses.extend(
                        Use(m.group(1), int(m.group(2)), page, box, cell) for m in level.finditer(cell)
                    )
    for p in doc.paragraphs:
        if "(" in p.text and _MARK.search(p.text):
            uses.extend(
                Use(m.group(1), int(m.group(2)), p.page, p.bbox, p.text) for m in level.finditer(p.text)
            )
    return uses


def check(doc: Document, grids: list[TableFigures]) -> list[Finding]:
    uses = _uses(doc)
    by_label: dict[str, Counter[int]] = defaultdict(Counter)
    for u in uses:
        by_label[u.label][u.number] += 1
    scale: dict[str, int] = {}
    for label, numbers in by_label.items():
        number, count = numbers.most_common(1)[0]
        total = sum(numbers.values())
        if total >= MIN_USES and count / total >= MIN_SHARE:
            scale[label] = number
    owners: dict[int, list[str]] = defaultdict(list)
    for label, n in sorted(scale.items()):
        owners[n].append(label)
    findings = []
    for u in uses:
        usual = scale.get(u.label)
        others = owners.get(u.number, [])
        if usual is None or u.number == usual or not others:
            continue
        findings.append(
            text_finding(
                u.page,
                u.bbox,
                u.text,
                f"'{u.label} ({u.number})': elsewhere in the document {u.label} is ({usual}) "
                f"and ({u.number}) is {' / '.join(others)} (label and number disagree)",
                reported=str(u.number),
                expected=str(usual),
                check=CHECK,
            )
        )
    return findings
