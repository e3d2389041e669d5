"""Words inside a box, taken at once (by a scan or by bisection on their centres), are those
`inside` says are, one by one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extractor.parsers.layout import Levels, inside, outside, words_inside
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


box = st.builds(
    lambda a, b, c, d: (min(a, c), min(b, d), max(a, c), max(b, d)),
    coordinate,
    coordinate,
    coordinate,
    coordinate,
)


@given(st.lists(word, max_size=30), st.lists(box, max_size=4))
def test_levels_and_outside_agree_with_inside_word_by_word(
    words: list[Word], boxes: list[tuple[float, float, float, float]]
) -> None:
    levels = Levels(words)
    for x0, top, x1, bottom in boxes:
        found = [words[i] for i in sorted(levels.within(x0, top, x1, bottom))]
        assert found == [w for w in words if inside(w, (x0, top, x1, bottom), 0.0)]
    assert outside(words, boxes) == [w for w in words if not any(inside(w, b) for b in boxes)]
