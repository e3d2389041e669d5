"""Per-KPI detail boxes printed as text (the 2018/19 QPR layout):

    Greenhouse Gas emissions from KCC estate (excluding schools) in tonnes – rolling 12 months
    GREEN ↑
    Current: 38,132
    Target: 39,100
    Previous: 38,795

Each box gives a KPI record (RAG latest, DoT) and observations (actual, target, previous value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.parsers.dot import read_dot
from extractor.parsers.footers import is_footer
from extractor.parsers.layout import TextLine, page_lines
from extractor.parsers.pdf import PageContent
from extractor.parsers.rag import Rag, rag_from_text
from extractor.schemas.numbers import parse_number
from extractor.schemas.vocabulary import load_vocab, match_key

_FIELD = re.compile(
    r"^(?P<label>current|actual|target|previous|floor(?:\s+standard)?)\s*:\s*(?P<value>.+)$", re.I
)
_MEASURE = {"current": "actual", "actual": "actual", "target": "target", "previous": "previous"}
_NAME_LINES = 3  # a KPI name wraps onto at most this many lines
NAME_GAP = 2.0  # text heights between a KPI name and its rating line, at most
WRAP_GAP = 0.9  # text heights between the wrapped lines of one name, at most


@dataclass
class KpiObservation:
    measure: str  # actual, target, previous, floor
    value: float
    text: str
    unit: str | None
    page: int
    bbox: list[float]


@dataclass
class KpiBox:
    name: str
    rag: Rag | None
    dot_text: str
    page: int
    bbox: list[float]
    observations: list[KpiObservation] = field(default_factory=list)


def _rating_line(line: TextLine) -> tuple[Rag, str] | None:
    tokens = line.text.split()
    if not tokens or len(tokens) > 2 or len(tokens[0]) < 3:
        return None  # (most lines: their first word need not be looked up)
    rag = rag_from_text(tokens[0])
    if rag is None:
        return None
    dot_text = tokens[1] if len(tokens) == 2 else ""
    if dot_text and read_dot(dot_text).dot is None:
        return None
    return rag, dot_text


def _is_heading(text: str) -> bool:
    """'Key Performance Indicators' and the like: the heading over the boxes, not a KPI name."""
    vocab = load_vocab("kpi_tables")
    return match_key(text) in {match_key(p) for p in [*vocab["name"], *vocab["area_suffixes"]]}


def name_above(lines: list[TextLine], i: int) -> list[TextLine]:
    """The lines directly above line i that belong to one name (no gap wider than a line)."""
    out: list[TextLine] = []
    below = lines[i]
    for j in range(i - 1, max(i - 1 - _NAME_LINES, -1), -1):
        line = lines[j]
        height = below.bottom - below.top
        # the name may stand a paragraph space above its rating line; its own lines wrap tightly
        gap = NAME_GAP if j == i - 1 else WRAP_GAP
        if below.top - line.bottom > gap * height or _FIELD.match(line.text) or _is_heading(line.text):
            break
        out.insert(0, line)
        below = line
    return out


def _observation(line: TextLine) -> KpiObservation | None:
    m = _FIELD.match(line.text.strip())
    if not m:
        return None
    number = parse_number(m.group("value"))
    if number is None:
        return None
    label = m.group("label").lower()
    measure = _MEASURE.get(label, "floor")
    unit = "%" if m.group("value").strip().endswith("%") else (number.unit or "count")
    return KpiObservation(measure, number.value, m.group("value").strip(), unit, line.page, line.bbox)


def _followers(lines: list[TextLine], i: int, next_page: list[TextLine]) -> list[TextLine]:
    """The lines after a rating line that may hold its values: on its page, or at the top of the
    next page when the box breaks there (only a page footer below the rating)."""
    rest = [ln for ln in lines[i + 1 :] if not is_footer(ln.text)]
    return rest[:5] if rest else next_page[:5]


def find_kpi_boxes(pages: list[PageContent]) -> list[KpiBox]:
    boxes = []
    page_text = [page_lines(page) for page in pages]
    for k, page in enumerate(pages):
        lines = page_text[k]
        next_page = page_text[k + 1] if k + 1 < len(pages) else []
        for i, line in enumerate(lines):
            rating = _rating_line(line)
            if rating is None:
                continue
            followers = _followers(lines, i, next_page)
            if not followers or _observation(followers[0]) is None:
                continue
            name_lines = name_above(lines, i)
            if not name_lines:
                continue
            observations = []
            for follower in followers:
                obs = _observation(follower)
                if obs is None:
                    break
                observations.append(obs)
            x0 = min(ln.x0 for ln in name_lines)
            bottom = observations[-1].bbox[3] if observations[-1].page == page.number else line.bottom
            boxes.append(
                KpiBox(
                    name=" ".join(ln.text for ln in name_lines),
                    rag=rating[0],
                    dot_text=rating[1],
                    page=page.number,
                    bbox=[round(x0, 2), name_lines[0].bbox[1], max(ln.x1 for ln in name_lines), bottom],
                    observations=observations,
                )
            )
    return boxes
