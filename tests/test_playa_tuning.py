"""The direct replacements of playa's state copies and ASCII85 filter give exactly what the
generic ones give (results and errors), and are in place once the reader is imported."""

from __future__ import annotations

import base64
import copy
import random

import playa.ascii85
import playa.interp
import pytest
from playa.content import GraphicState
from playa.interp import TextState

from extractor.parsers import pdfobjects, playa_tuning  # noqa: F401 - the reader installs them


def _outcome(data: bytes) -> tuple[str, bytes | str]:
    try:
        return "ok", base64.a85decode(data)
    except ValueError as exc:
        return "error", str(exc)


def _ours(data: bytes) -> tuple[str, bytes | str]:
    try:
        return "ok", playa_tuning.a85decode(data)
    except ValueError as exc:
        return "error", str(exc)


def test_installed_by_the_reader() -> None:
    assert playa.ascii85.a85decode is playa_tuning.a85decode
    assert GraphicState.__copy__ is playa_tuning._copy_graphic_state  # type: ignore[attr-defined]
    assert TextState.__copy__ is playa_tuning._copy_text_state  # type: ignore[attr-defined]
    assert playa.interp.copy is playa_tuning._copy


def test_ascii85_as_the_library_decodes_it() -> None:
    rng = random.Random(7)
    for length in range(0, 41):
        raw = bytes(rng.randrange(256) for _ in range(length))
        for encoded in (
            base64.a85encode(raw),
            base64.a85encode(raw, wrapcol=7),
            base64.a85encode(raw + bytes(8)),
        ):
            assert playa_tuning.a85decode(encoded) == base64.a85decode(encoded)
    # a last group of one digit, 'z' groups, blanks, stray bytes and overflowing groups
    for odd in (
        b"!",
        b"9jqo^!",
        b"z",
        b"!!z!!!",
        b"z!",
        b"ab cd\tef\r\n",
        b"87c~>",
        b"uuuuu",
        b's8W-"',
        b"s8W-!u",
        b"\x00a",
    ):
        assert _ours(odd) == _outcome(odd)


def test_ascii85_streams_read_through_playa() -> None:
    raw = b"BT /F1 12 Tf 72 712 Td (Hello) Tj ET"
    assert playa.ascii85.ascii85decode(b"<~" + base64.a85encode(raw) + b"~>") == raw


@pytest.mark.parametrize("cls", [GraphicState, TextState])
def test_state_copies_are_equal_and_separate(cls: type) -> None:
    state = cls()
    if cls is GraphicState:
        state.linewidth = 3.5
        state.fontsize = 11
    else:
        state.line_matrix = (1.0, 0.0, 0.0, 1.0, 5.0, 6.0)
        state.glyph_offset = (2.0, 0.0)
    copied = copy.copy(state)
    assert copied == state and copied is not state and type(copied) is cls
    assert playa.interp.copy(state) == copied  # the interpreter's copy: the same
    if cls is GraphicState:
        copied.linewidth = 1.0
        assert state.linewidth == 3.5
    else:
        copied.glyph_offset = (0.0, 0.0)
        assert state.glyph_offset == (2.0, 0.0)


def test_the_interpreters_copy_leaves_other_values_to_copy() -> None:
    spaces = {"DeviceGray": 1}
    copied = playa.interp.copy(spaces)
    assert copied == spaces and copied is not spaces
