"""``duplicate-segment``: a paragraph or sentence that repeats an earlier one.

Paragraphs and sentences are compared by their words (case and punctuation ignored); a short
paragraph (a title, a couplet) whose words nearly all recur in an earlier short paragraph also
counts, found through a min-hash key so the check stays linear in the document size.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Iterator
from itertools import compress, count, islice, pairwise, repeat
from operator import attrgetter, ne
from typing import Any

import numpy as np

from transreview.checks.base import (
    CheckContext,
    Decider,
    DocumentRule,
    LineIndex,
    Observation,
    register,
    text_digest,
)
from transreview.glossary import Glossary
from transreview.model import Finding, Segment, Severity

_WORD = re.compile(r"\w+")
_MIN_SENTENCE_WORDS = 8
_MIN_PARAGRAPH_WORDS = 8
_SHORT_PARAGRAPH = (6, 40)
_NEAR = 0.75
_SENTENCE = ("s",)

_WORD_BYTES = bytes(byte if byte >= 0x80 or byte == 0 else
                    ord(chr(byte).lower()) if chr(byte).isalnum() or chr(byte) == "_" else 0x20
                    for byte in range(256))
"""UTF-8 bytes with ASCII word characters lower-cased, other ASCII characters (but the
separator ``\x00``) made spaces."""
_ASCII_WORD_BYTES = _WORD_BYTES[:0x80] + b" " * 0x80
"""``_WORD_BYTES`` blanking every non-ASCII byte too."""
_ASCII = bytes(range(0x80))
_MOST_FOLDS = 40
_SEPARATOR = " \x00 "
"""What goes between two segments in the text normalised at once."""

Gathered = tuple[tuple[Any, ...], ...]
"""A part's observations as columns (``zip(*observations)``), texts and digests left empty."""


def _observation(fields: tuple[str, int, int, str, int, str, tuple[str, ...]]) -> Observation:
    """``Observation(*fields)`` without the Python-level constructor (observations are made by
    the ten thousand)."""
    return tuple.__new__(Observation, fields)


def _words(text: str) -> list[str]:
    """The words of ``text``, case-folded: what segments are compared by."""
    return _WORD.findall(text.casefold())


def _normal_forms(text: str, segments: tuple[Segment, ...]) -> list[str]:
    """The words of each segment, case-folded, one space between them.

    The segments are joined with a separator and normalised in one pass over UTF-8 bytes
    (non-ASCII characters folded or blanked first, runs of spaces collapsed with numpy), which
    costs a fraction of a word search per segment.
    """
    if "\x00" not in text:
        joined = _SEPARATOR.join(map(attrgetter("text"), segments))
        encoded = joined.encode("utf-8", "surrogatepass")
        folded = (encoded, _WORD_BYTES) if joined.isascii() else _folded(encoded)
        if folded is not None:
            spaced = np.frombuffer(folded[0].translate(folded[1]), np.uint8)
            blank = spaced == 0x20
            keep = np.empty(len(spaced), np.bool_)
            keep[:1] = True
            np.logical_not(blank[1:] & blank[:-1], out=keep[1:])
            normal = spaced[keep].tobytes().decode("utf-8")
            return list(map(str.strip, normal.split("\x00")))
    return [" ".join(_words(segment.text)) for segment in segments]


def _folded(encoded: bytes) -> tuple[bytes, bytes] | None:
    """UTF-8 ``encoded`` with its non-ASCII characters case-folded, or blanked where not word
    characters, and the table that finishes its normal form; None when more than
    ``_MOST_FOLDS`` characters would change (each costs a pass over the text).

    When no non-ASCII character is a word character, the text stays as it is and the table
    blanks every non-ASCII byte.
    """
    others = set(encoded.translate(None, _ASCII).decode("utf-8", "surrogatepass"))
    folds = {char: "".join(piece if piece.isascii() or piece.isalnum() else " "
                           for piece in char.casefold()) for char in others}
    if not any(folded.strip() for folded in folds.values()):
        return encoded, _ASCII_WORD_BYTES
    changes = [(char, folded) for char, folded in folds.items() if folded != char]
    if len(changes) > _MOST_FOLDS:
        return None
    for char, folded in changes:
        old = char.encode("utf-8", "surrogatepass")
        encoded = encoded.replace(old, folded.encode("utf-8") if folded.strip()
                                  else b" " * len(old))
    return encoded, _WORD_BYTES


def _paragraph_starts(segments: tuple[Segment, ...]) -> list[int]:
    """Position of each paragraph's first segment, then ``len(segments)``."""
    numbers = list(map(attrgetter("paragraph"), segments))
    return [0, *compress(count(1), map(ne, numbers, islice(numbers, 1, None))), len(segments)]


def _near_key(words: str) -> str:
    """The two least CRC-32s of the words of ``words``: a min-hash key, which similar word sets
    share with high probability."""
    hashes = sorted(map(zlib.crc32, set(words.encode("utf-8").split())))
    return f"{hashes[0]}:{hashes[1] if len(hashes) > 1 else hashes[0]}"


@register
class DuplicateSegment(DocumentRule):
    """The same sentence or paragraph repeated; the later occurrences are reported."""

    id = "duplicate-segment"
    severity = Severity.WARNING
    description = "a sentence or paragraph that repeats an earlier one"

    def observe(self, context: CheckContext) -> Iterator[Observation]:
        """Paragraphs and sentences keyed by their words; a paragraph's details are ``p``, the
        length of its first sentence and, when short, its near key (digests are left to the
        decider, which needs them only for the few repeats)."""
        segments = context.en_segments
        if not segments:
            return
        sentences = _normal_forms(context.en.text, segments)
        spaces = list(map(str.count, sentences, repeat(" ")))
        low, high = _SHORT_PARAGRAPH
        for first, after in pairwise(_paragraph_starts(segments)):
            head = segments[first]
            if after - first == 1:
                key, size = sentences[first], spaces[first] + 1
            else:
                key = " ".join(filter(None, sentences[first:after]))
                size = key.count(" ") + 1
            if size >= _MIN_PARAGRAPH_WORDS:
                extra: tuple[str, ...] = ("p", str(head.end - head.start))
                if low <= size <= high:
                    extra = ("p", extra[1], _near_key(key))
                yield _observation((key, head.start, segments[after - 1].end, "", head.index,
                                    "", extra))
            if after - first == 1:
                continue
            for position in range(first, after):
                if spaces[position] + 1 >= _MIN_SENTENCE_WORDS:
                    segment = segments[position]
                    yield _observation((sentences[position], segment.start, segment.end, "",
                                        segment.index, "", _SENTENCE))

    def gather(self, observations: list[Observation]) -> Gathered:
        """The observations as columns (they cross processes faster so)."""
        if not observations:
            return (), (), (), (), (), (), ()
        keys, starts, ends, _, segments, _, extras = zip(*observations, strict=True)
        return keys, starts, ends, (), segments, (), extras

    def decider(self, glossary: Glossary | None, document: LineIndex) -> Decider:
        return _Duplicates(self, document)


class _Duplicates(Decider):
    """Remembers where each text first occurs; reports later repeats as they come.

    Texts are remembered by ``hash`` of their key: only this process ever computes them.
    """

    def __init__(self, rule: DuplicateSegment, document: LineIndex) -> None:
        self._rule = rule
        self._document = document
        self._seen: dict[int, int] = {}
        self._near: dict[str, tuple[int, frozenset[str]]] = {}
        self._covered_until = -1

    def feed(self, observations: Iterable[Observation], offset: int = 0, first_segment: int = 0
             ) -> Iterator[tuple[Finding, Observation]]:
        return self.take(self._rule.gather(list(observations)), offset, first_segment)

    def take(self, gathered: Any, offset: int, first_segment: int
             ) -> Iterator[tuple[Finding, Observation]]:
        columns: Gathered = gathered
        keys, starts, ends, _, segments, _, extras = columns
        seen = self._seen
        for number, key in enumerate(keys):
            start = starts[number] + offset
            if start < self._covered_until:
                continue
            code = hash(key)
            first = seen.get(code)
            if first is None:
                seen[code] = start
                extra = extras[number]
                if len(extra) < 3:
                    continue
                first = self._nearly(key, extra[2], start)
                if first is None:
                    continue
                how = "nearly repeats"
            else:
                how = "repeats"
            end = ends[number] + offset
            self._covered_until = end
            yield self._make(key, start, end, segments[number] + first_segment, extras[number],
                             f"{how} line {self._document.line(first)}")

    def _make(self, key: str, start: int, end: int, segment: int, extra: tuple[str, ...],
              what: str) -> tuple[Finding, Observation]:
        """The finding for a repeat; its segment's digest is worked out here."""
        text = self._document.slice(start, end)
        paragraph = extra[0] == "p"
        head_end = start + int(extra[1]) if paragraph else end
        observation = Observation(key, start, end, "", segment,
                                  text_digest(text[: head_end - start]), extra)
        kind = "paragraph" if paragraph else "sentence"
        return self._rule.make(observation, f"this {kind} {what}", term=text)

    def _nearly(self, key: str, near_key: str, start: int) -> int | None:
        """Where an earlier short paragraph with nearly the same words starts, if any."""
        known = self._near.get(near_key)
        words = frozenset(key.split())
        if known is None:
            self._near[near_key] = (start, words)
            return None
        earlier = known[1]
        return known[0] if len(earlier & words) / len(earlier | words) >= _NEAR else None

    def finish(self) -> Iterator[tuple[Finding, Observation]]:
        return iter(())
