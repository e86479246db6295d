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
from collections.abc import Callable, Iterator

from transreview.model import Document, Lang, Segment
from transreview.segment import en, zh

SEGMENTER_NAME = "rules-1"
"""Named in every output's signature; bump it when boundaries change."""

_SPLITTERS: dict[str, Callable[[str, int, int], list[tuple[int, int]]]] = {
    "en": en.split,
    "zh": zh.split,
}

_PARAGRAPH = re.compile(r"\S(?:[^\r\n]*\S)?")
"""A non-blank line without its surrounding whitespace: from its first to its last non-space
character, never crossing a line ending (``\\n``, ``\\r\\n`` or ``\\r``)."""

_LINE_END = re.compile(r"\r\n|\r|\n")


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """The stripped bounds ``(lo, hi)`` of each non-blank line of ``text``."""
    for paragraph in _PARAGRAPH.finditer(text):
        yield paragraph.span()


def _splitter(lang: Lang) -> Callable[[str, int, int], list[tuple[int, int]]]:
    try:
        return _SPLITTERS[lang]
    except KeyError:
        raise ValueError(f"unsupported language {lang!r} (expected 'en' or 'zh')") from None


def split_sentences(text: str, lang: Lang) -> list[tuple[int, int]]:
    """``(start, end)`` spans of the sentences of ``text`` in order (see the module docstring)."""
    split = _splitter(lang)
    spans: list[tuple[int, int]] = []
    for lo, hi in _paragraphs(text):
        spans.extend(split(text, lo, hi))
    return spans


def segment_document(doc: Document, lang: Lang) -> tuple[Segment, ...]:
    """The sentences of ``doc``; ``Segment.paragraph`` is the 0-based index of its non-blank line.

    Raises ``ValueError`` for a language other than ``en`` or ``zh``.
    """
    split = _splitter(lang)
    text = doc.text
    segments: list[Segment] = []
    for paragraph, (lo, hi) in enumerate(_paragraphs(text)):
        for start, end in split(text, lo, hi):
            segments.append(Segment(len(segments), start, end, text[start:end], paragraph))
    return tuple(segments)


def segment_presegmented(doc: Document) -> tuple[Segment, ...]:
    """One segment per line: line k is sentence k, its span the line without its line ending.

    Blank lines are kept as empty segments so that indices stay line numbers; the empty piece
    after a final line ending is not a line.
    """
    text = doc.text
    segments: list[Segment] = []
    start = 0
    for ending in _LINE_END.finditer(text):
        end = ending.start()
        segments.append(Segment(len(segments), start, end, text[start:end], len(segments)))
        start = ending.end()
    if start < len(text):
        segments.append(Segment(len(segments), start, len(text), text[start:], len(segments)))
    return tuple(segments)
