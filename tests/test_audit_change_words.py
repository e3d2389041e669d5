"""A figure claims a change only beside its words: found without an expression per figure, and
exactly where the expression would find it."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from extractor.audit.changes import _beside_words


@given(st.text("by of12.5% x\n\t", max_size=30), st.sampled_from(["12", "12.5%", "5", "%", "x", "2 "]))
def test_as_the_expression_finds_it(near: str, text: str) -> None:
    expression = r"\b(?:by|of)\s+" + re.escape(text) + r"|" + re.escape(text) + r"\s+\w+"
    assert _beside_words(near, text) == bool(re.search(expression, near))


def test_examples() -> None:
    assert _beside_words("rose by 12% to", "12%")
    assert _beside_words("a 12% rise", "12%")
    assert not _beside_words("baby 12%.", "12%")
