"""Words into text lines: the reading unit for narrative, front sheets and footers."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from extractor.parsers.page import extent
from extractor.parsers.pdf import PageContent, Word

BBox = tuple[float, float, float, float]
_X0, _TEXT = attrgetter("x0"), attrgetter("text")
TOUCH_GAP = 0.1  # of a word's height (at least 1 pt): a narrower gap parts no two words
LINE_SLACK = 2.0  # points: centres this close are one line's, whatever the words' heights


@dataclass(slots=True)
class TextLine:
    page: int
    words: list[Word] = field(default_factory=list)
    # the joined text and the extent, kept once read: lines are complete when group_lines returns
    # them, and every stage after asks for them again and again
    _text: str | None = field(default=None, repr=False, compare=False)
    _extent: tuple[float, float, float, float, float] | None = field(default=None, repr=False, compare=False)
    _bold: bool | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = join_words(self.words)
        return self._text

    def _measure(self) -> tuple[float, float, float, float, float]:
        """(x0, top, x1, bottom, size) over the words."""
        if self._extent is None:
            words = self.words
            if len(words) == 1:  # most lines of a table's cells: one word
                w = words[0]
                self._extent = (w.x0, w.top, w.x1, w.bottom, w.size)
                return self._extent
            self._extent = extent(words)
        return self._extent

    @property
    def x0(self) -> float:
        return self._measure()[0]

    @property
    def x1(self) -> float:
        return self._measure()[2]

    @property
    def top(self) -> float:
        return self._measure()[1]

    @property
    def bottom(self) -> float:
        return self._measure()[3]

    @property
    def bbox(self) -> list[float]:
        return [round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2)]

    @property
    def size(self) -> float:
        return self._measure()[4] if self.words else 0.0

    @property
    def bold(self) -> bool:
        """Every word holding a letter is bold (and there is one)."""
        if self._bold is None:
            self._bold = all_bold(self.words, has_letter)
        return self._bold


def has_letter(text: str) -> bool:
    return text.isalpha() or any(c.isalpha() for c in text)  # (most words: letters alone)


def all_bold(words: list[Word], counts: Callable[[str], bool]) -> bool:
    """Is every word whose text `counts` bold, and is there one? (Stops at the first plain one.)"""
    found = False
    for w in words:
        if counts(w.text):
            if not w.bold:
                return False
            found = True
    return found


def touching(prev: Word, word: Word) -> bool:
    """Two pieces of one printed word, split only by a change of font or colour (no gap between)."""
    height = word.bottom - word.top
    return word.x0 - prev.x1 < TOUCH_GAP * (height if height > 1.0 else 1.0)  # max(1.0, height), no call


def join_words(words: list[Word]) -> str:
    """The words of one line as text: a space between words, none between touching pieces."""
    if len(words) == 1:
        return words[0].text
    parts: list[str] = []
    prev: Word | None = None
    for w in words:
        # `touching`, written out (max(1.0, height) too): this runs for every line of every page
        if prev is not None:
            height = w.bottom - w.top
            if not w.x0 - prev.x1 < TOUCH_GAP * (height if height > 1.0 else 1.0):
                parts.append(" ")
        parts.append(w.text)
        prev = w
    return "".join(parts)


def spaced_text(words: Sequence[Word]) -> str:
    """The words' texts with one space between each (most runs and cells: one word, as it is)."""
    return words[0].text if len(words) == 1 else " ".join(map(_TEXT, words))


def inside(word: Word, box: BBox, margin: float = 1.0) -> bool:
    """Is the word's centre inside the box (widened by `margin`)? (Called for every word and
    box of a page: its centre is computed here rather than through Word's properties.)"""
    x0, top, x1, bottom = box
    xmid = (word.x0 + word.x1) / 2
    ymid = (word.top + word.bottom) / 2
    return x0 - margin <= xmid <= x1 + margin and top - margin <= ymid <= bottom + margin


def words_inside(words: Iterable[Word], box: Sequence[float], margin: float = 1.0) -> list[Word]:
    """The words `inside` the box, in their order (the box widened once, not once per word)."""
    x0, top, x1, bottom = box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin
    return [w for w in words if x0 <= (w.x0 + w.x1) / 2 <= x1 and top <= (w.top + w.bottom) / 2 <= bottom]


def group_lines(words: Iterable[Word], page: int) -> list[TextLine]:
    """Cluster upright words whose vertical centres agree into lines, top to bottom."""
    kept = [w for w in words if w.upright and w.text and not w.text.isspace()]
    # sorted as by (vertical centre, x0), ties kept in input order: two stable sorts on float
    # keys, cheaper than one on tuples
    kept.sort(key=_X0)
    middles = [(w.top + w.bottom) / 2 for w in kept]
    order = sorted(range(len(kept)), key=middles.__getitem__)
    lines: list[TextLine] = []
    line: list[Word] = []
    last = 0.0  # the vertical centre of the word before
    for i in order:
        w, ymid = kept[i], middles[i]
        height = 0.45 * (w.bottom - w.top)
        if not height > LINE_SLACK:
            height = LINE_SLACK
        # abs(last - ymid) <= height, without a call
        if line and -height <= last - ymid <= height:
            line.append(w)
        else:
            line = [w]
            lines.append(TextLine(page, line))
        last = ymid
    for text_line in lines:
        if len(text_line.words) > 1:
            text_line.words.sort(key=_X0)
    return lines


def page_lines(page: PageContent, exclude: Iterable[BBox] = ()) -> list[TextLine]:
    """Text lines of a page, leaving out words inside any of the `exclude` boxes (tables).

    The lines of the whole page are built once and shared: agenda, period, KPI and table stages all
    read them; so are the lines outside the last boxes asked for (the table stage reads the text
    around its tables, the prose stage the same text). Callers must not change the lines they get."""
    boxes = list(exclude)
    if boxes:
        return page_outside(page, boxes)[1]
    if page.lines_cache is None:
        page.lines_cache = group_lines(page.words, page.number)
    return page.lines_cache


def page_outside(page: PageContent, boxes: list[BBox]) -> tuple[list[Word], list[TextLine]]:
    """The page's words `outside` the boxes, and their lines, both kept for the last boxes asked
    for (callers must not change them)."""
    key = frozenset(boxes)  # which words are outside depends on the boxes alone
    if page.outside_cache is None or page.outside_cache[0] != key:
        free = outside(page.words, boxes)
        page.outside_cache = (key, free, group_lines(free, page.number))
    return page.outside_cache[1], page.outside_cache[2]


def outside(words: list[Word], boxes: list[BBox], margin: float = 1.0) -> list[Word]:
    """The words `inside` none of the boxes (each box widened once), in their own order."""
    if not boxes:
        return list(words)
    levels = Levels(words)
    covered: set[int] = set()
    for x0, top, x1, bottom in boxes:
        covered.update(levels.within(x0 - margin, top - margin, x1 + margin, bottom + margin))
    return [w for i, w in enumerate(words) if i not in covered] if covered else list(words)


class Levels:
    """Words by vertical centre: each box tests only the words level with it, found by bisection."""

    def __init__(self, words: list[Word]) -> None:
        self.words = words
        middles = [(w.top + w.bottom) / 2 for w in words]
        self._order = sorted(range(len(words)), key=middles.__getitem__)
        self._ys = [middles[i] for i in self._order]

    def inside(self, box: Sequence[float], margin: float = 1.0) -> list[Word]:
        """What `words_inside` gives (the words `inside` the box, in their order), by bisection."""
        found = self.within(box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin)
        return [self.words[i] for i in sorted(found)]

    def within(self, x0: float, top: float, x1: float, bottom: float) -> list[int]:
        """Indexes of the words whose centre lies in the box (edges included), in no set order."""
        words = self.words
        level = self._order[bisect_left(self._ys, top) : bisect_right(self._ys, bottom)]
        return [i for i in level if x0 <= (words[i].x0 + words[i].x1) / 2 <= x1]
