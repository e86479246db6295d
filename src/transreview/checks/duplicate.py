"""``duplicate-segment``: a paragraph or sentence that repeats an earlier one.

Paragraphs and sentences are compared by their words (case and punctuation ignored); a short
paragraph (a title, a couplet) whose words nearly all recur in an earlier short paragraph also
counts, found through a min-hash key so the check stays linear in the document size.
"""

from __future__ import annotations

import re
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress, count, repeat
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
from transreview.segment.codes import char_codes, wide_offsets

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

_SPACED_WORDS = b" " + _ASCII_WORD_BYTES[1:]
"""Bytes with ASCII word characters lower-cased, every other byte a space."""
_NO_WORDS = 1 << 62
"""Past any offset: where the words of a segment without words start, for a minimum."""


@dataclass(frozen=True, slots=True)
class _Part:
    """A part's observations in document order as columns (they cross processes faster so),
    texts and digests left out; the keys as bounds in one string, cut by the decider."""

    words: str
    """Words, case-folded, one space between them, of which each span's key is a slice."""
    los: list[int]
    """Where each span's key starts in ``words``."""
    his: list[int]
    """Where each span's key ends in ``words``."""
    starts: list[int]
    """Where each span starts (never decreasing)."""
    ends: list[int]
    """One past where each span ends."""
    segments: list[int]
    """The index of each span's first segment."""
    heads: list[int]
    """The length of a paragraph's first sentence; 0 for a sentence."""
    near: dict[int, str]
    """The near key of each short paragraph, by position."""

    def extra(self, position: int) -> tuple[str, ...]:
        """``Observation.extra`` at ``position``: ``p``, the head's length and, when short, the
        near key for a paragraph; ``s`` for a sentence."""
        head = self.heads[position]
        if not head:
            return _SENTENCE
        near = self.near.get(position)
        return ("p", str(head)) if near is None else ("p", str(head), near)

    def keys(self) -> list[str]:
        """Each span's key: the words of the paragraph or sentence, case-folded, one space
        between them."""
        return list(map(self.words.__getitem__, map(slice, self.los, self.his)))


_EMPTY = _Part("", [], [], [], [], [], [], {})


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
    folds = {char: _fold(char) for char in others}
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


@lru_cache(maxsize=4096)
def _fold(char: str) -> str:
    """``char`` case-folded, each piece neither ASCII nor a letter or digit made a space."""
    return "".join(piece if piece.isascii() or piece.isalnum() else " "
                   for piece in char.casefold())


@lru_cache(maxsize=4096)
def _blank(code: int) -> bool:
    """Whether the non-ASCII character ``code`` folds to blanks only."""
    return not _fold(chr(code)).strip()


def _unit_words(text: str) -> tuple[np.ndarray, np.ndarray] | None:
    """The normal form of all ``text`` as bytes: its words case-folded, one space between them
    and one for each run of other characters; and the sorted offsets of the characters that
    leave nothing in it (a space after a space). None when a character outside ASCII does not
    fold to blanks.

    Each character's code is then turned into a byte (its low byte through a table, a space for
    a non-ASCII one), so offsets into ``text`` stay offsets into the bytes.
    """
    codes = char_codes(text)
    low = codes.astype(np.uint8)
    wide = wide_offsets(text)
    if len(wide):
        if not all(map(_blank, set(codes[wide].tolist()))):
            return None
        low[wide] = 0x20
    spaced = np.frombuffer(low.tobytes().translate(_SPACED_WORDS), np.uint8)
    blank = spaced == 0x20
    dropped = np.flatnonzero(blank[1:] & blank[:-1]) + 1
    return np.delete(spaced, dropped), dropped


def _word_spans(text: str, segments: tuple[Segment, ...], starts: np.ndarray, ends: np.ndarray
                ) -> tuple[str, np.ndarray, np.ndarray, np.ndarray]:
    """The words of the segments, case-folded, one space between them, and for each segment
    the bounds of its words in them and how many it has (bounds equal when none).

    The normal form of the whole text is made at once where ``_unit_words`` can, and the
    segments' spans are then its slices; otherwise the segments' own normal forms are joined.
    """
    unit = _unit_words(text)
    if unit is None:
        sentences = _normal_forms(text, segments)
        lengths = np.fromiter(map(len, sentences), np.int64, len(sentences))
        nonempty = lengths > 0
        step = lengths + nonempty
        lo = np.cumsum(step) - step
        counts = np.fromiter(map(str.count, sentences, repeat(" ")), np.int64, len(sentences))
        return " ".join(filter(None, sentences)), lo, lo + lengths, (counts + 1) * nonempty
    codes, dropped = unit
    lo = starts - np.searchsorted(dropped, starts)
    hi = ends - np.searchsorted(dropped, ends)
    last = len(codes) - 1
    lo += (lo < hi) & (codes[np.minimum(lo, last)] == 0x20)
    hi -= (lo < hi) & (codes[np.maximum(hi - 1, 0)] == 0x20)
    spaces = np.flatnonzero(codes == 0x20)
    counts = np.searchsorted(spaces, hi) - np.searchsorted(spaces, lo) + 1
    return codes.tobytes().decode("ascii"), lo, hi, counts * (lo < hi)


def _part(text: str, segments: tuple[Segment, ...]) -> _Part:
    """The observations of a part, straight from its segments' spans of words.

    Paragraphs (runs of segments of one paragraph number) and sentences are picked with numpy,
    and only their keys are made as strings; a paragraph comes just before its sentences.
    """
    size = len(segments)
    starts = np.fromiter(map(attrgetter("start"), segments), np.int64, size)
    ends = np.fromiter(map(attrgetter("end"), segments), np.int64, size)
    numbers = np.fromiter(map(attrgetter("paragraph"), segments), np.int64, size)
    words, lo, hi, counts = _word_spans(text, segments, starts, ends)
    firsts = np.flatnonzero(np.concatenate(([True], numbers[1:] != numbers[:-1])))
    lengths = np.diff(np.append(firsts, size))
    totals = np.add.reduceat(counts, firsts)
    worded = counts > 0
    paragraph_lo = np.minimum.reduceat(np.where(worded, lo, _NO_WORDS), firsts)
    paragraph_hi = np.maximum.reduceat(np.where(worded, hi, -1), firsts)
    chosen = np.flatnonzero(totals >= _MIN_PARAGRAPH_WORDS)
    heads = firsts[chosen]
    lone = np.flatnonzero(np.repeat(lengths > 1, lengths) & (counts >= _MIN_SENTENCE_WORDS))
    order = np.argsort(np.concatenate((2 * heads, 2 * lone + 1)))
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    low, high = _SHORT_PARAGRAPH
    short = rank[: len(chosen)][(totals[chosen] >= low) & (totals[chosen] <= high)]
    los = np.concatenate((paragraph_lo[chosen], lo[lone]))[order].tolist()
    his = np.concatenate((paragraph_hi[chosen], hi[lone]))[order].tolist()
    indexes = np.fromiter(map(attrgetter("index"), segments), np.int64, size)
    return _Part(
        words, los, his,
        np.concatenate((starts[heads], starts[lone]))[order].tolist(),
        np.concatenate((ends[firsts[chosen] + lengths[chosen] - 1], ends[lone]))[order].tolist(),
        np.concatenate((indexes[heads], indexes[lone]))[order].tolist(),
        np.concatenate((ends[heads] - starts[heads], np.zeros_like(lone)))[order].tolist(),
        {position: _near_key(words[los[position]:his[position]])
         for position in short.tolist()},
    )


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
        part = self.gathered(context)
        for position, key in enumerate(part.keys()):
            yield Observation(key, part.starts[position], part.ends[position], "",
                              part.segments[position], "", part.extra(position))

    def gather(self, observations: list[Observation]) -> _Part:
        """The observations as columns."""
        if not observations:
            return _EMPTY
        keys, starts, ends, _, segments, _, extras = zip(*observations, strict=True)
        his = list(accumulate(map(len, keys)))
        return _Part("".join(keys), [0, *his[:-1]], his, list(starts), list(ends), list(segments),
                     [int(extra[1]) if extra[0] == "p" else 0 for extra in extras],
                     {position: extra[2] for position, extra in enumerate(extras)
                      if len(extra) > 2})

    def gathered(self, context: CheckContext) -> _Part:
        """``gather`` of ``observe``, made by ``_part``."""
        if not context.en_segments:
            return _EMPTY
        return _part(context.en.text, context.en_segments)

    def decider(self, glossary: Glossary | None, document: LineIndex, digests: bool = True
                ) -> Decider:
        return _Duplicates(self, document, digests)


class _Duplicates(Decider):
    """Remembers where each text first occurs; reports later repeats as they come.

    Texts are remembered by ``hash`` of their key (only this process ever computes them), each
    with the number of its first span in the document, whose start ``_start`` finds.
    """

    def __init__(self, rule: DuplicateSegment, document: LineIndex, digests: bool = True
                 ) -> None:
        self._rule = rule
        self._document = document
        self._digests = digests
        self._seen: dict[int, int] = {}
        self._near: dict[str, tuple[int, frozenset[str]]] = {}
        self._covered_until = -1
        self._bases: list[int] = []
        self._parts: list[tuple[int, array[int]]] = []
        self._spans = 0

    def feed(self, observations: Iterable[Observation], offset: int = 0, first_segment: int = 0
             ) -> Iterator[tuple[Finding, Observation]]:
        return self.take(self._rule.gather(list(observations)), offset, first_segment)

    def take(self, gathered: Any, offset: int, first_segment: int
             ) -> Iterator[tuple[Finding, Observation]]:
        """Judge a part's spans in order, each as the first of its key or as a repeat.

        Every key is remembered at once (``dict.setdefault`` keeps the earliest number); only
        the spans that may repeat or nearly repeat (their key seen earlier, or a near key) are
        then judged one by one, and the spans a repeat covers, which are not judged, are
        forgotten again where they were the first of their key.
        """
        part: _Part = gathered
        keys, starts = part.keys(), part.starts
        base = self._spans
        numbers = range(base, base + len(keys))
        self._spans += len(keys)
        self._bases.append(base)
        self._parts.append((offset, array("q", starts)))
        hashes = list(map(hash, keys))
        earliest = list(map(self._seen.setdefault, hashes, numbers))
        hot = set(part.near)
        hot.update(compress(count(), map(ne, earliest, numbers)))
        done = bisect_left(starts, self._covered_until - offset)
        self._forget(hashes, earliest, numbers, 0, done)
        for position in sorted(hot):
            if position < done:
                continue
            done = position + 1
            code, number = hashes[position], numbers[position]
            first = self._seen.get(code, number)
            if first == number:
                self._seen[code] = number
                near_key = part.near.get(position)
                if near_key is None:
                    continue
                start = starts[position] + offset
                known = self._nearly(keys[position], near_key, start)
                if known is None:
                    continue
                how = f"nearly repeats line {self._document.line(known)}"
            else:
                how = f"repeats line {self._document.line(self._start(first))}"
            end = part.ends[position] + offset
            self._covered_until = end
            covered = bisect_left(starts, end - offset, done)
            self._forget(hashes, earliest, numbers, done, covered)
            done = covered
            yield self._make(keys[position], starts[position] + offset, end,
                             part.segments[position] + first_segment, part.extra(position), how)

    def _forget(self, hashes: list[int], earliest: list[int], numbers: range, start: int,
                stop: int) -> None:
        """Forget the keys that spans ``start`` to ``stop`` of a part, never judged, were the
        first of."""
        for position in range(start, stop):
            if earliest[position] == numbers[position]:
                del self._seen[hashes[position]]

    def _start(self, number: int) -> int:
        """Where span ``number`` of the document starts."""
        part = bisect_right(self._bases, number) - 1
        offset, starts = self._parts[part]
        return offset + starts[number - self._bases[part]]

    def _make(self, key: str, start: int, end: int, segment: int, extra: tuple[str, ...],
              what: str) -> tuple[Finding, Observation]:
        """The finding for a repeat; its segment's digest is worked out here."""
        text = self._document.slice(start, end)
        paragraph = extra[0] == "p"
        head_end = start + int(extra[1]) if paragraph else end
        digest = text_digest(text[: head_end - start]) if self._digests else ""
        observation = Observation(key, start, end, "", segment, digest, extra)
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
