"""A regular-expression alternation of words, factored by common prefix.

`re` tries the branches of `one|two|three|...` one after another at every position it is asked to;
the factored form `one|t(?:hree|wo)` tests each letter once. It matches the same words. Where a
caller follows the alternation by something no letter satisfies (`\\b`, `(?![\\w-])`, a space), at
most one word can match at a place, so the order of the branches (longest first or not) is moot.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_Node = dict[str, "_Node"]
_END = ""  # the key marking that a word ends at a node


def word_trie(words: Iterable[str]) -> str:
    """A non-capturing group matching exactly `words` (literally; the caller sets any flags)."""
    root: _Node = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _group(root) if root else "(?!)"


def _group(node: _Node) -> str:
    branches = [re.escape(char) + _group(child) for char, child in sorted(node.items()) if char != _END]
    if not branches:
        return ""
    if len(branches) == 1 and _END not in node:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if _END in node else "")
