"""Sentence segmentation: ``Document`` -> ``Segment`` tuple, with character offsets.

In: a document (or a text) and its language, ``"en"`` or ``"zh"``. Out: segments whose
``start``/``end`` are character offsets into the original text (``Document.text``, line endings
untranslated) and whose ``text`` is ``text[start:end]``. Each line (ended by ``\\n``, ``\\r\\n``
or ``\\r``) is a paragraph; a sentence never crosses a line break; blank lines carry no sentence;
spans exclude surrounding whitespace, so the text between two consecutive spans is whitespace
only and joining the spans with it rebuilds the input. An empty or blank text gives no segments.
``segment_presegmented`` instead takes line k as sentence k (``--presegmented`` input).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields
from itertools import repeat
from typing import Any

import numpy as np

from transreview.ingest import LINE_END
from transreview.model import Document, Lang, Segment, slot_setters
from transreview.segment import en, zh
from transreview.segment.codes import char_codes, line_feeds

SEGMENTER_NAME = "rules-1"
"""Named in every output's signature; bump it when boundaries change."""

_Splitter = Callable[[str, Sequence[int], Sequence[int]], tuple[list[int], list[int], list[int]]]

_SPLITTERS: dict[str, _Splitter] = {
    "en": en.split_paragraphs,
    "zh": zh.split_paragraphs,
}

_PARAGRAPH = re.compile(r"\S(?:[^\r\n]*\S)?")
"""A non-blank line without its surrounding whitespace: from its first to its last non-space
character, never crossing a line ending (``\\n``, ``\\r\\n`` or ``\\r``)."""

_ASCII_SPACES = np.array([chr(code).isspace() for code in range(0x80)])


def _paragraphs(text: str) -> tuple[list[int], list[int]]:
    """The stripped bounds of the non-blank lines of ``text``: line k is ``text[los[k]:his[k]]``.

    When every line ends alike (``\\n`` or ``\\r\\n``), the line ends are found with numpy among
    the text's character codes, and only a line that starts or ends with whitespace is stripped
    by ``_PARAGRAPH``: a scan of the whole text with it costs far more.
    """
    ending = "\n"
    if "\r" in text:
        pairs = text.count("\r\n")
        if pairs != text.count("\r") or pairs != text.count("\n"):
            spans = [paragraph.span() for paragraph in _PARAGRAPH.finditer(text)]
            return [lo for lo, _ in spans], [hi for _, hi in spans]
        ending = "\r\n"
    codes = char_codes(text)
    breaks = line_feeds(text) if ending == "\n" else np.flatnonzero(codes == ord("\r"))
    los = np.concatenate(([0], breaks + len(ending)))
    his = np.append(breaks, len(text))
    filled = his > los
    los, his = los[filled], his[filled]
    loose = np.flatnonzero(_spaces(codes[los]) | _spaces(codes[his - 1])).tolist()
    if not loose:
        return los.tolist(), his.tolist()
    kept = np.ones(len(los), np.bool_)
    for line in loose:
        paragraph = _PARAGRAPH.search(text, los[line], his[line])
        if paragraph is None:
            kept[line] = False
        else:
            los[line], his[line] = paragraph.span()
    return los[kept].tolist(), his[kept].tolist()


def _spaces(codes: np.ndarray[Any, np.dtype[Any]]) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Which of the character ``codes`` are whitespace (``str.isspace``)."""
    spaces: np.ndarray[Any, np.dtype[np.bool_]] = _ASCII_SPACES[np.minimum(codes, 0x7F)]
    wide = np.flatnonzero(codes >= 0x80)
    if len(wide):
        spaces[wide] = [chr(code).isspace() for code in codes[wide].tolist()]
    return spaces


def _splitter(lang: Lang) -> _Splitter:
    try:
        return _SPLITTERS[lang]
    except KeyError:
        raise ValueError(f"unsupported language {lang!r} (expected 'en' or 'zh')") from None


def split_sentences(text: str, lang: Lang) -> list[tuple[int, int]]:
    """``(start, end)`` spans of the sentences of ``text`` in order (see the module docstring)."""
    starts, ends, _ = _splitter(lang)(text, *_paragraphs(text))
    return list(zip(starts, ends, strict=True))


def segment_document(doc: Document, lang: Lang) -> tuple[Segment, ...]:
    """The sentences of ``doc``; ``Segment.paragraph`` is the 0-based index of its non-blank line.

    Raises ``ValueError`` for a language other than ``en`` or ``zh``.
    """
    split = _splitter(lang)
    text = doc.text
    starts, ends, paragraphs = split(text, *_paragraphs(text))
    texts = map(text.__getitem__, map(slice, starts, ends))
    return _segments(len(starts), (range(len(starts)), starts, ends, texts, paragraphs))


_SETTERS = slot_setters(Segment, tuple(field.name for field in fields(Segment)))


def _segments(count: int, columns: tuple[Iterable[Any], ...]) -> tuple[Segment, ...]:
    """``count`` segments whose fields are the ``columns`` (in field order), made a field at a
    time: each slot's setter mapped over them all (a chunk has thousands of segments, and a
    call of ``Segment.__init__`` for each costs a fifth more)."""
    made = tuple(map(Segment.__new__, repeat(Segment, count)))
    for setter, column in zip(_SETTERS, columns, strict=True):
        deque(map(setter, made, column), maxlen=0)
    return made


def segment_presegmented(doc: Document) -> tuple[Segment, ...]:
    """One segment per line: line k is sentence k, its span the line without its line ending.

    Blank lines are kept as empty segments so that indices stay line numbers; the empty piece
    after a final line ending is not a line.
    """
    text = doc.text
    segments: list[Segment] = []
    start = 0
    for ending in LINE_END.finditer(text):
        end = ending.start()
        segments.append(Segment(len(segments), start, end, text[start:end], len(segments)))
        start = ending.end()
    if start < len(text):
        segments.append(Segment(len(segments), start, len(text), text[start:], len(segments)))
    return tuple(segments)
