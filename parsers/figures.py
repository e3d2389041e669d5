"""Figures in narrative text: every money amount, percentage and count, with its sentence and exact bbox.

Sentences come from spaCy (`spacy.blank("en")` + the rule-based sentencizer: no model is ever
downloaded); figures from one compiled regular expression built from `parsers/figure_patterns.json`.
Numbers that are not figures (dates, years, times, phone and decision numbers, references) are matched
by "skip" alternatives first, so they are consumed and never reported. Each passage keeps the character
offset of every word, so a figure's bbox is the union of exactly the words its characters fall in.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractor.parsers import sentencizer
from extractor.parsers.page import extent
from extractor.parsers.pdf import Word
from extractor.schemas.document import Figure
from extractor.schemas.numbers import MINUS_CHARS, parse_count_word, parse_number, vocab
from extractor.schemas.periods import consecutive_years
from extractor.schemas.word_trie import word_trie

PATTERNS_PATH = Path(__file__).with_name("figure_patterns.json")
_SIGN = "[+" + re.escape(MINUS_CHARS) + "]"
_APPROX = re.compile(r"^(?:c\.|ca\.|circa|approx\.|approximately|approx|c|~)\s?", re.IGNORECASE)
_PREV_WORD = re.compile(r"([A-Za-z]+)\.?\s*\(?$")
_NEXT_WORD = re.compile(r"^\s*([-\w]+)")
_SPACES = re.compile(r"\s+")
_WORD_END = re.compile(r"\S(?=\s)")
_DIGIT = re.compile(r"\d")
_PERCENT_POINTS = re.compile(r"(?i)percentage\s+points?|\bpp$")
_PERCENT_WORDS_TAIL = re.compile(r"(?i)\s+(?:percentage\s+points?|per\s?cent|percent)$")
_PERCENT_TAIL = re.compile(r"(?i)\s?(?:per\s?cent|percentage\s+points?|pp)$")
SENTENCE_REACH = 200  # characters past a passage's last figure the sentencizer reads at first
_KIND = {"word": "count", "percent_word": "percent"}  # regex group -> Figure.kind


@dataclass(slots=True)
class Passage:
    """The text of a paragraph or heading, and where each of its words starts in it and on which page.

    A passage may run over a page break (a sentence continued on the next page); a figure is then
    placed on the page of its first word and boxed by its words on that page only. Words are added
    in reading order: their pages never fall."""

    page: int
    text: str = ""
    words: list[Word] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    body_start: int = 0  # figures are searched from here (after a paragraph number such as "1.2")

    def add(self, word: Word, glue: str = " ", page: int | None = None) -> None:
        self.add_all([(glue, word, self.page if page is None else page)])

    def add_all(self, glued: Iterable[tuple[str, Word, int]]) -> None:
        """Append (glue, word, page) in turn, the glue before every word but a first: the text
        is joined once, not copied again for each word."""
        parts = [self.text]
        length = len(self.text)
        for glue, word, page in glued:
            if self.words:
                parts.append(glue)
                length += len(glue)
            self.starts.append(length)
            self.words.append(word)
            self.pages.append(page)
            parts.append(word.text)
            length += len(word.text)
        self.text = "".join(parts)

    def extend(self, other: Passage) -> None:
        """Append a passage that continues this one (on the next page)."""
        self.add_all((" ", word, page) for word, page in zip(other.words, other.pages, strict=True))

    def _span(self, start: int, end: int) -> tuple[int, int]:
        first = max(0, bisect.bisect_right(self.starts, start) - 1)
        return first, max(first, bisect.bisect_left(self.starts, end) - 1)

    def page_at(self, start: int) -> int:
        return self.pages[self._span(start, start + 1)[0]] if self.pages else self.page

    def bbox(self, start: int, end: int) -> list[float]:
        """Union of the boxes of the words the characters [start, end) fall in (on the first one's page)."""
        first, last = self._span(start, end)
        page, words, pages = self.pages[first], self.words, self.pages
        if pages[last] == page:  # (most spans: pages never fall, so every word is on the first's)
            x0, top, x1, bottom, _ = extent(words[first : last + 1])
        else:
            x0, top, x1, bottom, _ = extent(words[i] for i in range(first, last + 1) if pages[i] == page)
        return [round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2)]


@lru_cache(maxsize=1)
def _patterns() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(PATTERNS_PATH.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def _word_alternation() -> str:
    return word_trie(_number_words())


def _count_word() -> str:
    word_alt = _word_alternation()
    return rf"(?<![\w-])(?i:(?:{word_alt})(?:[- ](?:{word_alt}))?)(?![\w-])"


@lru_cache(maxsize=1)
def _count_word_regex() -> re.Pattern[str]:
    return re.compile(_count_word())


def _may_hold_figure(text: str, start: int) -> bool:
    """A digit or a number word: every figure alternative of `_figure_regex` holds one (a
    percentage in words opens with a number word followed by a space), so a passage without
    either has no figure and the large expression is not run on it (most passages). The digit
    is looked for first: a search for one character class alone runs through the text fast."""
    return _DIGIT.search(text, start) is not None or _count_word_regex().search(text, start) is not None


@lru_cache(maxsize=1)
def _figure_regex() -> re.Pattern[str]:
    p = _patterns()
    months = word_trie(p["months"])  # every use is followed by a word boundary
    word_alt = _word_alternation()
    count_word = _count_word()

    def fill(s: str) -> str:
        return s.replace("{MONTH}", months).replace("{SIGN}", _SIGN).replace("{WORD}", word_alt)

    skip = "|".join(f"(?:{fill(s)})" for s in p["skip"])
    # Every alternative starts at a digit, a sign, "£" or the start of a word: a cheap first test
    # that spares the engine trying each alternative inside words.
    return re.compile(
        r"(?=[\d£+~" + re.escape(MINUS_CHARS) + r"]|\b[A-Za-z])"
        rf"(?:(?P<skip>{skip})|(?P<pair>{p['short_pair']})|(?P<money>{fill(p['money'])})|(?P<percent>{fill(p['percent'])})"
        rf"|(?P<percent_word>{fill(p['percent_words'])})"
        rf"|(?P<count>{fill(p['count'])})|(?P<word>{count_word}))"
    )


def _number_words() -> list[str]:
    """Number words that stand for counts in prose ("zero", "nil" and "dozen" rarely do)."""
    return [w for w in vocab()["number_words"] if w not in ("zero", "nil", "dozen")]


@lru_cache(maxsize=1)
def _sentencizer() -> Any:
    return sentencizer.english()


def _previous_word(text: str, start: int) -> str:
    m = _PREV_WORD.search(text[max(0, start - 30) : start])
    return m.group(1).lower() if m else ""


def _next_word(text: str, end: int) -> str:
    m = _NEXT_WORD.match(text[end : end + 30])
    return m.group(1).lower() if m else ""


def _figure_value(kind: str, text: str) -> tuple[float, str | None, float | None] | None:
    """Value, unit and £m value of a matched figure; narrative brackets are never negatives."""
    if kind == "word":
        n = parse_count_word(text)
        return None if n is None else (float(n), "count", None)
    if kind == "percent_word":
        n = parse_count_word(_PERCENT_WORDS_TAIL.sub("", text))
        return None if n is None else (float(n), "%", None)
    if kind == "percent":
        body = _PERCENT_TAIL.sub("%", text)
        num = parse_number(body)
        return None if num is None else (num.value, "%", None)
    if kind == "money":
        num = parse_number(text)
        return None if num is None else (num.value, num.unit, num.value_gbp_m)
    num = parse_number(_APPROX.sub("", text), "count")
    return None if num is None else (num.value, "count", None)


def _accept(kind: str, text: str, passage: str, start: int, end: int) -> bool:
    """Contextual rules a regular expression cannot say well: labels ('Item 5') and the word 'one'."""
    p = _patterns()
    prev = _previous_word(passage, start)
    if kind == "count":
        return prev not in p["not_after_words"]
    if kind == "word" and text.lower() == "one":
        nxt = _next_word(passage, end)
        after_hyphen = passage[end : end + 1] == "-"
        return (
            bool(nxt)
            and not after_hyphen
            and nxt not in p["one_not_before"]
            and prev not in p["one_not_after"]
        )
    return True


@lru_cache(maxsize=1)
def _qualifier_phrases() -> list[tuple[str, str]]:
    """(phrase, qualifier), longest phrase first."""
    pairs = [(ph, q) for q, phrases in _patterns()["qualifiers"].items() for ph in phrases]
    return sorted(pairs, key=lambda pq: len(pq[0]), reverse=True)


@lru_cache(maxsize=1)
def _qualifiers_by_length() -> list[tuple[int, dict[str, str]]]:
    """The phrases by length, longest first, each length's as phrase -> qualifier (a phrase listed
    twice keeps its first qualifier): the text before a figure is looked up once per length, not
    compared with every phrase."""
    by_length: dict[int, dict[str, str]] = {}
    for phrase, qualifier in _qualifier_phrases():
        by_length.setdefault(len(phrase), {}).setdefault(phrase, qualifier)
    return list(by_length.items())


def _qualifier(kind: str, text: str, passage: str, start: int) -> str | None:
    """What the words around a figure say about it: an approximation, a bound, a change."""
    if _PERCENT_POINTS.search(text):
        return "percentage_points"
    if _APPROX.match(text):
        return "approximate"
    before = _SPACES.sub(" ", passage[max(0, start - 40) : start]).lower().rstrip()
    for length, phrases in _qualifiers_by_length():
        if length > len(before):
            continue
        qualifier = phrases.get(before[len(before) - length :])
        if qualifier is not None and (len(before) == length or not before[-length - 1].isalnum()):
            return qualifier
    return None


def _sentence_spans(nlp: Any, doc: Any, text: str, read: int, last: int) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text` up to the one holding offset `last`, from `doc`,
    the sentencizer's reading of the first `read` characters (read again whole when no sentence
    starts after `last` within them, so the sentence holding `last` may end later)."""
    spans = [(s.start_char, s.end_char) for s in doc.sents]
    if read < len(text) and (not spans or spans[-1][0] <= last):
        spans = [(s.start_char, s.end_char) for s in nlp(text).sents]
    return spans


def _reading_end(text: str, last: int) -> int:
    """Where the sentencizer may stop reading: at a space at least SENTENCE_REACH characters
    after `last` (spaCy's tokenizer splits the text at spaces before anything else, so every
    token before the cut is the one the whole text gives), else the end of the text."""
    m = _WORD_END.search(text, last + SENTENCE_REACH)
    return m.start() + 1 if m else len(text)


_Match = tuple[str, str, int, int, tuple[float, str | None, float | None], str | None]


def _matches(passage: Passage) -> list[_Match]:
    if not _may_hold_figure(passage.text, passage.body_start):
        return []
    regex = _figure_regex()
    found = []
    for m in regex.finditer(passage.text, passage.body_start):
        kind = m.lastgroup or ""
        if kind == "pair":
            if consecutive_years(int(m["first"]), int(m["second"])):
                continue  # a financial year: "23-24"
            spans = [
                ("count", m.start("first"), m.end("first")),
                ("count", m.start("second"), m.end("second")),
            ]
        else:
            spans = [(kind, m.start(), m.end())]
        for kind, start, end in spans:
            text = passage.text[start:end]
            if kind == "skip" or not _accept(kind, text, passage.text, start, end):
                continue
            parsed = _figure_value(kind, text)
            if parsed is not None:
                qualifier = _qualifier(kind, text, passage.text, start)
                found.append((_KIND.get(kind, kind), text, start, end, parsed, qualifier))
    return found


def find_figures(passages: Iterable[Passage]) -> list[Figure]:
    """Every money, percentage and count figure in the passages, in order, with sentence, page and bbox."""
    # Sentences are only needed where there are figures: spaCy runs on those passages alone, and
    # reads each only a little past its last figure (tokenising is most of its cost).
    found = [(p, m) for p in passages if p.text for m in [_matches(p)] if m]
    lasts = [max(start for _, _, start, _, _, _ in m) for _, m in found]
    reads = [_reading_end(p.text, last) for (p, _), last in zip(found, lasts, strict=True)]
    nlp = _sentencizer()
    docs = iter(nlp.pipe((p.text[:read] for (p, _), read in zip(found, reads, strict=True)), batch_size=256))
    figures: list[Figure] = []
    for (passage, matches), read, last in zip(found, reads, lasts, strict=True):
        spans = _sentence_spans(nlp, next(docs), passage.text, read, last)
        starts = [start for start, _ in spans]
        # the paragraph number ("1.2") is not part of the first sentence
        cut = passage.body_start
        sentences: dict[int, str] = {}
        for kind, text, start, end, (value, unit, gbp), qualifier in matches:
            i = max(0, bisect.bisect_right(starts, start) - 1)
            if i not in sentences:  # only the sentences holding figures are cleaned
                first, stop = spans[i] if spans else (0, 0)
                sentences[i] = _SPACES.sub(" ", passage.text[max(cut, first) : stop]).strip()
            figures.append(
                Figure(
                    text=text,
                    value=value,
                    unit=unit,  # type: ignore[arg-type]
                    value_gbp_m=gbp,
                    kind=kind,  # type: ignore[arg-type]
                    page=passage.page_at(start),
                    bbox=passage.bbox(start, end),
                    sentence=sentences[i],
                    qualifier=qualifier,  # type: ignore[arg-type]
                )
            )
    return figures
