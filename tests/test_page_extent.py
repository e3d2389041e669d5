"""A run of words' extent in one pass: the same as min() and max() over each side."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.parsers.page import Word, extent

coordinate = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)
word = st.builds(
    lambda x0, top, w, h, size: Word("w", x0, top, x0 + w, top + h, size=size),
    coordinate,
    coordinate,
    st.floats(min_value=0, max_value=500),
    st.floats(min_value=0, max_value=50),
    st.floats(min_value=0, max_value=72),
)


@given(st.lists(word, min_size=1, max_size=30))
def test_extent_is_min_and_max_of_each_side(words: list[Word]) -> None:
    assert extent(words) == (
        min(w.x0 for w in words),
        min(w.top for w in words),
        max(w.x1 for w in words),
        max(w.bottom for w in words),
        max(w.size for w in words),
    )


def test_extent_takes_any_iterable_and_refuses_none() -> None:
    words = [Word("a", 5, 10, 9, 20, size=8), Word("b", 1, 12, 4, 25, size=10)]
    assert extent(w for w in words) == (1, 10, 9, 25, 10)
    with pytest.raises(ValueError):
        extent([])
