"""QPR service areas: canonical names (`schemas/vocab/qpr_areas.json`) and the area a table sits under."""

from __future__ import annotations

from functools import lru_cache

from extractor.parsers.layout import page_lines
from extractor.parsers.pdf import PageContent
from extractor.schemas.vocabulary import load_vocab, match_key

AREA_LOOKBACK_PAGES = 3


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    out: dict[str, str] = {}
    for entry in load_vocab("qpr_areas")["areas"]:
        for name in [entry["canonical"], *entry["aliases"]]:
            out[match_key(name)] = entry["canonical"]
    return out


def canonical_area(name: str | None) -> str | None:
    """'Environment & Transport' -> 'Environment and Transport'; unknown names -> None."""
    return _aliases().get(match_key(name)) if name else None


def area_above(pages: dict[int, PageContent], page: int, top: float) -> str | None:
    """The nearest line above (page, top) that is exactly a known area name: the section heading
    a summary table sits under when the table itself does not name its area."""
    for number in range(page, max(page - AREA_LOOKBACK_PAGES, 0), -1):
        content = pages.get(number)
        if content is None:
            continue
        lines = [ln for ln in page_lines(content) if number < page or ln.bottom <= top + 1]
        for line in reversed(lines):
            if match_key(line.text) in _aliases():
                return line.text.strip()
    return None
