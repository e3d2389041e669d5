"""An agenda front sheet: the meeting (body, date, time, venue) and its numbered items.

Items are read line by line: "5. Title (Pages 11 - 42)" starts an item; a title wrapped onto the
next line is joined when that line sits tight under it in the same type (or indented under the
title), so an explanatory note in smaller type is not swallowed. Item numbers must rise by one, which
keeps numbered paragraphs of motion text printed after the list out of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extractor.parsers.dates import meeting_date
from extractor.parsers.layout import TextLine
from extractor.schemas.document import AgendaItem, Meeting
from extractor.schemas.vocabulary import load_vocab

# "5. Title" or "5 Title"; "4.30pm." (a time wrapped to the start of a line) is no item
_ITEM = re.compile(r"^(\d{1,3})(?:\s*[.)](?!\d)\s*|\s+)(\S.*)$")
_PAGES = re.compile(r"\(\s*pages?\s+(\d{1,4})\s*(?:[-\u2013\u2014to]+\s*(\d{1,4}))?\s*\)", re.IGNORECASE)
_OPEN_PAGES = re.compile(r"\(\s*pages?\b[^)]*$", re.IGNORECASE)
# a range broken over two lines: "(Pages 461 -" (or "(Pages") ends one line, "610)" (or "461 - 610)")
# ends the next, and in a column of ranges beside the titles the title's next line comes between
_PAGES_HEAD = re.compile(r"\(\s*pages?(?:\s+(\d{1,4}))?\s*(?:[-\u2013\u2014]|to)?(?=\s|$)", re.IGNORECASE)
_PAGES_TAIL = re.compile(r"(?:(?<!\S)(\d{1,4})\s*(?:[-\u2013\u2014]|to)\s*)?(?<!\S)(\d{1,4})\s*\)")
_DECISION = re.compile(r"(?<![\d/])(\d{2})\s*[/-]\s*(\d{5})(?![\d/])")
_SPACES = re.compile(r"\s+")
_LEADING_BULLET = re.compile(r"^(?:\(cid:\d+\)|[\u2022\u00b7\u25aa\u25cf\uf0b7])\s*")
# a printed gap this many times the line's height still counts as "the next line of the same title"
_TIGHT_GAP = 0.7


@dataclass
class FrontSheet:
    pages: list[int]
    meeting: Meeting
    body_pack_type: str | None  # cabinet_agenda_pack / council_agenda_pack / committee_agenda_pack
    items: list[AgendaItem] = field(default_factory=list)
    # item number -> (page, bbox) of the item's line, for provenance
    item_lines: dict[str, tuple[int, list[float]]] = field(default_factory=dict)


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def line_text(line: TextLine) -> str:
    """A line's text, whitespace-normalised and without a leading bullet glyph ("(cid:127) 95. ...")."""
    return _LEADING_BULLET.sub("", _norm(line.text))


@lru_cache(maxsize=1)
def _compiled() -> dict[str, list[re.Pattern[str]]]:
    v = load_vocab("meetings")
    flags = re.IGNORECASE
    return {
        "markers": [re.compile(p, flags) for p in v["agenda_markers"]],
        "phrases": [re.compile(p, flags) for p in v["body_phrases"]],
        "unrestricted": [re.compile(p, flags) for p in v["sections"]["unrestricted"]],
        "exempt": [re.compile(p, flags) for p in v["sections"]["exempt"]],
        "committee": [re.compile(v["committee_pattern"], flags)],
    }


def is_agenda_marker(text: str) -> bool:
    t = _norm(text)
    return any(p.search(t) for p in _compiled()["markers"])


def section_of(text: str) -> str | None:
    t = _norm(text)
    for name in ("unrestricted", "exempt"):
        if any(p.search(t) for p in _compiled()[name]):
            return name
    return None


def decision_number(text: str) -> str | None:
    """A decision reference such as 23/00091 or 23-00091, normalised to YY/NNNNN."""
    m = _DECISION.search(text)
    return f"{m.group(1)}/{m.group(2)}" if m else None


def _smart_title(text: str) -> str:
    if not text.isupper():
        return text
    small = {"and", "of", "the", "for", "in", "on", "to", "&"}
    words = text.lower().split()
    return " ".join(w if (i and w in small) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def canonical_body(text: str) -> tuple[str, str] | None:
    """(body name, agenda pack type) for a text that names a meeting body, else None."""
    # "CORPORATE PARENTING PANEL – 26 October 2022" (or "PANEL– 29 October"): the body is before the dash
    name = re.split(r"(?<=\D)\s*[-\u2013\u2014]\s*(?=\d|\w+day\b)", _norm(text))[0].strip(" .,:;-\u2013")
    if not name or len(name) > 80:
        return None
    for body in load_vocab("meetings")["bodies"]:
        if re.search(body["pattern"], name, re.IGNORECASE):
            # a body without a canonical name (a parish council) is named as printed
            return body["name"] or _smart_title(name), body["pack_type"]
    if any(p.search(name) for p in _compiled()["committee"]):
        return _smart_title(name), "committee_agenda_pack"
    return None


def find_body(lines: list[TextLine]) -> tuple[str, str] | None:
    """The meeting body: from a phrase that names it ("A meeting of the County Council will be held"),
    else a line that is nothing but a body name ("CABINET" under "AGENDA")."""
    texts = [_norm(ln.text) for ln in lines]
    joined = " ".join(texts)
    for phrase in _compiled()["phrases"]:
        for source in (joined, *texts):
            m = phrase.search(source)
            if m and (body := canonical_body(m.group(1))):
                return body
    # the line under the agenda heading names the body ("AGENDA" / "CABINET"), before any
    # letterhead above it ("KENT COUNTY COUNCIL") is taken for one
    marker = next((i for i, t in enumerate(texts) if is_agenda_marker(t)), None)
    after = texts[marker + 1 : marker + 4] if marker is not None else []
    for text in [*after, *texts]:
        if (body := canonical_body(text)) is not None:
            return body
    return None


def _segments(line: TextLine) -> list[str]:
    """A line split where words stand far apart: two columns printed side by side."""
    parts: list[list[str]] = [[]]
    prev = None
    for w in line.words:
        if prev is not None and w.x0 - prev.x1 > max(12.0, 2.5 * (w.size or 10.0)):
            parts.append([])
        parts[-1].append(w.text)
        prev = w
    return [" ".join(p) for p in parts if p]


def _cut_labels(text: str) -> str:
    low = text.lower()
    cut = min(
        (i for lbl in load_vocab("meetings")["label_words"] if (i := low.find(lbl)) >= 0), default=len(text)
    )
    return text[:cut].strip(" ,;:-")


def find_venue(lines: list[TextLine]) -> str | None:
    """Where the meeting is held: "held in the Council Chamber, County Hall on ..." or a venue printed
    after the time on the date line, or the first short text that names a room or building."""
    words = load_vocab("meetings")["venue_words"]
    joined = _norm(" ".join(ln.text for ln in lines))
    m = re.search(r"\bheld (?:in|at) (?:the\s+)?(.+?)\s+on\s+\w+day\b", joined, re.IGNORECASE)
    if m:
        return _norm(m.group(1)).strip(" ,")
    for ln in lines:
        for seg in _segments(ln):
            tail = re.search(r"\d\s*(?:a\.?m\.?|p\.?m\.?)\s+(\S.*)$", seg, re.IGNORECASE)
            candidate = _cut_labels(tail.group(1) if tail else seg)
            if candidate and any(re.search(rf"\b{w}\b", candidate, re.IGNORECASE) for w in words):
                if len(candidate) <= 80 and not re.search(r"\b(?:will|is|are|was)\b", candidate):
                    return candidate
    return None


def _same_type(a: TextLine, b: TextLine) -> bool:
    lettered = any(c.isalpha() for c in b.text)
    return abs(a.size - b.size) <= 0.6 and (a.bold == b.bold or not lettered)


def _title_x(line: TextLine) -> float:
    return line.words[1].x0 if len(line.words) > 1 else line.x0


@dataclass
class _Draft:
    number: str
    section: str | None
    first: TextLine
    last: TextLine
    text: str


def _continues(draft: _Draft, line: TextLine) -> bool:
    if _OPEN_PAGES.search(draft.text):
        return True  # "(Pages 15 -" is finished on the next line
    height = max(draft.last.bottom - draft.last.top, 1.0)
    if line.top - draft.last.bottom > _TIGHT_GAP * height or line.page != draft.last.page:
        return False
    indented = line.x0 >= _title_x(draft.first) - 2.0 and line.x0 > draft.first.x0 + 4.0
    return indented or _same_type(draft.first, line)


def _page_range(text: str) -> tuple[int | None, int | None, str]:
    """The printed page range of an item's text and the text without it."""
    m = _PAGES.search(text)
    if m:
        start = int(m.group(1))
        end = int(m.group(2)) if m.group(2) else start
        return start, end, _norm(text[: m.start()] + " " + text[m.end() :])
    head = _PAGES_HEAD.search(text)
    if head is None:
        return None, None, text
    rest = text[head.end() :]
    # the range's close is the last "N)" after its opening: a title's own "(2025-28)" comes earlier
    tails = [t for t in _PAGES_TAIL.finditer(rest) if head.group(1) is None or t.group(1) is None]
    if not tails:
        return None, None, text
    tail = tails[-1]
    numbers = [int(n) for n in (head.group(1), tail.group(1), tail.group(2)) if n is not None]
    if numbers[-1] < numbers[0]:
        return None, None, text
    title = _norm(text[: head.start()] + " " + rest[: tail.start()] + rest[tail.end() :])
    return numbers[0], numbers[-1], title


def _closes_range(draft: _Draft, text: str) -> bool:
    """Does this line finish the page range the item's text left open ("(Pages 461 -" + "610)")?"""
    if not _OPEN_PAGES.search(draft.text):
        return False
    m = _PAGES.search(f"{draft.text} {text}")
    return m is not None and m.start() < len(draft.text)


def _finish(draft: _Draft) -> AgendaItem:
    start, end, text = _page_range(_norm(draft.text))
    return AgendaItem(
        number=draft.number,
        title=text.strip(" -\u2013"),
        printed_page_start=start,
        printed_page_end=end,
        decision_number=decision_number(text),
        section=draft.section,  # type: ignore[arg-type]
    )


def parse_items(lines: list[TextLine]) -> tuple[list[AgendaItem], dict[str, tuple[int, list[float]]]]:
    """Numbered agenda items in reading order, from the agenda marker on."""
    items: list[AgendaItem] = []
    where: dict[str, tuple[int, list[float]]] = {}
    draft: _Draft | None = None
    section: str | None = None
    expected: int | None = None
    started = not any(is_agenda_marker(ln.text) for ln in lines)
    for ln in lines:
        text = line_text(ln)
        if not started:
            started = is_agenda_marker(text)
            continue
        if (sec := section_of(text)) is not None:
            section = sec
            if draft:
                items.append(_finish(draft))
                draft = None
            continue
        m = _ITEM.match(text)
        number = int(m.group(1)) if m else None
        is_item = (
            m is not None
            and (expected is None or number == expected)
            and any(c.isalpha() for c in m.group(2))
            and (re.match(r"^\d{1,3}\s*[.)]", text) is not None or _PAGES.search(text) is not None)
        )
        if m and is_item and number is not None:
            if draft:
                items.append(_finish(draft))
            draft = _Draft(str(number), section, ln, ln, m.group(2))
            where[str(number)] = (ln.page, ln.bbox)
            expected = number + 1
        elif draft and (not m or _closes_range(draft, text)) and _continues(draft, ln):
            # a wrongly numbered line is never a title's tail, but "610)" may close an open range
            draft.text += " " + text
            draft.last = ln
        elif draft:
            items.append(_finish(draft))
            draft = None
    if draft:
        items.append(_finish(draft))
    return items, where


def parse_front_sheet(pages: list[int], lines: dict[int, list[TextLine]]) -> FrontSheet:
    """Meeting details and items from the front-sheet pages (in order)."""
    all_lines = [ln for p in pages for ln in lines.get(p, [])]
    items, where = parse_items(all_lines)
    first = where[items[0].number] if items else None
    cut = next((i for i, ln in enumerate(all_lines) if (ln.page, ln.bbox) == first), None)
    header = all_lines[:cut] if cut else all_lines  # the meeting is described above the items
    body = find_body(header) or find_body(all_lines)
    when = meeting_date(_norm(" ".join(ln.text for ln in header))) or meeting_date(
        _norm(" ".join(ln.text for ln in all_lines))
    )
    meeting = Meeting(
        body=body[0] if body else None,
        date=when.date if when else None,
        time=when.time if when else None,
        venue=find_venue(header),
    )
    return FrontSheet(
        pages=pages, meeting=meeting, body_pack_type=body[1] if body else None, items=items, item_lines=where
    )
