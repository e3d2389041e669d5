"""Two of playa's generic slow paths replaced by direct ones that give exactly the same results.

State copies: playa's interpreter saves its graphics and text state with `copy.copy` at every
`q` (and a form XObject's interpreter copies the graphics state it starts from); spreadsheet
exports wrap nearly every cell in `q ... Q`, and the generic copy (`__reduce_ex__`,
`copyreg.__newobj__`, `_reconstruct`) costs about six times a direct one. The copies made here
are what the generic copy makes: a new object of the same class with the same attribute values
(shallow).

ASCII85: playa decodes ASCII85 streams with `base64.a85decode`, a Python loop over every byte.
Here a stream of plain digits and blanks (what writers produce) is decoded five digits at a time;
anything else ('z' groups, stray bytes, overflowing groups) goes to `base64.a85decode` itself, so
results and errors are the library's.

`install` puts both in place, only where the classes still have the shape this was written for;
the interpreter's `copy` then goes straight to the states' copies.
"""

from __future__ import annotations

import base64
import copy
import struct
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from typing import Any, TypeVar

import playa.ascii85
import playa.interp
from playa.content import GraphicState
from playa.interp import TextState

_TEXT_FIELDS = ("line_matrix", "glyph_offset")


def _copy_graphic_state(state: GraphicState) -> GraphicState:
    new = object.__new__(type(state))
    new.__dict__ = state.__dict__.copy()
    return new


def _copy_text_state(state: TextState) -> TextState:
    new = type(state)()
    new.line_matrix = state.line_matrix
    new.glyph_offset = state.glyph_offset
    return new


_T = TypeVar("_T")
_COPIERS: dict[type[Any], Callable[[Any], Any]] = {}  # the states' direct copies, once installed


def _copy(x: _T) -> _T:
    """`copy.copy` as the interpreter calls it (on its states, at every `q`), going to the
    state's direct copy without copy.copy's generic dispatch; anything else to copy.copy."""
    copier = _COPIERS.get(type(x))
    return copy.copy(x) if copier is None else copier(x)  # type: ignore[no-any-return]


def _plain(cls: type[Any]) -> bool:
    """A dataclass whose instances keep their fields in a `__dict__` (no slots, no own copy)."""
    return is_dataclass(cls) and "__slots__" not in cls.__dict__ and "__copy__" not in cls.__dict__


_DIGITS = bytes(range(ord("!"), ord("u") + 1))
_BLANKS = b" \t\n\r\v"  # what base64.a85decode skips
_VALUE = bytes((b - ord("!")) % 256 for b in range(256))  # a digit's value
_PAD = _VALUE[ord("u")]  # a last, short group is filled out with 'u's


def a85decode(data: bytes) -> bytes:
    """`base64.a85decode(data)`, five digits at a time."""
    if type(data) is not bytes:
        return base64.a85decode(data)
    digits = data.translate(None, _BLANKS)
    if digits.translate(None, _DIGITS):
        return base64.a85decode(data)
    values = digits.translate(_VALUE)
    short = len(values) % 5
    if short:
        values += bytes([_PAD]) * (5 - short)
    groups = zip(values[0::5], values[1::5], values[2::5], values[3::5], values[4::5], strict=True)
    words = [(((a * 85 + b) * 85 + c) * 85 + d) * 85 + e for a, b, c, d, e in groups]
    try:
        out = struct.pack(f">{len(words)}I", *words)
    except struct.error:  # a group over 2**32 - 1: the library's error
        return base64.a85decode(data)
    return out[: len(out) - (5 - short)] if short else out


def install() -> None:
    if _plain(GraphicState):
        GraphicState.__copy__ = _copy_graphic_state  # type: ignore[attr-defined]
        _COPIERS[GraphicState] = _copy_graphic_state
    # a compiled class (no __dict__): its two fields are all it holds
    if tuple(f.name for f in fields(TextState)) == _TEXT_FIELDS and "__copy__" not in TextState.__dict__:
        TextState.__copy__ = _copy_text_state  # type: ignore[attr-defined]
        _COPIERS[TextState] = _copy_text_state
    # the compiled interpreter looks `copy` up in its module's globals at each call
    if getattr(playa.interp, "copy", None) is copy.copy:
        playa.interp.copy = _copy
    # playa's ascii85decode strips the stream's markers and calls its module's `a85decode`
    if getattr(playa.ascii85, "a85decode", None) is base64.a85decode:
        playa.ascii85.a85decode = a85decode  # type: ignore[assignment]
