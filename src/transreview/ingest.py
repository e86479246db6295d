"""Files -> ``Document``: decoding, byte-order marks, refusal of binary and mis-encoded input.

In: a path (or ``-`` for stdin) and an optional encoding. Out: a ``Document`` whose ``text`` keeps
the file's line endings untranslated, so offsets point into the real file and export can write
the same bytes back. An empty file gives a document with empty text. Every failure is an
``InputError`` naming the file, the line where known, and what is wrong.
"""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

from transreview.errors import InputError
from transreview.model import Document

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def read_bytes(path: str) -> bytes:
    """The raw bytes of ``path`` (``-`` reads stdin), with OS errors turned into ``InputError``."""
    if path == "-":
        return sys.stdin.buffer.read()
    target = Path(path)
    try:
        return target.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a text file") from None
    except PermissionError:
        raise InputError(path, "permission denied (cannot read)") from None
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None


def decode(path: str, data: bytes, encoding: str | None = None) -> Document:
    """Decode ``data`` read from ``path``: a BOM wins, then ``encoding``, then strict UTF-8."""
    bom = False
    codec = encoding or "utf-8"
    for mark, name in _BOMS:
        if data.startswith(mark):
            data, codec, bom = data[len(mark) :], name, True
            break
    if not bom and encoding is None and b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise InputError(path, "contains NUL bytes: a binary file, or UTF-16 without a BOM "
                         "(pass --encoding)", line)
    try:
        codecs.lookup(codec)
    except LookupError:
        raise InputError(path, f"unknown encoding {codec!r}") from None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        hint = "" if encoding else " (for GB18030/GBK files pass --encoding gb18030)"
        bad = f"byte 0x{data[error.start]:02x} at offset {error.start}"
        raise InputError(path, f"not valid {codec}: {bad}{hint}", line) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError(path, "contains NUL characters: not a text file", line)
    return Document(path=path, text=text, encoding=codec, bom=bom)


def read_document(path: str, encoding: str | None = None) -> Document:
    """Read and decode one text file (see the module docstring)."""
    return decode(path, read_bytes(path), encoding)


def encode(document: Document, text: str | None = None) -> bytes:
    """The bytes of ``text`` (default: the document's own) in the document's encoding and BOM."""
    body = (document.text if text is None else text).encode(document.encoding)
    if not document.bom:
        return body
    mark = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE,
            "utf-16-be": codecs.BOM_UTF16_BE}[document.encoding]
    return mark + body
