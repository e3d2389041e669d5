"""Was a word cut at the end of a line? Typesetters break a word too long for a narrow cell
mid-letters ("Unsustainabl" / "e", "accommoda" / "ting", "</p" / ">"), and the pieces must be
joined without a space; two whole words that merely wrap ("Reputational" / "damage") must not.

Geometry alone cannot tell the two apart (both lines end within a letter of the cell edge), so
the decision is lexical: the pieces are joined when together they spell an English word and at
least one of them is not a word on its own. The word list is pyspellchecker's English frequency
dictionary (loaded once, on the first doubtful break). Parsing it takes ~0.4 s, so its common words
are kept in the user's cache directory (`$XDG_CACHE_HOME/extractor`, else `~/.cache/extractor`),
one a line, named by pyspellchecker's version, and read from there (~0.01 s) by later processes.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

# Closing marks (and closing tags) never open a line of their own: a line starting with one lost
# it off the line above.
CLOSING = tuple(".,;:)]}>!?%")
_LEAD = re.compile(r"^[A-Za-z]+")
_TAIL = re.compile(r"[A-Za-z'\u2019]+$")
# Single letters and rare tokens are in the dictionary as noise; they do not count as words.
MIN_FREQUENCY = 100
SINGLE_LETTER_WORDS = {"a", "i"}


def _frequencies() -> dict[str, int]:
    from spellchecker import SpellChecker

    checker = SpellChecker(language="en", distance=1)
    return checker.word_frequency.dictionary  # type: ignore[no-any-return]


def _cache_file() -> Path:
    import spellchecker

    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    name = f"english-words-pyspellchecker-{spellchecker.__version__}-min{MIN_FREQUENCY}.txt"
    return Path(root, "extractor", name)


def _save(path: Path, words: frozenset[str]) -> None:
    """Written whole or not at all (a reader never sees half a list); no cache is no error."""
    if any("\n" in w for w in words):
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f"{path.name}.{os.getpid()}.part")
        part.write_bytes("\n".join(sorted(words)).encode("utf-8"))
        os.replace(part, path)
    except OSError:
        pass


@cache
def _words() -> frozenset[str]:
    """The dictionary's words seen at least MIN_FREQUENCY times, from the cache when it holds them."""
    path = _cache_file()
    try:
        return frozenset(path.read_bytes().decode("utf-8").split("\n")) - {""}
    except (OSError, UnicodeDecodeError):
        pass
    words = frozenset(w for w, n in _frequencies().items() if n >= MIN_FREQUENCY and w)
    _save(path, words)
    return words


def is_word(token: str) -> bool:
    token = token.lower()
    if len(token) == 1:
        return token in SINGLE_LETTER_WORDS
    return token in _words()


def broken_at_line_end(before: str, after: str, would_fit: bool = False) -> bool:
    """`before` ends one line of a cell, `after` opens the next: one word cut in two?

    `would_fit`: the two pieces together would have fitted on one line of the cell, so a
    typesetter had no reason to cut them; it settles pairs that are words either way
    ("Commission" + "ed" against "with" + "in").
    """
    if not before or not after:
        return False
    if after.startswith(CLOSING) or after.startswith("</"):
        return True
    tail, lead = _TAIL.search(before), _LEAD.match(after)
    if tail is None or lead is None or after[lead.end() : lead.end() + 1].isalnum():
        return False  # "individual" + "s106": the next line opens with a code, not letters
    head, rest = tail.group(), lead.group()
    if "'" in head or "\u2019" in head or not head[-1:].isalpha():
        return False  # a possessive ends its word: "CTM's" + "and"
    if not rest[0].islower() and not head.isupper():
        return False  # a capital never continues a lower-case word
    if len(head) == 1:
        # a lone letter after a slash may start a word ("environment/p" + "rotected"), a
        # letter standing alone is a word of its own ("Communication s" + "and")
        return head != before and not is_word(rest) and is_word(head + rest)
    if is_word(head + rest):
        return not (is_word(head) and is_word(rest)) or not would_fit
    # a lone letter carried over ("Minkiewic" / "z") is no word of its own
    lone = len(rest) == 1 and all(c in CLOSING for c in after[1:])
    return lone and rest.lower() not in SINGLE_LETTER_WORDS and len(head) >= 3
