"""Per-KPI detail lines: "Latest: 97%   Target: 97%, Floor: 90%   Previous: 97% (Green)".

Detail pages of a QPR print, under each KPI's name, one line of its values; a long line wraps, so
a value (or its label) may carry on at the start of the next line. Fields are found by their
labels (`detail_labels` in `schemas/vocab/kpi_tables.json`), each value with its own words' box;
a detail line starts with the latest value's label and carries at least one more field;
a rating printed after a value in brackets ("(Green)") is that measure's RAG. The KPI is named by
the lines directly above (or the nearest bold heading above, when a chart stands between), and
its id comes from the KPI registry, so a name worded differently from the summary table still
reaches the same KPI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from extractor.parsers.kpi_boxes import KpiObservation, name_above
from extractor.parsers.layout import TextLine, page_lines
from extractor.parsers.pdf import PageContent, Word
from extractor.parsers.rag import Rag, rag_from_text
from extractor.schemas.numbers import parse_number
from extractor.schemas.vocabulary import load_vocab

WRAP_LINES = 3  # a detail line wraps onto at most this many lines
WRAP_GAP = 1.0  # text heights between the wrapped lines of one detail line, at most


@dataclass
class DetailBlock:
    name: str
    page: int
    bbox: list[float]
    observations: list[KpiObservation] = field(default_factory=list)
    ratings: dict[str, Rag] = field(default_factory=dict)  # measure -> the RAG printed after its value


@lru_cache(maxsize=1)
def _labels() -> list[tuple[list[str], str]]:
    vocab = load_vocab("kpi_tables")["detail_labels"]
    pairs = [(phrase.lower().split(), measure) for measure, phrases in vocab.items() for phrase in phrases]
    return sorted(pairs, key=lambda p: -len(p[0]))  # "floor standard" before "floor"


def _label_at(words: list[Word], i: int) -> tuple[int, str] | None:
    """(number of words, measure) when a field label ending in ':' starts at words[i]."""
    first = words[i].text.lower() if i < len(words) else ""
    for tokens, measure in _labels():
        # the first word decides most labels (a one-word label may carry its colon)
        if (first.rstrip(":") if len(tokens) == 1 else first) != tokens[0]:
            continue
        run = words[i : i + len(tokens)]
        if len(run) < len(tokens):
            continue
        texts = [w.text.lower() for w in run]
        colon = texts[-1].endswith(":")
        texts[-1] = texts[-1].rstrip(":")
        if texts == tokens and colon:
            return len(tokens), measure
        if texts == tokens and i + len(tokens) < len(words) and words[i + len(tokens)].text == ":":
            return len(tokens) + 1, measure
    return None


def _fields(words: list[Word]) -> list[tuple[str, list[Word]]]:
    """(measure, value words) for each label among `words`, in order."""
    out: list[tuple[str, list[Word]]] = []
    i = 0
    while i < len(words):
        found = _label_at(words, i)
        if found:
            out.append((found[1], []))
            i += found[0]
            continue
        if out:
            out[-1][1].append(words[i])
        i += 1
    return out


def _starts_detail(line: TextLine) -> bool:
    """An 'actual' label first and another label on the same line: one field per line is the
    2018/19 box layout (`kpi_boxes`), read there."""
    found = _label_at(line.words, 0)
    return found is not None and found[1] == "actual" and len(_fields(line.words)) >= 2


def _box(words: list[Word]) -> list[float]:
    return [
        round(min(w.x0 for w in words), 2),
        round(min(w.top for w in words), 2),
        round(max(w.x1 for w in words), 2),
        round(max(w.bottom for w in words), 2),
    ]


def _value(measure: str, words: list[Word], page: int) -> tuple[KpiObservation | None, Rag | None]:
    """The value of one field and the rating printed after it ('97% (Green)')."""
    rag = None
    if words and words[-1].text.startswith("(") and (rag := rag_from_text(words[-1].text.strip("(),;"))):
        words = words[:-1]
    text = " ".join(w.text for w in words).strip(" ,;")
    number = parse_number(text) if text else None
    if number is None:
        return None, rag
    unit = "%" if text.endswith("%") else (number.unit or "count")
    return KpiObservation(measure, number.value, text, unit, page, _box(words)), rag


def _wrapped(lines: list[TextLine], i: int) -> list[TextLine]:
    """Line i and the lines its fields carry on to: a next line starting with a label, or any next
    line while the last label still waits for its value."""
    out = [lines[i]]
    for line in lines[i + 1 : i + WRAP_LINES]:
        prev = out[-1]
        if line.top - prev.bottom > WRAP_GAP * (prev.bottom - prev.top) or _starts_detail(line):
            break
        fields = _fields([w for ln in out for w in ln.words])
        waiting = bool(fields) and not fields[-1][1]
        if not (_label_at(line.words, 0) or waiting):
            break
        out.append(line)
    return out


def _name(lines: list[TextLine], i: int) -> list[TextLine]:
    """The KPI's name: the lines directly above, else the nearest bold heading above on the page
    (a chart between name and values)."""
    direct = name_above(lines, i)
    if direct:
        return direct
    for j in range(i - 1, -1, -1):
        if _starts_detail(lines[j]):
            return []
        if lines[j].bold:
            return _bold_block(lines, j)
    return []


def _bold_block(lines: list[TextLine], j: int) -> list[TextLine]:
    out = [lines[j]]
    for k in range(j - 1, max(j - 3, -1), -1):
        if not lines[k].bold or out[0].top - lines[k].bottom > WRAP_GAP * (lines[k].bottom - lines[k].top):
            break
        out.insert(0, lines[k])
    return out


def find_detail_blocks(pages: list[PageContent]) -> list[DetailBlock]:
    blocks = []
    for page in pages:
        lines = page_lines(page)
        for i, line in enumerate(lines):
            if not _starts_detail(line):
                continue
            block_lines = _wrapped(lines, i)
            names = _name(lines, i)
            if not names:
                continue
            block = DetailBlock(
                name=" ".join(ln.text for ln in names),
                page=page.number,
                bbox=_box([w for ln in names + block_lines for w in ln.words]),
            )
            for measure, words in _fields([w for ln in block_lines for w in ln.words]):
                obs, rag = _value(measure, words, page.number)
                if obs is not None:
                    block.observations.append(obs)
                if rag is not None:
                    block.ratings[measure] = rag
            if block.observations:
                blocks.append(block)
    return blocks


def lower_is_better(observations: list[KpiObservation]) -> bool | None:
    """A floor above the target means lower values are better; below it, higher; else unknown."""
    target = next((o.value for o in observations if o.measure == "target"), None)
    floor = next((o.value for o in observations if o.measure == "floor"), None)
    if target is None or floor is None or target == floor:
        return None
    return floor > target
