"""The factored alternation matches exactly the words of the plain one, and where each is
followed by a word boundary, at the same places and to the same ends."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from extractor.schemas.word_trie import word_trie

MONTHS = ["January", "Jan", "June", "Jun", "July", "Jul", "Sept", "Sep", "September", "May", "March", "Mar"]


def _plain(words: list[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


def test_same_words_matched() -> None:
    trie = re.compile(word_trie(MONTHS))
    for word in MONTHS:
        assert trie.fullmatch(word)
    for other in ["Ju", "Janu", "Septe", "Ma", "Mayo", ""]:
        assert trie.fullmatch(other) is None


def test_no_words_match_nothing() -> None:
    assert re.search(word_trie([]), "anything") is None


def test_special_characters_are_literal() -> None:
    trie = re.compile(word_trie(["a.b", "a+"]))
    assert trie.fullmatch("a.b") and trie.fullmatch("a+")
    assert trie.fullmatch("axb") is None


@given(
    st.lists(st.text("abcé", min_size=1, max_size=5), min_size=1, max_size=8),
    st.text("abcé -.", max_size=40),
)
def test_same_matches_as_the_plain_alternation(words: list[str], text: str) -> None:
    bounded = r"\b{}\b"
    plain = re.compile(bounded.format(_plain(words)), re.IGNORECASE)
    trie = re.compile(bounded.format(word_trie(words)), re.IGNORECASE)
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]
