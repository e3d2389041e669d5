"""A page's content streams tokenized in one pass, operators still carried out by playa.

playa reads a content stream one token at a time, two regular-expression matches and a few
objects per token, and that is about half of all reading time: text set as hex strings with a
kerning number between every two glyphs is millions of tokens a pack. Here a stream is cut into
tokens by one regular expression in one call, numbers and strings are decoded once per distinct
token, and every operator is handed, with its operands, to playa's own interpreter (`operate`,
on its state, its objects), so graphics state, colours, fonts, text positions and paths are
exactly playa's. The tokens are cut by playa's rules (its lexer's patterns, its string escapes);
what this tokenizer leaves to playa (inline images, strings nested two deep or unterminated,
stray bytes, object references, procedures, operators inside arrays) raises `Unsupported`, and
`read_objects` reads that page with playa whole.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Callable
from typing import Any

from playa.content import TextObject, XObjectObject
from playa.interp import LazyInterpreter
from playa.page import Page
from playa.parser import ESC_STRING, HEXDIGIT, KWD, SPC
from playa.pdftypes import LIT, PSKeyword, PSLiteral, name_str, stream_value

from extractor.parsers.pdfobjects import PageObjects, Sink
from extractor.parsers.pdfobjects import read_objects as read_objects_playa


class Unsupported(Exception):
    """The page's content holds something only playa's own parser reads."""


# playa's lexer (playa.parser.LEXER) as one pattern: blanks and comments skipped, then one
# token, each kind in its own group (a delimited token keeps its delimiters, so that an empty
# string is told from an absent group)
_NUMBER = rb"[+-]?(?:\.\d+|\d+(?:\.\d*)?)"
_WHOLE_NUMBER = re.compile(_NUMBER)
_KEYWORD = rb"""[A-Za-z][^\#/%\[\]()<>{}\s]*|['"]"""
_TOKEN = re.compile(
    rb"""
    \s*+ (?: %[^\r\n]*[\r\n] \s*+ )*+
    (?:
        ( (?: NUMBER \s++ )++ ) ( KEYWORD )                                 # 1, 2 operator with numbers
      | ( NUMBER )                                                         # 3 number
      | ( <[A-Fa-f\d\s]*> )                                                # 4 hex string
      | ( KEYWORD )                                                        # 5 operator
      | ( \[ [<>A-Fa-f\d.+\-\s]*+ \] )                                     # 6 coded array
      | ( \[ (?: \s*+ (?: <[A-Fa-f\d]*> | NUMBER | \([^()\\\r]*\) ) )*+ \s*+ \] )  # 7 plain array
      | ( / (?: \#[A-Fa-f\d][A-Fa-f\d] | [^\#/%\[\]()<>{}\s] )* )          # 8 name
      | ( \( (?: [^()\\] | \\[\s\S] | \( (?: [^()\\] | \\[\s\S] )* \) )* \) )  # 9 string
      | ( << | \[ )                                                        # 10 opening
      | ( >> | \] )                                                        # 11 closing
      | ( \S )                                                             # 12 anything else
    )
    """.replace(b"NUMBER", _NUMBER).replace(b"KEYWORD", _KEYWORD),
    re.VERBOSE,
)
_NOT_ANGLES = bytes(b for b in range(256) if b not in b"<>")
# the items of a plain array (a TJ operator's strings and kerning): hex strings, numbers and
# strings without escapes or parentheses, the same kinds of token as above
_ITEM = re.compile(rb"(<[A-Fa-f\d]*>)|(" + _NUMBER + rb")|(\([^()\\\r]*\))")
# a literal string's escapes and line ends, as playa's string lexer reads them (its escaped
# letters, `ESC_STRING`; a name's #xx and a hex string's blanks, `HEXDIGIT` and `SPC`, are its own)
_ESCAPE = re.compile(rb"\\([0-7]{1,3})|\\(?:\r\n?|\n)|\\(.)|\r\n?", re.DOTALL)
_INLINE_IMAGE = (b"BI", b"ID", b"EI")
_CONSTANTS: dict[bytes, Any] = {b"true": True, b"false": False, b"null": None}


def read_objects(page: Page) -> PageObjects:
    """The page's glyphs, paths and images, exactly as `pdfobjects.read_objects` reads them."""
    try:
        return read_page_objects(page)
    except Exception:  # noqa: BLE001 - anything unusual is playa's to read, or to fail on
        return read_objects_playa(page)


def read_page_objects(page: Page) -> PageObjects:
    """As `read_objects`, or Unsupported when the page holds what only playa's parser reads."""
    sink = Sink(page)
    contents = []
    for ref in page._contents:
        try:
            contents.append(stream_value(ref).buffer)
        except TypeError:
            raise Unsupported("a content stream that is not a stream") from None
    _interpret(LazyInterpreter(page, []), contents, sink, frozenset())
    return sink.out


MAX_CACHED = 50_000  # decoded tokens kept per kind before a cache starts again (a few MiB)


class _Decoded(dict[bytes, Any]):
    """Decoded values of one kind of token, each decoded on first sight: a document repeats
    its numbers, glyph codes and names far more often than it writes new ones."""

    __slots__ = ("decode",)

    def __init__(self, decode: Callable[[bytes], Any]) -> None:
        super().__init__()
        self.decode = decode

    def __missing__(self, token: bytes) -> Any:
        if len(self) > MAX_CACHED:
            self.clear()
        value = self[token] = self.decode(token)
        return value


def _number(token: bytes) -> int | float:
    if not _WHOLE_NUMBER.fullmatch(token):  # a piece of a coded array: no exponents, no "5-3"
        raise Unsupported(f"not one number: {token!r}")
    return float(token) if b"." in token else int(token)


def _hex_digits(token: bytes) -> bytes:
    """A hex string's digits without its brackets."""
    digits = SPC.sub(b"", token)
    try:
        return binascii.unhexlify(digits + b"0" if len(digits) % 2 else digits)
    except binascii.Error:  # a piece of a coded array that is not hex digits
        raise Unsupported(f"not a hex string: {token!r}") from None


def _string(token: bytes) -> bytes:
    inner = token[1:-1]
    return _ESCAPE.sub(_unescape, inner) if b"\\" in inner or b"\r" in inner else inner


def _name(token: bytes) -> PSLiteral:
    return LIT(name_str(HEXDIGIT.sub(lambda m: bytes((int(m[1], 16),)), token[1:])))


_NUMBERS = _Decoded(_number)
_HEX_DIGITS = _Decoded(_hex_digits)
_STRINGS = _Decoded(_string)
_NAMES = _Decoded(_name)
_HEXES = _Decoded(lambda token: _HEX_DIGITS[token[1:-1]])  # hex strings with their brackets
_KEYWORDS: dict[bytes, PSKeyword] = {}  # operators (not constants, not inline images) as playa's keywords


def _unescape(match: re.Match[bytes]) -> bytes:
    octal, char = match.group(1), match.group(2)
    if octal is not None:
        code = int(octal, 8)
        return bytes((code,)) if code < 256 else b""  # playa drops an overflowing code
    if char is not None:
        return ESC_STRING.get(char[0], char)
    return b"" if match.group(0)[0] == 0x5C else b"\n"  # a line continuation; a line end


def _plain_array(token: bytes) -> list[Any]:
    """A plain array's items, decoded as the same tokens are anywhere else."""
    hexes, numbers, strings = _HEXES, _NUMBERS, _STRINGS
    return [
        hexes[hexed] if hexed else numbers[number] if number else strings[string]
        for hexed, number, string in _ITEM.findall(token)
    ]


def _coded_array(token: bytes) -> list[Any]:
    """An array of hex strings and numbers (text set glyph by glyph with its kerning, the
    commonest array by far), cut at its angle brackets: the gaps between the hex strings hold
    the numbers. Unsupported (the page is then playa's) when its pieces are not that."""
    inner = token[1:-1]
    angles = inner.translate(None, _NOT_ANGLES)
    if angles != b"<>" * (len(angles) // 2):  # an odd count differs too
        raise Unsupported("an array of angle brackets that are not hex strings")
    parts = inner.replace(b">", b"<").split(b"<")
    numbers, codes = _NUMBERS, _HEX_DIGITS
    items: list[Any] = []
    append = items.append
    for gap, digits in zip(parts[0::2], parts[1::2], strict=False):
        if gap:
            number = numbers.get(gap)  # a lone number, as written before
            if number is None:
                items.extend(map(numbers.__getitem__, gap.split()))
            else:
                append(number)
        append(codes[digits])
    if parts[-1]:
        items.extend(map(numbers.__getitem__, parts[-1].split()))
    return items


def _container(opening: bytes, items: list[Any]) -> Any:
    if opening == b"[":
        return items
    if len(items) % 2 or not all(isinstance(key, PSLiteral) for key in items[::2]):
        raise Unsupported("a dictionary playa would not read")
    return {key.name: value for key, value in zip(items[::2], items[1::2], strict=True) if value is not None}


def _interpret(interp: LazyInterpreter, contents: list[bytes], sink: Sink, parents: frozenset[int]) -> None:
    """Carry out the streams' operators one by one with `interp` (a playa interpreter that has
    read nothing itself), as its own iteration would, and hand each object drawn to `sink`, form
    XObjects opened in place as `Page.flatten` opens them."""
    operands: list[Any] = interp.argstack
    operate = interp.operate
    numbers, hexes, strings, names, keywords = _NUMBERS, _HEXES, _STRINGS, _NAMES, _KEYWORDS
    open_items: list[tuple[bytes, list[Any]]] = []  # arrays and dictionaries being read
    target = operands  # where the next value goes
    for data in contents:
        for (
            numbered,
            word,
            number,
            hexed,
            lone_word,
            coded,
            plain,
            name,
            string,
            opening,
            closing,
            other,
        ) in _TOKEN.findall(data):
            if word:
                target.extend(map(numbers.__getitem__, numbered.split()))
            elif lone_word:
                word = lone_word
            elif number:
                target.append(numbers[number])
                continue
            elif hexed:
                target.append(hexes[hexed])
                continue
            elif coded:
                target.append(_coded_array(coded))
                continue
            elif plain:
                target.append(_plain_array(plain))
                continue
            elif name:
                target.append(names[name])
                continue
            elif string:
                target.append(strings[string])
                continue
            elif opening:
                open_items.append((opening, target))
                target = []
                continue
            elif closing:
                if not open_items:
                    raise Unsupported("a closing bracket without its opening")
                kind, outer = open_items.pop()
                if (kind == b"[") != (closing == b"]"):
                    raise Unsupported("mismatched brackets")
                outer.append(_container(kind, target))
                target = outer
                continue
            else:
                raise Unsupported(f"a byte playa's lexer reads its own way: {other!r}")
            keyword = keywords.get(word)
            if keyword is None:  # a constant, an inline image, an operator not seen before
                if word in _CONSTANTS:
                    target.append(_CONSTANTS[word])
                    continue
                if word in _INLINE_IMAGE:
                    raise Unsupported("an inline image")
                keyword = keywords[word] = KWD(word)
            if target is not operands:
                raise Unsupported("an operator inside an array or dictionary")
            obj = operate(keyword)
            if obj is None:
                continue
            if isinstance(obj, XObjectObject):
                _open_form(obj, sink, parents)
                continue
            sink.take(obj)
            if isinstance(obj, TextObject):
                # what playa's iteration does before its next operator
                interp.textstate.glyph_offset = obj._get_next_glyph_offset()
        if open_items:
            # playa's parser takes an array or dictionary apart at the end of its stream, though
            # the next stream closes it; that reading is kept, so the page's objects do not change
            raise Unsupported("an array or dictionary left open at the end of a stream")


def _open_form(obj: XObjectObject, sink: Sink, parents: frozenset[int]) -> None:
    """A form XObject's content, read in its own interpreter as `XObjectObject.interp` makes it
    (once per chain: a form that draws itself is not opened again)."""
    stream_id = 0 if obj.stream.objid is None else obj.stream.objid
    if stream_id in parents:
        return
    interp = LazyInterpreter(
        obj.page, [], obj.resources, ctm=obj.ctm, gstate=obj.gstate, parent_key=obj._parentkey
    )
    _interpret(interp, [obj.stream.buffer], sink, parents | {stream_id})
