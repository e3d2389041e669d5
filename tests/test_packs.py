"""Page shingles for linking documents to their packs: every run of SHINGLE consecutive words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extractor.corpus.packs import _WORD, SHINGLE, shingles

WORDS = st.lists(
    st.sampled_from(["the", "Budget", "£1.5m", "2024", "a", "7", "cabinet", "-", "x1"]), max_size=12
)


@given(WORDS)
def test_shingles_are_every_run_of_consecutive_words(words: list[str]) -> None:
    text = " ".join(words)
    found = _WORD.findall(text.lower())
    assert shingles(text) == {tuple(found[i : i + SHINGLE]) for i in range(len(found) - SHINGLE + 1)}


def test_a_page_shorter_than_a_shingle_has_none() -> None:
    assert shingles("Agenda item 5") == set()
    assert shingles("Agenda item 5 budget") == {("agenda", "item", "5", "budget")}
