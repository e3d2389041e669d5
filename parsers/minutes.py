"""Minutes of a meeting: who was present, in attendance and sent apologies; each minute, the agenda
item it records and what was RESOLVED.

Minute numbers run on across meetings ("13. Apologies" / "(Item 1)"), so a minute heading is a
numbered line whose number follows the previous minute's and which is either set in bold or cites
its agenda item; numbered paragraphs inside a minute ("1. Mr Shipton introduced ...") restart at 1
and so never pass for headings. Labels and honours live in `schemas/vocab/meetings.json`.
"""

from __future__ import annotations

import re

from extractor.parsers.dates import meeting_date
from extractor.parsers.frontsheet import decision_number, find_body
from extractor.parsers.frontsheet import line_text as _text
from extractor.parsers.layout import TextLine
from extractor.schemas.document import Minute, MinutesRecord
from extractor.schemas.vocabulary import load_vocab

_HEADING = re.compile(r"^(\d{1,4})\.\s+(\S.*)$")
_ITEM_REF = re.compile(r"\(\s*item\s+(\d+[a-z]?)\s*\)", re.IGNORECASE)
# "RESOLVED that", "(3) RESOLVED to", "It was RESOLVED"; not "the issue was resolved" in the discussion
_RESOLVED = re.compile(r"\bRESOLVED\b|^(?:\(?\d+\)?\.?\s*)?(?:It was )?Resolved\b")
_APOLOGIES = re.compile(
    r"apologies(?: for absence)?(?: were| was)?(?: received| reported| given)?\s+from\s+(.+?)(?:\.\s|\.$|$)",
    re.IGNORECASE,
)
# a paragraph goes on while the next line sits this close under the last (share of line height)
_TIGHT_GAP = 0.7


def _split_outside_brackets(text: str) -> list[str]:
    """Split a list at commas and 'and', but not inside '(Head of Policy, Planning and Strategy)'."""
    parts, depth, start = [], 0, 0
    for m in re.finditer(r"[()]|,|\band\b", text):
        token = m.group(0)
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            parts.append(text[start : m.start()])
            start = m.end()
    parts.append(text[start:])
    return parts


def _names(text: str) -> list[str]:
    """'Mr A (Chairman), Mr R C Love, OBE, Mr D Murphy and Mr P J Oakford' -> four names; honours
    after a comma stay with their name."""
    honours = set(load_vocab("meetings")["minutes"]["honours"])
    parts = [p.strip(" .;") for p in _split_outside_brackets(text)]
    names: list[str] = []
    for part in parts:
        if not part:
            continue
        if names and part.upper().replace(".", "") in honours:
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    return names


def _labelled(lines: list[TextLine], label: str, stops: list[str]) -> list[str]:
    """The names after a label such as 'PRESENT:', over the lines that follow it up to the next label."""
    for i, ln in enumerate(lines):
        m = re.match(label, _text(ln), re.IGNORECASE)
        if not m:
            continue
        parts = [_text(ln)[m.end() :]]
        for nxt in lines[i + 1 :]:
            t = _text(nxt)
            if any(re.match(s, t, re.IGNORECASE) for s in stops) or _HEADING.match(t) or nxt.bold:
                break
            parts.append(t)
        return _names(" ".join(parts))
    return []


def _paragraph(lines: list[TextLine], start: int) -> tuple[str, int]:
    """The paragraph beginning at lines[start], joined; and the index after it."""
    parts = [_text(lines[start])]
    i = start + 1
    while i < len(lines):
        prev, ln = lines[i - 1], lines[i]
        height = max(prev.bottom - prev.top, 1.0)
        tight = ln.page == prev.page and ln.top - prev.bottom <= _TIGHT_GAP * height
        if not tight or _HEADING.match(_text(ln)):
            break
        parts.append(_text(ln))
        i += 1
    return " ".join(parts), i


def _minutes(lines: list[TextLine]) -> list[Minute]:
    found: list[Minute] = []
    expected: int | None = None
    i = 0
    while i < len(lines):
        ln = lines[i]
        m = _HEADING.match(_text(ln))
        if m and (expected is None or int(m.group(1)) == expected):
            near = " ".join(_text(x) for x in lines[i : i + 3])
            ref = _ITEM_REF.search(near)
            if ln.bold or ref:
                title = _ITEM_REF.sub("", m.group(2)).strip()
                found.append(
                    Minute(
                        number=m.group(1),
                        title=title,
                        agenda_item=ref.group(1) if ref else None,
                        decision_number=decision_number(title),
                        page=ln.page,
                        bbox=ln.bbox,
                    )
                )
                expected = int(m.group(1)) + 1
                i += 1
                continue
        if found and _RESOLVED.search(_text(ln)):
            text, i = _paragraph(lines, i)
            found[-1].resolutions.append(text)
            continue
        i += 1
    return found


def _apologies(lines: list[TextLine]) -> list[str]:
    joined = " ".join(_text(ln) for ln in lines)
    m = _APOLOGIES.search(joined)
    return [n for n in _names(m.group(1)) if n and n[0].isupper()] if m else []


def parse_minutes(
    pages: list[int], lines: dict[int, list[TextLine]], agenda_item: str | None = None
) -> MinutesRecord:
    """The minutes printed on `pages` (physical, in order)."""
    flat = [ln for p in pages for ln in lines.get(p, [])]
    vocab = load_vocab("meetings")["minutes"]
    opening = flat[:15]
    body = find_body(opening)
    when = meeting_date(" ".join(_text(ln) for ln in opening))
    minutes = _minutes(flat)
    apologies_minute = next((m for m in minutes if re.match(vocab["apologies_title"], m.title, re.I)), None)
    apology_lines = flat
    if apologies_minute is not None:
        at = next(
            i
            for i, ln in enumerate(flat)
            if ln.page == apologies_minute.page and ln.bbox == apologies_minute.bbox
        )
        apology_lines = flat[at : at + 12]
    return MinutesRecord(
        body=body[0] if body else None,
        date=when.date if when else None,
        agenda_item=agenda_item,
        present=_labelled(flat, vocab["present"], vocab["labels"]),
        in_attendance=_labelled(flat, vocab["in_attendance"], vocab["labels"]),
        apologies=_apologies(apology_lines),
        minutes=minutes,
        page_start=pages[0],
        page_end=pages[-1],
    )
