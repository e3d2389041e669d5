"""Narrative: paragraphs in reading order with their heading path, and every figure in them.

Lines arrive per page with tables already cut out. Page furniture (page numbers, running banners) is
dropped, and so are lines that still look like table rows (columns of numbers far apart). Lines are then
joined into blocks: a block ends at a vertical gap wider than the document's usual line gap, at a change
of font size or weight, at a bullet or paragraph number, or after a short line that ends a sentence.
A block in a larger font than the body, or wholly bold and short, is a heading; headings form a stack
(larger font and shallower numbering rank higher) that gives each paragraph its heading_path.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter

from extractor.parsers.figures import Passage, find_figures
from extractor.parsers.layout import TextLine, touching
from extractor.parsers.page_furniture import running_furniture
from extractor.parsers.pdf import Word
from extractor.schemas.document import Figure, Paragraph
from extractor.schemas.vocabulary import load_vocab

# Glyphs and text-layer artefacts that mark a bullet; "(cid:127)" is an unmapped Symbol-font bullet.
BULLET_GLYPHS = "\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2043\u2219\u00b7\uf0b7\uf0a7\uf076\uf0d8\uf0fc"
BULLET = re.compile(rf"^(?:\(cid:\d+\)|[{BULLET_GLYPHS}]+)$")
DASH_BULLETS = ("-", "\u2013", "\u2014")  # a dash on its own opening a line is a list bullet
CID = re.compile(r"\(cid:\d+\)")
MAY_HOLD_BULLET = re.compile(rf"[({BULLET_GLYPHS}]")  # a bullet or an artefact opens with one of these
# "1.2", "3.", "(9)", "(a)", "b)", "(iv)" at the start of a paragraph; a bare "2" only opens a heading.
PARA_NUMBER = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}\.|\(?\d{1,2}\)|\(?[a-z]\)|\((?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\))(?=\s)"
)
# "3 Revenue": a short numbered line in a list of sections (a contents list), not a count.
LIST_ITEM = re.compile(r"^\d{1,2}(?=\s+[A-Z][^.:;!?]{0,60}$)")
# "To: Cabinet", "Subject: ...": a labelled line on a report cover sheet.
LABEL = re.compile(r"^[A-Z][\w()/' ]{0,30}:\s")
HEADING_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z]\d{0,2}\.?)(?=\s)")
DIGIT = re.compile(r"\d")
NUMERIC_TOKEN = re.compile(r"^[(+\-\u2212\u2013£]*\d[\d,.]*[)%mk]*$")
SENTENCE_END = (".", ":", ";", "!", "?")
_TEXT = attrgetter("text")

HEADING_SIZE_STEP = 2.0  # points above the body size that make a line a heading without bold
SIZE_BREAK = 1.5  # a change of font size this large ends a paragraph (smaller ones are mixed fonts)
MAX_HEADING_CHARS = 160
MAX_HEADING_LINES = 3
COLUMN_GAP = 3.0  # a gap between words wider than this many font sizes separates table columns
REPORT_START_BLOCKS = 4  # a report's opening line ("From: ...") is among a page's first blocks
SHORT_LINE = 0.8  # a line ending before this share of the text width is a paragraph's last line


@dataclass(slots=True)
class Block:
    page: int
    lines: list[TextLine] = field(default_factory=list)
    heading: bool = False

    @property
    def size(self) -> float:
        return self.lines[0].size


@dataclass(slots=True)
class _Style:
    body_size: float
    line_gap: float  # the usual gap between the bottom of a line and the top of the next


def _plain(line: TextLine) -> bool:
    """Has the line no bullet glyph or unmapped-glyph artefact to take out? (Most lines.)"""
    words = line.words
    dash_bullet = len(words) > 1 and words[0].text in DASH_BULLETS
    return not dash_bullet and MAY_HOLD_BULLET.search(line.text) is None


def _words(line: TextLine) -> list[Word]:
    """The line's words without bullet glyphs and unmapped-glyph artefacts."""
    if _plain(line):
        return list(line.words)  # (most lines: nothing to take out, no word need be tried)
    out = []
    for i, w in enumerate(line.words):
        first = w.text[:1]
        if first and (first == "(" or first in BULLET_GLYPHS) and BULLET.match(w.text):
            continue  # (a bullet opens with a glyph or "(cid:": most words are spared the expression)
        if i == 0 and w.text in DASH_BULLETS and len(line.words) > 1:
            continue
        if "(cid:" in w.text:
            text = CID.sub("", w.text)
            if not text:
                continue
            w = Word(text, w.x0, w.top, w.x1, w.bottom, w.fontname, w.size, w.color, w.upright)
        out.append(w)
    return out


def _starts_with_bullet(line: TextLine) -> bool:
    if not line.words:
        return False
    first = line.words[0].text
    return bool(BULLET.match(first)) or (first in DASH_BULLETS and len(line.words) > 1)


def _tabular(line: TextLine) -> bool:
    """A table row that survived table detection: numbers set in columns far apart."""
    if DIGIT.search(line.text) is None:
        return False  # (most prose lines: no word of theirs need be tried)
    words = line.words
    numeric = sum(1 for w in words if NUMERIC_TOKEN.match(w.text))
    if not numeric:
        return False  # (most prose lines: their gaps need not be measured)
    pairs = zip(words, words[1:], strict=False)
    gaps = sum(1 for a, b in pairs if b.x0 - a.x1 > COLUMN_GAP * max(a.size, 1.0))
    return gaps >= 2 or (numeric >= 3 and numeric * 2 >= len(words))


def _style(lines: dict[int, list[TextLine]]) -> _Style:
    sizes: Counter[float] = Counter()
    gaps: list[float] = []
    for page_lines in lines.values():
        for a, b in zip(page_lines, page_lines[1:], strict=False):
            if abs(a.size - b.size) < 0.6 and 0 <= b.top - a.bottom < 2 * a.size:
                gaps.append(b.top - a.bottom)
        for line in page_lines:
            sizes[round(line.size * 2) / 2] += len(line.text)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    gap = statistics.median(gaps) if gaps else body * 0.3
    return _Style(body_size=body, line_gap=gap)


def _is_heading(line: TextLine, style: _Style) -> bool:
    text = line.text
    if len(text) > MAX_HEADING_CHARS or not any(c.isalpha() for c in text) or _starts_with_bullet(line):
        return False
    return line.size >= style.body_size + HEADING_SIZE_STEP or (not text.endswith((",", ";")) and line.bold)


def _opens_paragraph(line: TextLine, prev: TextLine, right_edge: float, left_edge: float) -> bool:
    if _starts_with_bullet(line):
        return True
    ended = prev.text.rstrip().endswith(SENTENCE_END)
    short = prev.x1 < left_edge + SHORT_LINE * (right_edge - left_edge)
    if short and (LIST_ITEM.match(line.text) or LABEL.match(line.text)):
        return True
    return ended and (short or bool(PARA_NUMBER.match(line.text)))


def _blocks(page: int, page_lines: list[TextLine], style: _Style) -> list[Block]:
    if not page_lines:
        return []
    left = min(line.x0 for line in page_lines)
    right = max(line.x1 for line in page_lines)
    blocks: list[Block] = []
    prev: TextLine | None = None
    for line in page_lines:
        heading = _is_heading(line, style)
        new = (
            prev is None
            or not blocks
            or heading != blocks[-1].heading
            or abs(line.size - prev.size) >= SIZE_BREAK
            or line.top - prev.bottom > style.line_gap + 0.3 * style.body_size
            or (not heading and _opens_paragraph(line, prev, right, left))
        )
        if new:
            blocks.append(Block(page=page, heading=heading))
        blocks[-1].lines.append(line)
        prev = line
    for block in blocks:
        if block.heading and len(block.lines) > MAX_HEADING_LINES:
            block.heading = False  # a paragraph set wholly in bold, not a heading
    return blocks


def _spaced(line: TextLine) -> list[int] | None:
    """The lengths of the line's words when all are kept (`_plain`) and no two are `touching` (its
    text then holds one space between each two), else None."""
    if not _plain(line):
        return None
    lengths = list(map(len, map(_TEXT, line.words)))
    return lengths if len(line.text) == sum(lengths) + len(lengths) - 1 else None


def _passage(block: Block) -> Passage:
    """The block's words joined into one text, each word's start in it kept."""
    texts: list[str] = []  # words and the glue between them, joined once at the end
    words: list[Word] = []
    starts: list[int] = []
    length = 0
    tail = ""  # the last two characters of the text so far
    for line in block.lines:
        glue = " "
        if tail.endswith("-") and len(tail) > 1 and tail[-2].isalpha():
            glue = ""  # a word hyphenated across the line break
        line_start = len(texts)
        lengths = _spaced(line)
        if lengths is not None:  # (most lines) the line's own text, each word where it stands in it
            if words:
                texts.append(glue)
                length += len(glue)
            # a word starts one character (the space) after the end of the one before
            starts.extend(accumulate(map((1).__add__, lengths[:-1]), initial=length))
            words.extend(line.words)
            texts.append(line.text)
            length += len(line.text)
            tail = (tail + "".join(texts[line_start:]))[-2:]
            continue
        prev: Word | None = None
        for w in _words(line):
            if words:
                joint = glue if prev is None else ("" if touching(prev, w) else " ")
                texts.append(joint)
                length += len(joint)
            starts.append(length)
            words.append(w)
            texts.append(w.text)
            length += len(w.text)
            prev = w
        tail = (tail + "".join(texts[line_start:]))[-2:]
    passage = Passage(block.page, "".join(texts), words, starts, [block.page] * len(words))
    numbering = (HEADING_NUMBER if block.heading else PARA_NUMBER).match(passage.text)
    if numbering is None and not block.heading:
        numbering = LIST_ITEM.match(passage.text)
    passage.body_start = numbering.end() if numbering else 0
    return passage


@lru_cache(maxsize=1)
def _report_start_patterns() -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in load_vocab("meetings")["report_start"]]


def _report_starts(text: str) -> bool:
    """A new report begins ("From: ...", "Minutes of the meeting ..."): its headings start afresh."""
    return any(p.search(text) for p in _report_start_patterns())


def _titles_a_section(text: str) -> bool:
    """A heading that names a section, rather than a banner with a figure ("£59.1m savings to be
    delivered") or a row of table headers ("£m £m £m", "G A R")."""
    if "£" in text or "%" in text:
        return False
    words = [w for w in text.split() if sum(c.isalpha() for c in w) >= 3]
    letters = sum(c.isalpha() for c in text)
    return bool(words) and letters >= 0.5 * len(text.replace(" ", ""))


def _heading_rank(block: Block, text: str) -> tuple[float, int]:
    """Lower ranks higher: a larger font first, then shallower numbering ("2" above "2.1")."""
    numbering = HEADING_NUMBER.match(text)
    depth = numbering.group().rstrip(".").count(".") + 1 if numbering else 0
    return (-round(block.size * 2) / 2, depth)


def _continues(previous: Passage, passage: Passage, block: Block) -> bool:
    """A sentence carried over a page break: the last passage of a page ends mid-sentence and the
    first one of the next page starts in lower case."""
    return (
        not block.heading
        and passage.page == previous.pages[-1] + 1
        and previous.body_start < len(previous.text)
        and not previous.text.rstrip().endswith(SENTENCE_END)
        and passage.body_start == 0
        and passage.text[:1].islower()
    )


def extract_narrative(lines: dict[int, list[TextLine]]) -> tuple[list[Paragraph], list[Figure]]:
    """Paragraphs in reading order with their heading path, and the figures in their sentences."""
    furniture = running_furniture(lines)
    prose = {
        page: [ln for ln in page_lines if id(ln) not in furniture and ln.words and not _tabular(ln)]
        for page, page_lines in sorted(lines.items())
    }
    style = _style(prose)
    paragraphs: list[Paragraph] = []
    passages: list[Passage] = []
    stack: list[tuple[tuple[float, int], str]] = []
    for page, page_lines in prose.items():
        for index, block in enumerate(_blocks(page, page_lines, style)):
            passage = _passage(block)
            if not passage.text.strip():
                continue
            text = passage.text.strip()
            if passages and _continues(passages[-1], passage, block):
                passages[-1].extend(passage)
            else:
                passages.append(passage)
            if index < REPORT_START_BLOCKS and _report_starts(text):
                stack.clear()
            if block.heading and _titles_a_section(text):
                rank = _heading_rank(block, text)
                while stack and stack[-1][0] >= rank:
                    stack.pop()
                stack.append((rank, text))
                continue
            if block.heading:
                continue  # a banner: its figures are kept, it heads nothing
            paragraphs.append(
                Paragraph(
                    page=page,
                    bbox=passage.bbox(0, len(passage.text)),
                    text=text,
                    heading_path=[h for _, h in stack],
                )
            )
    return paragraphs, find_figures(passages)
