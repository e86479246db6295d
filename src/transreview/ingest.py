"""Files -> ``Document``: decoding, byte-order marks, refusal of binary and mis-encoded input.

In: a path (or ``-`` for stdin) and an optional encoding. Out: a ``Document`` whose ``text`` keeps
the file's line endings untranslated, so offsets point into the real file and export can write
the same bytes back. An empty file gives a document with empty text. Every failure is an
``InputError`` naming the file, the line where known, and what is wrong.
"""

from __future__ import annotations

import codecs
import re
import stat
import sys
import weakref
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import BinaryIO, NoReturn

from transreview.errors import InputError
from transreview.model import Document, Lang

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_OF = {name: mark for mark, name in _BOMS}

# Codecs that write a BOM of their own on encoding (or read one on decoding) are replaced by their
# explicit-endian, BOM-less twin: the BOM is handled here so that export writes the same bytes.
_PLAIN_CODEC = {"utf-8-sig": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}

_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f\uff21-\uff3a\uff41-\uff5a]")
_LETTER = re.compile(r"[^\W\d_]")
_CJK_TEXT = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
LINE_END = re.compile(r"\r\n|\r|\n")
"""A line end: CR LF, a lone CR or LF. Texts keep their line endings untranslated, and every
stage counts lines and paragraphs by this one pattern."""

_FALLBACK: ContextVar[str | None] = ContextVar("transreview_fallback_encoding", default=None)

_SCRIPT_SAMPLE = 200_000
"""Characters of a document inspected by the script detector (enough to decide, and bounded)."""
_MIN_LETTERS = 20
"""Fewer letters than this never count as a script mismatch: too little text to tell."""


def read_bytes(path: str) -> bytes:
    """The raw bytes of ``path`` (``-`` reads stdin), with OS errors turned into ``InputError``.

    Regular files, pipes and stdin are read; a directory or a device (``/dev/zero``) is refused.
    """
    if path == "-":
        return sys.stdin.buffer.read()
    if path == "":
        raise InputError(path, "empty file name")
    target = Path(path)
    try:
        mode = target.stat().st_mode
        if stat.S_ISDIR(mode):
            raise InputError(path, "is a directory, not a text file")
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
            raise InputError(path, "is not a regular file (a device or socket?)")
        return target.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a text file") from None
    except PermissionError:
        raise InputError(path, "permission denied (cannot read)") from None
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None


def _line_at(data: bytes, offset: int, codec: str) -> int:
    """The 1-based line (``\\n``, ``\\r\\n`` or a lone ``\\r`` ending) holding byte ``offset``."""
    return count_line_ends(data[:offset].decode(codec, errors="replace")) + 1


def count_line_ends(text: str, start: int = 0, end: int | None = None) -> int:
    """How many line ends (``LINE_END``) ``text[start:end]`` holds: a plain count of LFs when
    there is no CR in it."""
    end = len(text) if end is None else end
    newlines = text.count("\n", start, end)
    if text.find("\r", start, end) < 0:
        return newlines
    return len(LINE_END.findall(text, start, end))


def _looks_like_gb18030(data: bytes) -> bool:
    """Whether ``data`` (not valid UTF-8) decodes as GB18030 into mostly Chinese text."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    foreign = _count(_NON_ASCII, text)
    han, latin, _ = script_counts(text)
    return foreign > 0 and _count(_CJK_TEXT, text) >= 0.9 * foreign and 3 * han >= latin


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when NUL bytes fall where UTF-16 puts ASCII's high byte."""
    if len(data) < 2 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    if odd >= 0.3 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.3 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return None


def _codec(path: str, encoding: str) -> str:
    """The canonical codec name for ``encoding`` (``UTF8`` -> ``utf-8``), or an ``InputError``."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise InputError(path, f"unknown encoding {encoding!r}") from None
    try:
        "".encode(name)
        b"".decode(name)
    except LookupError:
        raise InputError(path, f"{encoding!r} is not a text encoding") from None
    return _PLAIN_CODEC.get(name, name)


def decode(path: str, data: bytes, encoding: str | None = None) -> Document:
    """Decode ``data`` read from ``path``: a BOM wins, then ``encoding``, then strict UTF-8.

    Without ``encoding``, NUL bytes (binary or BOM-less UTF-16) are refused, and so is a file
    that is not UTF-8 but reads as GB18030 Chinese, with a hint to pass ``--encoding gb18030``;
    inside ``fallback_encoding(codec)``, such a file is decoded with ``codec`` instead.
    """
    fallback = _FALLBACK.get() if encoding is None else None
    if fallback is None:
        return _decode(path, data, encoding)
    try:
        return _decode(path, data, None)
    except InputError:
        return _decode(path, data, fallback)


def _decode(path: str, data: bytes, encoding: str | None) -> Document:
    """``decode`` without the fallback."""
    bom = False
    skipped = 0
    codec = _codec(path, encoding) if encoding else "utf-8"
    for mark, name in _BOMS:
        if data.startswith(mark):
            data, codec, bom, skipped = data[len(mark) :], name, True, len(mark)
            break
    if not bom and encoding is None and b"\x00" in data:
        line = _line_at(data, data.index(b"\x00"), "utf-8")
        utf16 = _utf16_without_bom(data)
        if utf16:
            message = f"looks like {utf16.upper()} without a byte-order mark: pass --encoding "
            message += utf16
        else:
            message = "contains NUL bytes: a binary file, not text"
        raise InputError(path, message, line)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        line = _line_at(data, error.start, codec)
        where = f"byte 0x{data[error.start]:02x} at offset {error.start + skipped}"
        if encoding is None and not bom and _looks_like_gb18030(data):
            message = f"not UTF-8 but GB18030/GBK Chinese ({where}): pass --encoding gb18030"
        elif encoding is None and not bom:
            message = f"not valid UTF-8: {where} (pass --encoding if the file uses another one)"
        else:
            message = f"not valid {codec}: {where}"
        raise InputError(path, message, line) from None
    if "\x00" in text:
        line = count_line_ends(text, 0, text.index("\x00")) + 1
        raise InputError(path, "contains NUL characters: not a text file", line)
    return Document(path=path, text=text, encoding=codec, bom=bom)


def _count(pattern: re.Pattern[str], text: str) -> int:
    """How many characters of ``text`` match the one-character ``pattern`` (at C speed)."""
    return len(text) - len(pattern.sub("", text))


def script_counts(text: str) -> tuple[int, int, int]:
    """Letters of ``text`` (at most its first 200,000 characters) as (Han, Latin, other).

    Each distinct character is tested once, with its count (a text has a few thousand),
    counted by numpy over the code points: 0.3-0.4 ms where a ``Counter`` took 5-13 ms, at the
    start of every run."""
    import numpy as np

    sample = text[:_SCRIPT_SAMPLE].encode("utf-32-le", "surrogatepass")
    distinct, counts = np.unique(np.frombuffer(sample, dtype=np.uint32), return_counts=True)
    han = latin = letters = 0
    for char, number in zip(map(chr, distinct.tolist()), counts.tolist(), strict=True):
        if _HAN.match(char):
            han += number
        if _LATIN.match(char):
            latin += number
        if _LETTER.match(char):
            letters += number
    return han, latin, max(letters - han - latin, 0)


def detect_script_mismatch(document: Document, expected: Lang) -> str | None:
    """Why ``document`` does not look like ``expected`` text, or None when it may well be.

    English must be mostly Latin letters; Chinese must have Han characters among its letters
    (English words inside Chinese text are normal). Short texts are never refused.
    """
    han, latin, other = script_counts(document.text)
    letters = han + latin + other
    if letters < _MIN_LETTERS:
        return None
    if expected == "en" and latin < max(han, other):
        seen = "like Chinese" if han >= other else "neither English nor Chinese"
        share = f"{100 * latin // letters}% of its letters are Latin"
        return f"given as English, but the text looks {seen} ({share})"
    if expected == "zh" and han * 20 < letters:
        seen = "like English" if latin >= other else "neither Chinese nor English"
        share = f"{100 * han // letters}% of its letters are Han characters"
        return f"given as Chinese, but the text looks {seen} ({share})"
    return None


@contextmanager
def fallback_encoding(encoding: str | None) -> Iterator[None]:
    """Within the block, a file that is not UTF-8 text is decoded with ``encoding`` instead.

    This is the CLI's ``--encoding``: one command may read a GB18030 source beside a UTF-8
    translation. An explicit ``encoding`` argument of ``decode`` or ``read_document`` still wins.
    An unknown codec is an ``InputError`` naming ``--encoding``.
    """
    if encoding is not None:
        _codec("--encoding", encoding)
    token = _FALLBACK.set(encoding)
    try:
        yield
    finally:
        _FALLBACK.reset(token)


def read_document(path: str, encoding: str | None = None, *, lang: Lang | None = None) -> Document:
    """Read and decode one text file; with ``lang``, refuse text in the wrong script."""
    document = decode(path, read_bytes(path), encoding)
    if lang is not None:
        _refuse_script(path, document.text, lang)
    return document


_STREAMED_CODECS = frozenset({"utf-8", "ascii", "latin-1", "cp1252", "gb18030", "gbk", "big5"})
"""Codecs in which the bytes 0x0a and 0x00 are always a line feed and a NUL (never part of
another character), so a file in them can be cut at line ends without decoding it first, and a
block's bytes tell whether its text holds a NUL (a search of bytes is many times quicker than
one of the decoded text)."""


_ANCHOR_CHARS = 4096
"""Characters between two points of a block whose byte offsets ``TextBlocks`` keeps."""


@dataclass(frozen=True, slots=True, weakref_slot=True)
class TextBlocks:
    """A text file too large to hold, read a block of whole lines at a time, or a span.

    The first pass of ``texts`` checks each block as it decodes it (a bad block raises the
    ``InputError`` that reading the whole file gives) and notes where it lies; later passes and
    spans read the blocks again, which cannot fail (unless the file changes in between, which
    is an ``InputError``). Each block keeps the byte offset of every ``_ANCHOR_CHARS``-th
    character, so a span is read from near its start. The file stays open for spans from the
    first ``slice`` until the blocks are dropped: a large check reads back thousands of spans,
    and opening the file for each cost more than reading it.
    """

    path: str
    """The path as given."""
    encoding: str
    """The codec of the file."""
    start: int
    """The byte offset of the text (after a byte-order mark)."""
    block_bytes: int
    """About how many bytes a block has (it ends at the line feed after them)."""
    lang: Lang | None = None
    """The language the first pass checks the script of, if any."""
    spans: list[tuple[int, int, int]] = field(default_factory=list)
    """Each block read so far: its first byte, one past its last byte, and the offset of its
    first character in the decoded text."""
    anchors: list[tuple[int, ...]] = field(default_factory=list)
    """Per block read so far, the byte offset (from the block's start) of characters 0,
    ``_ANCHOR_CHARS``, 2 * ``_ANCHOR_CHARS`` ... of the block; empty when bytes and characters
    correspond one to one (an ASCII block)."""
    checked: list[bool] = field(default_factory=list, init=False, repr=False, compare=False)
    """Set once the first pass has read the whole file."""
    opened: list[BinaryIO] = field(default_factory=list, init=False, repr=False, compare=False)
    """The file as ``slice`` reads it, once it has (at most one)."""

    def __getstate__(self) -> list[object]:
        """The fields in order, the open file left out: a copy (in another process) opens its
        own. The ``__setstate__`` a slotted dataclass is given reads them in that order."""
        return [[] if item.name == "opened" else getattr(self, item.name)
                for item in fields(self)]

    def texts(self) -> Iterator[str]:
        """Each block's text, in order; joined they are the file's decoded text."""
        if not self.checked:
            yield from self._first_pass()
            return
        with _open(self.path) as handle:
            for start, end, _ in self.spans:
                yield self._read(handle, start, end - start)

    def _first_pass(self) -> Iterator[str]:
        """The blocks read, checked and noted for the first time (again from the start, should
        an earlier first pass have been left unfinished)."""
        del self.spans[:], self.anchors[:]
        start, chars, sample = self.start, 0, ""
        with _open(self.path) as handle:
            handle.seek(start)
            while block := handle.read(self.block_bytes) + handle.readline():
                try:
                    text = block.decode(self.encoding)
                except UnicodeDecodeError:
                    self._whole_file_error()
                if b"\x00" in block:  # a NUL character is a 0 byte in these codecs
                    self._whole_file_error()
                if self.lang is not None and len(sample) < _SCRIPT_SAMPLE:
                    sample += text[: _SCRIPT_SAMPLE - len(sample)]
                    if len(sample) == _SCRIPT_SAMPLE:
                        _refuse_script(self.path, sample, self.lang)
                self.spans.append((start, start + len(block), chars))
                self.anchors.append(() if len(text) == len(block)
                                    else _anchors(text, self.encoding))
                start += len(block)
                chars += len(text)
                yield text
        if self.lang is not None and len(sample) < _SCRIPT_SAMPLE:
            _refuse_script(self.path, sample, self.lang)
        self.checked.append(True)

    def _whole_file_error(self) -> NoReturn:
        """Raise the error reading the whole file (with no encoding given) gives: the file is
        not valid text."""
        read_document(self.path, lang=self.lang)
        raise InputError(self.path, "changed while it was being read")

    def slice(self, start: int, end: int) -> str:
        """The decoded text between character offsets ``start`` and ``end`` (of the blocks
        read so far)."""
        pieces = []
        handle = self._spans_file()
        while start < end:
            block = bisect_right(self.spans, start, key=lambda span: span[2]) - 1
            first, last, chars = self.spans[block]
            stop = (self.spans[block + 1][2] if block + 1 < len(self.spans) else end)
            within, upto = start - chars, min(end, stop) - chars
            anchors = self.anchors[block]
            if not anchors:
                pieces.append(self._read(handle, first + within, upto - within))
            else:
                anchor = within // _ANCHOR_CHARS
                skip = within - anchor * _ANCHOR_CHARS
                at = first + anchors[anchor]
                size = min(last - at, 4 * (upto - within + skip))
                text = self._read(handle, at, size, final=at + size == last)
                pieces.append(text[skip : skip + upto - within])
            start = min(end, stop)
        return "".join(pieces)

    def _spans_file(self) -> BinaryIO:
        """The file opened for ``slice`` (at the first call), closed when the blocks go."""
        if not self.opened:
            handle = _open(self.path)
            self.opened.append(handle)
            weakref.finalize(self, handle.close)
        return self.opened[0]

    def _read(self, handle: BinaryIO, start: int, size: int, *, final: bool = True) -> str:
        """``size`` bytes from byte ``start`` decoded (an incomplete last character dropped
        unless ``final``)."""
        handle.seek(start)
        try:
            return codecs.getincrementaldecoder(self.encoding)().decode(handle.read(size), final)
        except UnicodeDecodeError:
            raise InputError(self.path, "changed while it was being read") from None


def _open(path: str) -> BinaryIO:
    try:
        return open(path, "rb")
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None


def read_blocks(path: str, encoding: str | None = None, *, lang: Lang | None = None,
                block_bytes: int = 1 << 20) -> Document | TextBlocks:
    """``read_document``, or for a large file the ``TextBlocks`` that stream it.

    The file is read in blocks of about ``block_bytes`` ending at a line feed, so that only a
    block is ever held. In plain UTF-8 the blocks are checked as they are first read (a bad
    one gives the error reading the whole file gives, when it is reached: the reading overlaps
    the checking); with an encoding given or to fall back on, every block is checked first, as
    a bad block means reading the whole file with the other codec. Whatever cannot be streamed
    (a small file, standard input, a byte-order mark other than UTF-8's, a codec whose bytes
    may hold 0x0a inside a character, a block that does not decode or holds a NUL) is read
    whole by ``read_document``, which gives the same text, or the same error, as ever.
    """
    if path == "-" or (encoding is not None and _codec(path, encoding) not in _STREAMED_CODECS):
        return read_document(path, encoding, lang=lang)
    try:
        status = Path(path).stat()
    except OSError:
        return read_document(path, encoding, lang=lang)
    if status.st_size < 2 * block_bytes or not stat.S_ISREG(status.st_mode):
        return read_document(path, encoding, lang=lang)
    codec = _codec(path, encoding) if encoding else "utf-8"
    with _open(path) as handle:
        head = handle.read(4)
    start = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
    if start:
        codec = "utf-8"  # the mark wins over a given encoding, as in ``decode``
    if any(head.startswith(mark) for mark, name in _BOMS if name != "utf-8"):
        return read_document(path, encoding, lang=lang)
    blocks = TextBlocks(path, codec, start, block_bytes, lang)
    if encoding is None and _FALLBACK.get() is None:
        return blocks
    try:
        for _ in blocks.texts():
            pass
    except InputError:
        return read_document(path, encoding, lang=lang)
    return blocks


def _anchors(text: str, codec: str) -> tuple[int, ...]:
    """Byte offsets in ``text`` encoded with ``codec`` of every ``_ANCHOR_CHARS``-th character."""
    offsets = [0]
    for at in range(0, len(text) - _ANCHOR_CHARS, _ANCHOR_CHARS):
        offsets.append(offsets[-1] + len(text[at : at + _ANCHOR_CHARS].encode(codec)))
    return tuple(offsets)


def _refuse_script(path: str, text: str, lang: Lang) -> None:
    """An ``InputError`` when ``text`` is not in the script of ``lang``."""
    problem = detect_script_mismatch(Document(path, text), lang)
    if problem:
        raise InputError(path, problem)


def encode(document: Document, text: str | None = None) -> bytes:
    """The bytes of ``text`` (default: the document's own) in the document's encoding and BOM."""
    try:
        body = (document.text if text is None else text).encode(document.encoding)
    except UnicodeEncodeError as error:
        raise InputError(
            document.path,
            f"the corrected text has {error.object[error.start]!r}, which {document.encoding} "
            "cannot encode",
        ) from None
    return _BOM_OF[document.encoding] + body if document.bom else body
