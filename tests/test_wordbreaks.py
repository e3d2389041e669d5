"""Words cut at a cell's edge are joined without a space; words that merely wrap keep theirs.

The pairs are real line ends from the bundled cabinet packs (narrow risk-register columns)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.parsers.tables.cells import join_lines
from extractor.parsers.wordbreaks import broken_at_line_end

CUT = [
    ("Unsustainabl", "e"),
    ("accommoda", "ting"),
    ("Consequenc", "e"),
    ("consequenc", "es."),
    ("competitivene", "ss,"),
    ("environment/p", "rotected"),
    ("building/collap", "se"),
    ("work/temporar", "y"),
    ("Dissatisfactio", "n"),
    ("unaccompa", "nied"),
    ("</p", ">"),
    ("consequences", "."),
    ("Consequence", "</p>"),
    ("Minkiewic", "z"),
]
WRAPPED = [
    ("Reputational", "damage."),
    ("resources/funding", "necessary"),
    ("enforcement", "of"),
    ("responsibilities", "they"),
    ("environment", "e.g.,"),
    ("individual", "s106"),
    ("s", "and"),
    ("CTM's", "and"),
    ("provider/s", "is/are"),
    ("Services", "Paul"),
    ("Community", "(Assets"),
    ("2023", "24"),
]


@pytest.mark.parametrize(("before", "after"), CUT)
def test_a_word_cut_at_the_edge_is_joined(before: str, after: str) -> None:
    assert broken_at_line_end(before, after)


@pytest.mark.parametrize(("before", "after"), WRAPPED)
def test_words_that_wrap_stay_apart(before: str, after: str) -> None:
    assert not broken_at_line_end(before, after)


def test_words_either_way_are_joined_only_when_they_could_not_fit_on_one_line() -> None:
    assert broken_at_line_end("Commission", "ed", would_fit=False)
    assert not broken_at_line_end("with", "in", would_fit=True)


def test_hyphen_and_slash_breaks() -> None:
    assert join_lines("2023-", "24") == "2023-24"
    assert join_lines("Capital/", "revenue costs") == "Capital/revenue costs"
    assert join_lines("County Services/", "Paul Royel") == "County Services/ Paul Royel"
    assert join_lines("Adult Social Care -", "Estimated") == "Adult Social Care - Estimated"
    assert join_lines("Reputational", "damage.") == "Reputational damage."
    assert join_lines("Unsustainabl", "e financial") == "Unsustainable financial"
    # not at the cell's edge: a line that stopped short was not cut
    assert join_lines("Unsustainabl", "e", at_edge=False) == "Unsustainabl e"


def test_the_word_list_is_read_back_from_the_cache_as_it_was_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from extractor.parsers import wordbreaks

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    wordbreaks._words.cache_clear()
    try:
        built = wordbreaks._words()
        assert wordbreaks._cache_file().is_file()
        wordbreaks._words.cache_clear()
        assert wordbreaks._words() == built
        assert "accommodating" in built and "accommoda" not in built
    finally:
        wordbreaks._words.cache_clear()
