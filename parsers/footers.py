"""Printed page numbers ("Page 12" in a footer) and the pack offset between them and PDF pages.

An agenda pack numbers its pages from the first page after the front sheet, and the front sheet's
"(Pages 11 - 42)" ranges speak in those printed numbers, so physical page = printed page + offset.
Not every "Page N" is the pack's: body text can carry stale "Page 31" strings (pasted with the
text), embedded reports their own "Page 4 of 11", and word-processor sections restart at "Page 1".
So only a lone "Page N" in the top or bottom margin counts as a mark, and the offset chosen is the
one most marks agree with among those that place every item of the front sheet inside the PDF.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from extractor.parsers.layout import TextLine
from extractor.parsers.pdf import PageContent

# a page-number line of any form ("Page 3", "Page 3 of 11", "3"): page furniture, not content
_PAGE_NUMBER_LINE = re.compile(r"^(page\s*\d+(\s*of\s*\d+)?|\d{1,4})$", re.IGNORECASE)


def is_footer(text: str) -> bool:
    return bool(_PAGE_NUMBER_LINE.match(text.strip()))


# a footer is the whole line: "Page 12" (not "Page 4 of 11", not "... KCC Page 31 and ...")
_FOOTER = re.compile(r"^\s*page\s+(\d{1,4})\s*$", re.IGNORECASE)
# a plain number alone on its line ("37"), as whitespace-set packs print them
_PLAIN = re.compile(r"^\s*(\d{1,4})\s*$")
# how far from the top or bottom edge a page number may sit, as a share of the page height
_MARGIN = 0.12
# plain numbers count only as a run: this many pages agreeing on one offset (a lone figure in a
# margin is not a page number)
_MIN_PLAIN_RUN = 3


@dataclass
class OffsetChoice:
    offset: int
    from_footers: bool  # False: no footer agreed, the offset is what the front sheet implies
    agreeing: int  # pages whose footer matches the offset
    disagreeing: int  # numbered pages whose footer does not (restarted or internal numbering)


@dataclass
class PageNumbering:
    """The printed page numbers found in each physical page's margins."""

    page_count: int
    marks: dict[int, list[int]] = field(default_factory=dict)  # physical page -> printed numbers

    @property
    def found(self) -> bool:
        return bool(self.marks)

    def support(self) -> Counter[int]:
        """offset (physical - printed) -> how many pages carry a footer saying so."""
        return Counter(offset for phys, nums in self.marks.items() for offset in {phys - n for n in nums})

    def printed_of(self, offset: int) -> dict[int, int]:
        """physical page -> printed number, for the pages whose footer agrees with `offset`."""
        return {phys: phys - offset for phys, nums in self.marks.items() if phys - offset in nums}

    def choose_offset(self, ranges: list[tuple[int, int]], first_body_page: int) -> OffsetChoice:
        """The pack offset: the best-supported one that puts every printed range (start, end) on pages
        after the front sheet and inside the PDF; the front sheet's own implication
        (printed page 1 follows it) when no footer gives such an offset."""
        default = first_body_page - 1

        def fits(offset: int) -> bool:
            return all(s + offset >= first_body_page and e + offset <= self.page_count for s, e in ranges)

        support = self.support()
        candidates = [o for o in support if fits(o)]
        numbered = len(self.marks)
        if candidates:
            best = max(candidates, key=lambda o: (support[o], o == default))
            return OffsetChoice(best, True, support[best], numbered - support[best])
        return OffsetChoice(default, False, support.get(default, 0), numbered - support.get(default, 0))


def _footer_number(line: TextLine, height: float, pattern: re.Pattern[str] = _FOOTER) -> int | None:
    match = pattern.match(line.text)
    if not match:
        return None
    in_margin = line.top >= height * (1 - _MARGIN) or line.bottom <= height * _MARGIN
    return int(match.group(1)) if in_margin else None


def _marks(
    pages: list[PageContent], lines: dict[int, list[TextLine]], pattern: re.Pattern[str]
) -> dict[int, list[int]]:
    marks: dict[int, list[int]] = {}
    for page in pages:
        numbers = sorted(
            {
                n
                for ln in lines.get(page.number, [])
                if (n := _footer_number(ln, page.height, pattern)) is not None
            }
        )
        if numbers:
            marks[page.number] = numbers
    return marks


def map_printed_pages(
    pages: list[PageContent], lines: dict[int, list[TextLine]], page_count: int | None = None
) -> PageNumbering:
    """Collect the margin page numbers of every page: "Page N" lines, and plain "N" lines where a
    run of pages agrees on one offset (the pages they number follow each other)."""
    count = page_count if page_count is not None else len(pages)
    numbering = PageNumbering(page_count=count, marks=_marks(pages, lines, _FOOTER))
    plain = _marks(pages, lines, _PLAIN)
    runs = Counter(phys - n for phys, nums in plain.items() for n in set(nums))
    if runs:
        offset, count = runs.most_common(1)[0]
        if count >= _MIN_PLAIN_RUN:
            for phys, nums in plain.items():
                if phys - offset in nums and phys not in numbering.marks:
                    numbering.marks[phys] = [phys - offset]
    return numbering
