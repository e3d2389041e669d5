"""Running headers and footers: page numbers and banners repeated at the same place on many pages.

They are page furniture, not narrative: left in, they split sentences that run across a page break
and turn every "Page 12" into a figure.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from extractor.parsers.layout import TextLine

PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
MIN_REPEATS = 3  # a banner on fewer pages than this may just be a repeated sentence
MAX_BANNER_WORDS = 60  # a footnote repeated on every page can be long
POSITION_TOLERANCE = 3.0  # points: the same banner drifts a little between pages


@lru_cache(maxsize=1 << 14)  # banners repeat: the same text is read once per process
def _key(text: str) -> str | None:
    """None for a page number; else the text with case, spacing and digits ignored."""
    if PAGE_NUMBER.match(text.strip()):
        return None
    return _DIGITS.sub("#", " ".join(text.lower().split()))  # (split: the spaces `\s` matches)


def running_furniture(lines: dict[int, list[TextLine]]) -> set[int]:
    """The `id()` of every line that is a page number or a banner repeated at the same height."""
    furniture: set[int] = set()
    places: dict[str, list[tuple[float, int, TextLine]]] = defaultdict(list)
    for page, page_lines in lines.items():
        for line in page_lines:
            key = _key(line.text)
            if key is None:
                furniture.add(id(line))
            elif len(line.words) <= MAX_BANNER_WORDS:
                places[key].append((line.top, page, line))
    for occurrences in places.values():
        if len(occurrences) < MIN_REPEATS:
            continue
        occurrences.sort(key=lambda o: o[0])
        # group by height: the same text at the same place on at least MIN_REPEATS distinct pages
        group: list[tuple[float, int, TextLine]] = []
        for occ in [*occurrences, (float("inf"), -1, occurrences[0][2])]:
            if group and occ[0] - group[0][0] > POSITION_TOLERANCE:
                if len({p for _, p, _ in group}) >= MIN_REPEATS:
                    furniture.update(id(line) for _, _, line in group)
                group = []
            group.append(occ)
    return furniture
