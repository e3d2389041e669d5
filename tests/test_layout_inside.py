"""Words inside a box, taken at once, are those `inside` says are, one by one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extractor.parsers.layout import inside, words_inside
from extractor.parsers.page import Word

coordinate = st.floats(min_value=0, max_value=600, allow_nan=False)
word = st.builds(
    lambda x0, top, w, h: Word("w", x0, top, x0 + w, top + h),
    coordinate,
    coordinate,
    st.floats(min_value=0, max_value=80),
    st.floats(min_value=0, max_value=20),
)


@given(
    st.lists(word, max_size=30),
    coordinate,
    coordinate,
    coordinate,
    coordinate,
    st.sampled_from([0.0, 0.5, 1.0]),
)
def test_words_inside_is_inside_word_by_word(
    words: list[Word], a: float, b: float, c: float, d: float, margin: float
) -> None:
    box = (min(a, c), min(b, d), max(a, c), max(b, d))
    assert words_inside(words, box, margin) == [w for w in words if inside(w, box, margin)]
    assert words_inside(words, list(box), margin) == [w for w in words if inside(w, box, margin)]
