"""``duplicate-segment``: a paragraph or sentence that repeats an earlier one.

Paragraphs and sentences are compared by their words (case and punctuation ignored); a short
paragraph (a title, a couplet) whose words nearly all recur in an earlier short paragraph also
counts, found through a min-hash key so the check stays linear in the document size.
"""

from __future__ import annotations

import re
import zlib
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from operator import attrgetter
from typing import Any

import numpy as np
import numpy.typing as npt

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
_MIN_HEADING_WORDS = 3
"""A shorter paragraph is compared too when it is a heading: one sentence, not closed by a
punctuation mark (a repeated heading is a careless export's mark; a repeated "Yes, he said."
in dialogue is not), nor a credit line (``_CREDIT``)."""
_CREDIT = re.compile(r"(?:\w+ )?\w+:\s")
"""A credit line's label ("Editor: Zhang Wei", "Source: Xinhua News Agency"), which every
article of a file may repeat."""
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


_Ints = npt.NDArray[np.int64]
_Hashes = npt.NDArray[np.uint64]


_Spans = tuple[str, _Ints, _Ints, _Ints, _Ints, _Ints, _Ints, dict[int, str]]
"""A part's spans in document order: the words, case-folded, one space between them; where
each span's key starts and ends in them; where each span starts and ends; the index of its first
segment; the length of a paragraph's first sentence (0 for a sentence); the near key of each
short paragraph, by position."""


@dataclass(frozen=True, slots=True)
class _Part:
    """A part's observations in document order as columns of numpy arrays (they cross processes
    as a few buffers), texts and digests left out, keys as hashes (``_key_hashes``): only a
    short paragraph's key is kept as text, for near comparisons."""

    hashes: _Hashes
    """The hash of each span's key."""
    roots: _Ints
    """For each span, the position of the part's first span with the same key hash."""
    starts: _Ints
    """Where each span starts (never decreasing)."""
    ends: _Ints
    """One past where each span ends."""
    segments: _Ints
    """The index of each span's first segment."""
    heads: _Ints
    """The length of a paragraph's first sentence; 0 for a sentence."""
    near: dict[int, str]
    """The near key of each short paragraph, by position."""
    shorts: dict[int, str]
    """The key of each short paragraph, by position."""

    def extra(self, position: int) -> tuple[str, ...]:
        """``Observation.extra`` at ``position``."""
        return _extra(int(self.heads[position]), self.near.get(position))


def _extra(head: int, near: str | None) -> tuple[str, ...]:
    """``Observation.extra`` of a span: ``p``, the head's length and, when short, the near key
    for a paragraph; ``s`` for a sentence."""
    if not head:
        return _SENTENCE
    return ("p", str(head)) if near is None else ("p", str(head), near)


def _columns(words: str, los: _Ints, his: _Ints, starts: _Ints, ends: _Ints, segments: _Ints,
             heads: _Ints, near: dict[int, str]) -> _Part:
    """The ``_Part`` of a part's spans (``_Spans``), its keys hashed."""
    hashes = _key_hashes(words, los, his)
    shorts = {position: words[los[position]:his[position]] for position in near}
    return _Part(hashes, _roots(hashes), starts, ends, segments, heads, near, shorts)


_PRIMES = (4294967291, 4294967279)
"""The two greatest primes below 2**32."""
_TAIL_MASKS = np.array([(1 << (8 * size)) - 1 for size in range(8)], np.uint64)
"""The low ``size`` bytes of a 64-bit block."""
_POWERS_KEPT = 1 << 18
"""The most powers of 2**64 kept for each prime between parts (enough for 2 MB of words)."""
_powers_kept: dict[int, _Hashes] = {}


def _key_hashes(words: str, los: _Ints, his: _Ints) -> _Hashes:
    """For each key ``words[lo:hi]``: its UTF-8 bytes read as a little-endian number, modulo
    each of ``_PRIMES`` (the first remainder in the high 32 bits).

    Every process gets the same hash (``hash`` of a str is salted per interpreter), and numpy
    makes all of a part's at once from prefix sums over 8-byte blocks. Two different keys share
    a hash only when their numbers differ by a multiple of the primes' product (about 2**64),
    which words of natural text do about as rarely as for a 64-bit hash: the later key would be
    reported as repeating the earlier one.
    """
    if words.isascii():
        data = words.encode("ascii")
    else:
        data = words.encode("utf-8", "surrogatepass")
        codes = np.frombuffer(words.encode("utf-32-le", "surrogatepass"), np.uint32)
        sizes = 1 + (codes >= 0x80).astype(np.int64) + (codes >= 0x800) + (codes >= 0x10000)
        bounds = np.concatenate((np.zeros(1, np.int64), np.cumsum(sizes)))
        los, his = bounds[los], bounds[his]
    count = len(data) // 8 + 1
    blocks = np.frombuffer(data + bytes(8 * count - len(data)), "<u8")
    at = np.concatenate((los, his))
    block = at >> 3
    tails = blocks[block] & _TAIL_MASKS[at & 7]
    hashes = np.zeros(len(los), np.uint64)
    for prime in _PRIMES:
        powers = _powers(prime, count + 1)
        sums = np.zeros(count + 1, np.uint64)
        np.cumsum(blocks % prime * powers[:count] % prime, out=sums[1:])
        before = (sums[block] % prime + tails % prime * powers[block] % prime) % prime
        unshift = np.array([pow(256, -(8 * count + size), prime) for size in range(8)], np.uint64)
        number = ((before[len(los):] + prime - before[:len(los)]) % prime
                  * powers[count - block[:len(los)]] % prime * unshift[los & 7] % prime)
        hashes = (hashes << np.uint64(32)) | number
    return hashes


def _powers(prime: int, count: int) -> _Hashes:
    """``2**(64 * j)`` modulo ``prime`` for ``j`` below ``count`` (or more), the first
    ``_POWERS_KEPT`` kept between calls."""
    powers = _powers_kept.get(prime, np.ones(1, np.uint64))
    while len(powers) < count:
        powers = np.concatenate((powers, powers * np.uint64(pow(2, 64 * len(powers), prime))
                                 % prime))
    if len(powers) <= _POWERS_KEPT:
        _powers_kept[prime] = powers
    return powers


def _roots(hashes: _Hashes) -> _Ints:
    """For each hash, the position of its first occurrence."""
    if not len(hashes):
        return np.zeros(0, np.int64)
    order = np.argsort(hashes)
    ordered = hashes[order]
    firsts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    roots = np.empty(len(hashes), np.int64)
    roots[order] = np.repeat(np.minimum.reduceat(order, firsts),
                             np.diff(np.append(firsts, len(order))))
    return roots


_NONE = np.zeros(0, np.int64)
_EMPTY = _Part(np.zeros(0, np.uint64), _NONE, _NONE, _NONE, _NONE, _NONE, {}, {})


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


def _spans(text: str, segments: tuple[Segment, ...]) -> _Spans:
    """The spans of a part, straight from its segments' spans of words.

    Paragraphs (runs of segments of one paragraph number) and sentences are picked with numpy,
    their keys left as bounds in the words; a paragraph comes just before its sentences.
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
    headings = np.flatnonzero((lengths == 1) & (totals >= _MIN_HEADING_WORDS)
                              & (totals < _MIN_PARAGRAPH_WORDS))
    headings = headings[[text[end - 1].isalnum() and not _CREDIT.match(text, start)
                         for start, end in zip(starts[firsts[headings]].tolist(),
                                               ends[firsts[headings]].tolist(), strict=True)]]
    chosen = np.union1d(np.flatnonzero(totals >= _MIN_PARAGRAPH_WORDS), headings)
    heads = firsts[chosen]
    lone = np.flatnonzero(np.repeat(lengths > 1, lengths) & (counts >= _MIN_SENTENCE_WORDS))
    order = np.argsort(np.concatenate((2 * heads, 2 * lone + 1)))
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    low, high = _SHORT_PARAGRAPH
    short = rank[: len(chosen)][(totals[chosen] >= low) & (totals[chosen] <= high)]
    los = np.concatenate((paragraph_lo[chosen], lo[lone]))[order]
    his = np.concatenate((paragraph_hi[chosen], hi[lone]))[order]
    indexes = np.fromiter(map(attrgetter("index"), segments), np.int64, size)
    return (
        words, los, his,
        np.concatenate((starts[heads], starts[lone]))[order],
        np.concatenate((ends[firsts[chosen] + lengths[chosen] - 1], ends[lone]))[order],
        np.concatenate((indexes[heads], indexes[lone]))[order],
        np.concatenate((ends[heads] - starts[heads], np.zeros_like(lone)))[order],
        {position: _near_key(words[low:high]) for position, low, high
         in zip(short.tolist(), los[short].tolist(), his[short].tolist(), strict=True)},
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
        if not context.en_segments:
            return
        words, los, his, starts, ends, segments, heads, near = _spans(context.en.text,
                                                                      context.en_segments)
        for position, (low, high, start, end, segment, head) in enumerate(zip(
                los.tolist(), his.tolist(), starts.tolist(), ends.tolist(), segments.tolist(),
                heads.tolist(), strict=True)):
            yield Observation(words[low:high], start, end, "", segment, "",
                              _extra(head, near.get(position)))

    def gather(self, observations: list[Observation]) -> _Part:
        """The observations as columns."""
        if not observations:
            return _EMPTY
        keys, starts, ends, _, segments, _, extras = zip(*observations, strict=True)
        lengths = np.fromiter(map(len, keys), np.int64, len(keys))
        bounds = np.concatenate((np.zeros(1, np.int64), np.cumsum(lengths)))
        return _columns("".join(keys), bounds[:-1], bounds[1:],
                        np.array(starts, np.int64), np.array(ends, np.int64),
                        np.array(segments, np.int64),
                        np.array([int(extra[1]) if extra[0] == "p" else 0 for extra in extras],
                                 np.int64),
                        {position: extra[2] for position, extra in enumerate(extras)
                         if len(extra) > 2})

    def gathered(self, context: CheckContext, hint: Any = None) -> _Part:
        """``gather`` of ``observe``, made from ``_spans``."""
        if not context.en_segments:
            return _EMPTY
        return _columns(*_spans(context.en.text, context.en_segments))

    def decider(self, glossary: Glossary | None, document: LineIndex, digests: bool = True
                ) -> Decider:
        return _Duplicates(self, document, digests)


class _Table:
    """Span numbers by key hash: open addressing with linear probing in two numpy arrays (a hash
    and a number per slot, the number -1 in a free one), so that a part's keys are looked up and
    added a few array operations at a time (one dict operation per key, in a dict of millions,
    costs more than all the rest of the decider)."""

    __slots__ = ("_count", "_hashes", "_numbers")

    def __init__(self) -> None:
        self._hashes = np.zeros(1 << 12, np.uint64)
        self._numbers = np.full(1 << 12, -1, np.int64)
        self._count = 0

    def get(self, hashes: _Hashes) -> _Ints:
        """The number kept for each of ``hashes``; -1 where none is."""
        mask = len(self._numbers) - 1
        found = np.full(len(hashes), -1, np.int64)
        pending = np.arange(len(hashes))
        slots = (hashes & np.uint64(mask)).astype(np.int64)
        while len(pending):
            numbers = self._numbers[slots]
            used = numbers >= 0
            hit = used & (self._hashes[slots] == hashes[pending])
            found[pending[hit]] = numbers[hit]
            going = used & ~hit
            pending, slots = pending[going], (slots[going] + 1) & mask
        return found

    def add(self, hashes: _Hashes, numbers: _Ints) -> None:
        """Keep ``numbers`` for ``hashes``, distinct and not kept yet; the table doubles to stay
        at most half full."""
        self._count += len(hashes)
        size = len(self._numbers)
        if 2 * self._count > size:
            while 2 * self._count > size:
                size *= 2
            used = np.flatnonzero(self._numbers >= 0)
            kept_hashes, kept_numbers = self._hashes[used], self._numbers[used]
            self._hashes = np.zeros(size, np.uint64)
            self._numbers = np.full(size, -1, np.int64)
            self._place(kept_hashes, kept_numbers)
        self._place(hashes, numbers)

    def _place(self, hashes: _Hashes, numbers: _Ints) -> None:
        """Put each hash and number in the first free slot from the hash's own; of the ones that
        claim one slot at once, the one whose number stays there wins it (numbers are distinct)."""
        mask = len(self._numbers) - 1
        pending = np.arange(len(hashes))
        slots = (hashes & np.uint64(mask)).astype(np.int64)
        while len(pending):
            going = self._numbers[slots] >= 0
            free = np.flatnonzero(~going)
            claimed, claims = slots[free], pending[free]
            self._numbers[claimed] = numbers[claims]
            lost = self._numbers[claimed] != numbers[claims]
            self._hashes[claimed[~lost]] = hashes[claims[~lost]]
            going[free[lost]] = True
            pending, slots = pending[going], (slots[going] + 1) & mask


class _Duplicates(Decider):
    """Remembers where each text first occurs; reports later repeats as they come.

    Texts are remembered by the hash of their key (``_key_hashes``) in a ``_Table``, each with
    the number of its first span in the document, whose start ``_start`` finds.
    """

    def __init__(self, rule: DuplicateSegment, document: LineIndex, digests: bool = True
                 ) -> None:
        self._rule = rule
        self._document = document
        self._digests = digests
        self._seen = _Table()
        self._near: dict[str, tuple[int, str]] = {}
        self._near_words: dict[str, frozenset[str]] = {}
        self._covered_until = -1
        self._bases: list[int] = []
        self._parts: list[tuple[int, _Ints]] = []
        self._spans = 0

    def feed(self, observations: Iterable[Observation], offset: int = 0, first_segment: int = 0
             ) -> Iterator[tuple[Finding, Observation]]:
        return self.take(self._rule.gather(list(observations)), offset, first_segment)

    def take(self, gathered: Any, offset: int, first_segment: int, hint: Any = None
             ) -> Iterator[tuple[Finding, Observation]]:
        """Judge a part's spans in order, each as the first of its key or as a repeat; a span a
        repeat covers is not judged, and its key is not remembered by it.

        Only the spans that may repeat or nearly repeat (their key seen in an earlier part or
        earlier in this one, or a near key) are judged one by one; the earlier parts' keys are
        looked up, and the part's first spans of new keys added, all at once.
        """
        part: _Part = gathered
        starts, roots = part.starts, part.roots
        base, size = self._spans, len(starts)
        self._spans += size
        self._bases.append(base)
        self._parts.append((offset, starts))
        positions = np.arange(size)
        new = roots == positions
        known = np.full(size, -1, np.int64)
        known[new] = self._seen.get(part.hashes[new])
        known = known[roots]
        hot = ~new | (known >= 0)
        hot[list(part.near)] = True
        done = int(np.searchsorted(starts, self._covered_until - offset))
        covered = np.zeros(size, np.bool_)
        covered[:done] = True
        firsts: dict[int, int] = {}  # root: the first span not covered of a key new here
        judged = np.flatnonzero(hot[done:]) + done
        ends = part.ends[judged]
        for position, root, first, start, end, reach, code in zip(
                judged.tolist(), roots[judged].tolist(), known[judged].tolist(),
                (starts[judged] + offset).tolist(), (ends + offset).tolist(),
                np.searchsorted(starts, ends).tolist(), part.hashes[judged].tolist(),
                strict=True):
            if position < done:
                continue
            done = position + 1
            if first < 0:
                first = firsts.get(root, -1)
                if first < 0 and root != position and not covered[root]:
                    first = firsts[root] = base + root
            if first < 0:
                firsts[root] = base + position
                near_key = part.near.get(position)
                if near_key is None:
                    continue
                known_near = self._nearly(part.shorts[position], near_key, start)
                if known_near is None:
                    continue
                how = f"nearly repeats line {self._document.line(known_near)}"
            else:
                how = f"repeats line {self._document.line(self._start(first))}"
            self._covered_until = end
            covered[done:reach] = True
            done = max(done, reach)
            yield self._make(f"{code:016x}", start, end,
                             int(part.segments[position]) + first_segment, part.extra(position),
                             how)
        fresh = np.flatnonzero(new & (known < 0) & ~covered)
        later = [(root, number) for root, number in firsts.items() if number != base + root]
        if later:
            moved = np.array(later, np.int64)
            self._seen.add(np.concatenate((part.hashes[fresh], part.hashes[moved[:, 0]])),
                           np.concatenate((fresh + base, moved[:, 1])))
        else:
            self._seen.add(part.hashes[fresh], fresh + base)

    def _start(self, number: int) -> int:
        """Where span ``number`` of the document starts."""
        part = bisect_right(self._bases, number) - 1
        offset, starts = self._parts[part]
        return offset + int(starts[number - self._bases[part]])

    def _make(self, key: str, start: int, end: int, segment: int, extra: tuple[str, ...],
              what: str) -> tuple[Finding, Observation]:
        """The finding for a repeat, its observation keyed by ``key`` (the hex of its key's hash:
        the words themselves stay in the worker); its segment's digest is worked out here."""
        text = self._document.slice(start, end)
        paragraph = extra[0] == "p"
        head_end = start + int(extra[1]) if paragraph else end
        digest = text_digest(text[: head_end - start]) if self._digests else ""
        observation = Observation(key, start, end, "", segment, digest, extra)
        kind = "paragraph" if paragraph else "sentence"
        return self._rule.make(observation, f"this {kind} {what}", term=text)

    def _nearly(self, key: str, near_key: str, start: int) -> int | None:
        """Where an earlier short paragraph with nearly the same words starts, if any.

        The first paragraph of each near key is kept with its key, made a set of words only
        when another paragraph shares the near key (most never meet one).
        """
        known = self._near.get(near_key)
        if known is None:
            self._near[near_key] = (start, key)
            return None
        earlier = self._near_words.get(near_key)
        if earlier is None:
            earlier = self._near_words[near_key] = frozenset(known[1].split())
        words = frozenset(key.split())
        shared = len(earlier & words)
        return known[0] if shared / (len(earlier) + len(words) - shared) >= _NEAR else None

    def finish(self) -> Iterator[tuple[Finding, Observation]]:
        return iter(())
