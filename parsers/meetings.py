"""The meeting a document belongs to, read from its own first page or its file name, and its title.

An agenda pack names its meeting on its front sheet (`frontsheet.py`). A report or an appendix
published on its own often names it on its first page, as a labelled field ("Meeting: Cabinet",
"COMMITTEE: ...", "To: County Council – 9th January 2025", "DATE: 12 September 2024") or a phrase
("Minutes of the ... Committee", "determined at ... meeting on ..."); failing that its file name
may ("Agenda frontsheet 13th-Feb-2025 09.30 County Council.pdf", "...-committee-2024-09-12.pdf").
A body is only what `schemas/vocab/meetings.json` accepts as one (never a person or a heading); a
date is only one printed with the body, under a date label, or with a time (a letter's or a
publication's own date is not the meeting's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath

from extractor.parsers.dates import find_dates
from extractor.parsers.frontsheet import canonical_body, line_text
from extractor.parsers.layout import TextLine
from extractor.parsers.page_furniture import PAGE_NUMBER
from extractor.schemas.document import Meeting
from extractor.schemas.vocabulary import load_vocab

# the first page's opening lines hold the meeting, when it names one
_OPENING_LINES = 30
# a title is at most this many lines of the first page's largest type
_TITLE_LINES = 3
_TITLE_MAX_CHARS = 200
# type this many points larger than the body text is a heading's
_LARGER = 1.0


@dataclass(frozen=True)
class _Field:
    label: str  # which kind of label: body, date or title
    value: str
    index: int  # line index the label is on


@dataclass(frozen=True)
class _Vocab:
    labels: dict[str, list[re.Pattern[str]]]  # body, date, title -> label patterns (before a colon)
    phrases: list[re.Pattern[str]]  # phrases naming a body: group 1
    file_words: re.Pattern[str]  # words of a file name that are not a body's ("agenda", "minutes")
    furniture: list[re.Pattern[str]]  # lines that are never a title ("OFFICIAL", "Version ...")


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    vocab = load_vocab("meetings")
    v = vocab["first_page"]
    flags = re.IGNORECASE
    return _Vocab(
        labels={kind: [re.compile(p, flags) for p in pats] for kind, pats in v["labels"].items()},
        phrases=[re.compile(p, flags) for p in [*vocab["body_phrases"], *v["body_phrases"]]],
        file_words=re.compile(r"\b(?:" + "|".join(v["file_name_words"]) + r")\b", flags),
        furniture=[re.compile(p, flags) for p in v["furniture"]],
    )


def _labels() -> dict[str, list[re.Pattern[str]]]:
    return _vocab().labels


# "Meeting: Cabinet Date: 11 March 2026": a known label followed by a colon, anywhere in a line
def _fields(texts: list[str]) -> list[_Field]:
    found: list[_Field] = []
    for i, text in enumerate(texts):
        starts: list[tuple[int, int, str]] = []
        for kind, patterns in _labels().items():
            for p in patterns:
                for m in re.finditer(rf"(?:^|(?<=\s))(?:{p.pattern})\s*:", text, re.IGNORECASE):
                    starts.append((m.start(), m.end(), kind))
        starts.sort()
        kept = [s for j, s in enumerate(starts) if j == 0 or s[0] >= starts[j - 1][1]]
        for j, (_, end, kind) in enumerate(kept):
            stop = kept[j + 1][0] if j + 1 < len(kept) else len(text)
            value = text[end:stop].strip(" :-\u2013")
            if not value and len(kept) == 1:
                value = _beside(texts, i, text[:end])
            found.append(_Field(kind, value, i))
    return found


_SMALL_WORDS = {"and", "of", "the", "for", "in", "on", "to", "&", "with"}
# a body's name is short: a longer text naming a committee is a sentence about one
_MAX_BODY_WORDS = 9


def body_of(name: str) -> tuple[str, str] | None:
    """(body, pack type) when `name` is a body's name: one of the vocabulary's bodies, or a short
    name in capitals whose last word is a committee word ('Transport and Connectivity Committee');
    never a sentence, a person or a heading that merely mentions a committee."""
    found = canonical_body(name)
    if found is None:
        return None
    words = (
        re.sub(r"[-\u2013\u2014].*$", "", name).split()
        if found[1] == "committee_agenda_pack"
        else name.split()
    )
    if found[1] != "committee_agenda_pack":
        return found
    if not words or len(words) > _MAX_BODY_WORDS:
        return None
    if not all(w[:1].isupper() or w[:1] == "&" or w.lower() in _SMALL_WORDS for w in words):
        return None
    committee = load_vocab("meetings")["committee_pattern"]
    return found if re.search(committee, words[-1], re.IGNORECASE) else None


def _beside(texts: list[str], i: int, label: str) -> str:
    """The value of a label alone on its line: beside its first word on the line above, when the
    label is broken over two lines ("REPORT TRANSPORT" / "TITLE:"), else the next line."""
    if i > 0 and (words := texts[i - 1].split()):
        joined = f"{words[0]} {label}".rstrip(" :")
        if any(re.fullmatch(p.pattern, joined, re.IGNORECASE) for ps in _labels().values() for p in ps):
            return " ".join(words[1:])
    return texts[i + 1] if i + 1 < len(texts) else ""


def _body_and_date(text: str) -> tuple[tuple[str, str] | None, str | None]:
    """A text naming a body, maybe with its date after it: 'County Council – 9th January 2025'."""
    dates = find_dates(text)
    name = text[: dates[0].start] if dates else text
    name = re.sub(r"\b(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day\b.*$", "", name, flags=re.I)
    return body_of(name.strip(" ,.:;-\u2013\u2014")), dates[0].date if dates else None


def first_page_meeting(lines: list[TextLine]) -> Meeting | None:
    """The meeting a document's first page names, or None when it names no body."""
    texts = [line_text(ln) for ln in lines[:_OPENING_LINES]]
    fields = _fields(texts)
    body: tuple[str, str] | None = None
    when: str | None = None
    where: int | None = None
    for f in fields:
        if f.label == "body" and body is None:
            body, when = _body_and_date(f.value)
            where = f.index if body else None
    if body is None:
        joined = " ".join(texts)
        for phrase in _vocab().phrases:
            for i, source in [(None, joined), *enumerate(texts)]:
                m = phrase.search(source)
                if m and (found := _body_and_date(m.group(1)))[0]:
                    body, when = found
                    where = i if i is not None else _line_of(texts, m.start(1))
                    rest = source[m.end(1) :]
                    when = when or next((d.date for d in find_dates(rest)[:1]), None)
                    break
            if body:
                break
    if body is None:
        return None
    if when is None:
        labelled = [f for f in fields if f.label == "date" and find_dates(f.value)]
        if labelled:
            when = find_dates(labelled[0].value)[0].date
    if when is None and where is not None:
        # the date on the lines right under the body ("Minutes of the X Committee" / "12 September 2024")
        near = find_dates(" ".join(texts[where : where + 3]))
        when = near[0].date if near else None
    if when is None:
        timed = [d for d in find_dates(" ".join(texts)) if d.time]
        when = timed[0].date if timed else None
    return Meeting(body=body[0], date=when, time=None, venue=None)


def _line_of(texts: list[str], offset: int) -> int:
    total = 0
    for i, t in enumerate(texts):
        total += len(t) + 1
        if offset < total:
            return i
    return len(texts) - 1


_MONTHS3 = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_ISO = re.compile(r"(?<!\d)(20\d\d)[-_.](\d\d)[-_.](\d\d)(?!\d)")
_DMY = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?[-_ .]+((?:{_MONTHS3})[a-z]*)[-_ .,]+(20\d\d)(?!\d)", re.IGNORECASE
)
_TIME = re.compile(r"(?<!\d)\d{1,2}[.:]\d{2}(?!\d)")


def _file_date(stem: str) -> tuple[str | None, str]:
    """The date a file name carries and the name without it."""
    months = [m[:3] for m in load_vocab("meetings")["months"]]
    m = _ISO.search(stem)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}", stem[: m.start()] + " - " + stem[m.end() :]
    m = _DMY.search(stem)
    if m and m.group(2)[:3].lower() in months and 1 <= int(m.group(1)) <= 31:
        month = months.index(m.group(2)[:3].lower()) + 1
        date = f"{m.group(3)}-{month:02d}-{int(m.group(1)):02d}"
        return date, stem[: m.start()] + " - " + stem[m.end() :]
    return None, stem


def file_name_meeting(path: str) -> Meeting | None:
    """The meeting a file name names: a date (ISO or '13th-Feb-2025') and a body between separators."""
    stem = PurePath(path.replace("\\", "/")).stem.replace("%20", " ")
    date, rest = _file_date(stem)
    rest = _TIME.sub(" - ", rest)
    words = re.sub(r"[-_]+(?=\w)|(?<=\w)[-_]+", " ", rest)  # 'policy-committee' -> 'policy committee'
    pieces = re.split(r"\s+-\s+|\s{2,}|\d+", _vocab().file_words.sub(" - ", words))
    body = None
    for piece in pieces:
        piece = _title_case(piece.strip(" -_.,"))
        if (found := body_of(piece)) and (len(piece.split()) >= 2 or found[1] != "committee_agenda_pack"):
            body = found
            break
    if date is None and body is None:
        return None
    return Meeting(body=body[0] if body else None, date=date, time=None, venue=None)


def _title_case(text: str) -> str:
    """A name from a lower-case file name: 'harbour and parks committee' -> 'Harbour and Parks Committee'."""
    if any(c.isupper() for c in text):
        return text
    return " ".join(
        w if w in _SMALL_WORDS and i else w[:1].upper() + w[1:] for i, w in enumerate(text.split())
    )


def _furniture(text: str) -> bool:
    return bool(PAGE_NUMBER.match(text)) or any(p.search(text) for p in _vocab().furniture)


def document_title(lines: list[TextLine], skip: set[int] | None = None) -> str | None:
    """The document's own title from its first page: a 'Subject:'/'TITLE:' field, else the first
    block of the page's largest type (running headers and furniture, given as line ids, left out)."""
    texts = [line_text(ln) for ln in lines[:_OPENING_LINES]]
    for f in _fields(texts):
        if f.label == "title" and f.value:
            return _clip(f.value)
    candidates = [
        ln
        for ln in lines
        if id(ln) not in (skip or set())
        and sum(c.isalpha() for c in ln.text) >= 3
        and not _furniture(line_text(ln))
    ]
    if not candidates:
        return None
    # the body text's size: the size most of the page's characters are set in
    weights: dict[float, int] = {}
    for ln in candidates:
        weights[round(ln.size, 1)] = weights.get(round(ln.size, 1), 0) + len(ln.text)
    body_size = max(weights, key=lambda k: weights[k])
    prominent = [ln for ln in candidates if ln.size >= body_size + _LARGER or ln.bold]
    # a letterhead naming the council or the body ("KENT COUNTY COUNCIL", "CABINET") is not a title
    named = [ln for ln in prominent if canonical_body(line_text(ln)) is None]
    prominent = named or prominent
    if not prominent:
        return None
    size = max(ln.size for ln in prominent)
    top = [ln for ln in prominent if ln.size >= size - 0.5]
    block = [top[0]]
    for ln in candidates[candidates.index(top[0]) + 1 :][: _TITLE_LINES - 1]:
        gap = ln.top - block[-1].bottom
        same = abs(ln.size - block[-1].size) <= 0.5 and ln.bold == block[-1].bold
        if not same or ln.page != block[-1].page or gap > 1.5 * (block[-1].bottom - block[-1].top):
            break
        block.append(ln)
    return _clip(" ".join(line_text(ln) for ln in block))


def _clip(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" :-\u2013")
    return text if len(text) <= _TITLE_MAX_CHARS else text[: _TITLE_MAX_CHARS - 1].rstrip() + "\u2026"


# how many of a page's opening words are kept to find the page in another PDF
OPENING_WORDS = 80


def page_opening(lines: list[TextLine]) -> str:
    """A page's opening words, to find the same page inside another PDF (a report in its pack)."""
    return " ".join(" ".join(ln.text for ln in lines).split()[:OPENING_WORDS])


@dataclass(frozen=True)
class MeetingReading:
    meeting: Meeting | None
    title: str | None
    warning: str | None  # why there is no meeting (or no date), when that is so


def read_meeting(
    pack_meeting: Meeting | None,
    from_front_sheet: bool,
    lines: dict[int, list[TextLine]],
    path: str,
    furniture: set[int] | None = None,
) -> MeetingReading:
    """The document's meeting from, in order, its own front sheet (or the opening of its minutes),
    its first page and its file name, with the source; its title; a warning when none is found."""
    first = next((page for _, page in sorted(lines.items()) if page), [])
    title = document_title(first, furniture)
    meeting: Meeting | None = None
    own = first_page_meeting(first)
    if pack_meeting is not None and not from_front_sheet and own is not None:
        # minutes: the first page's stricter reading of the body ('Minutes of the Transport and
        # Connectivity' / 'Policy Committee' is not the 'Policy Committee'), the minutes' date if it has none
        pack_meeting = own.model_copy(update={"date": own.date or pack_meeting.date})
    if pack_meeting is not None and (pack_meeting.body or pack_meeting.date):
        meeting = pack_meeting.model_copy(
            update={"source": "front_sheet" if from_front_sheet else "first_page"}
        )
        title = _pack_title(meeting) if from_front_sheet else title
    elif own is not None:
        meeting = own.model_copy(update={"source": "first_page"})
    elif (named := file_name_meeting(path)) is not None:
        meeting = named.model_copy(update={"source": "file_name"})
    title = title or _stem_title(path)
    if meeting is None:
        why = "meeting: none named on a front sheet, on the first page or in the file name"
    elif meeting.date is None:
        why = f"meeting: {meeting.body} named ({meeting.source}) without a date"
    elif meeting.body is None:
        why = f"meeting: dated {meeting.date} ({meeting.source}) without a body"
    else:
        why = None
    return MeetingReading(meeting, title, why)


def _pack_title(meeting: Meeting) -> str:
    when = f", {meeting.date}" if meeting.date else ""
    return f"{meeting.body or 'Meeting'} agenda{when}"


def _stem_title(path: str) -> str | None:
    stem = PurePath(path.replace("\\", "/")).stem.replace("%20", " ")
    return _clip(re.sub(r"[_]+", " ", stem)) or None
