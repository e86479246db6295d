"""glossary.tsv -> ``Glossary``, with one compiled matcher for all its terms.

In: a UTF-8, tab-separated file whose header names the columns (``zh``, ``en``, ``forbidden``,
``case``, ``note``; unknown columns ignored; ``#`` comments and blank lines skipped). Out: a frozen
``Glossary`` whose ``find_en`` and ``find_zh`` return matches as character offsets into the text
given. English matching follows DESIGN: whole words, case-insensitive unless ``exact``, any
whitespace run matches any whitespace run, plurals and possessives of the last word, the longest
of overlapping matches wins, results in text order. An empty file is an error (no header).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, chain, compress, starmap
from operator import itemgetter
from typing import Any, Literal, NamedTuple

import ahocorasick
import numpy as np

from transreview.errors import InputError
from transreview.ingest import decode, read_bytes
from transreview.model import Term
from transreview.segment.codes import char_codes, code_points

MatchKind = Literal["approved", "forbidden"]
_KIND_NAMES: tuple[MatchKind, MatchKind] = ("approved", "forbidden")
"""The kinds by their number in the matcher's columns."""
COLUMNS = ("zh", "en", "forbidden", "case", "note")

_WHITESPACE = {ord(c): " " for c in "\t\n\r\x0b\x0c\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"}
_WHITESPACE.update({c: " " for c in range(0x2000, 0x200B)})
_APOSTROPHES = {0x2019: "'", 0x02BC: "'"}
"""The typographic apostrophes (``people’s``), which the matcher reads as ``'``: a glossary
typed with one and a text set with the other still match."""
_MATCH_FOLDS = _WHITESPACE | _APOSTROPHES
_APOSTROPHE_CHARS = frozenset(map(chr, _APOSTROPHES))
_ENDINGS = ("es'", "es’", "'s", "’s", "s'", "s’", "es", "s")
_Y_SUFFIXES = ("ies", "ies'", "ies’")


def same_length_lower(text: str) -> str:
    """``text.lower()`` that never changes the length (characters whose lower form is longer,
    such as ``İ``, are kept as they are), so offsets stay valid."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def normalize_term(text: str) -> str:
    """A rendering as the matcher and the linter compare it: NFKC, whitespace runs (every
    character of ``_WHITESPACE`` among them) collapsed to one space, typographic apostrophes
    read as ``'``."""
    if text.isascii():
        return " ".join(text.split())
    return " ".join(unicodedata.normalize("NFKC", text).split()).translate(_APOSTROPHES)


class _WidthFolds(dict[int, str]):
    """Each character's NFKC form where that is one character, else the character: a
    ``str.translate`` table filled as characters are first met."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char)
        value = self[code] = folded if len(folded) == 1 else char
        return value


_WIDTH_FOLDS = _WidthFolds()


def _width_fold(text: str) -> str:
    """Full-width forms to half-width and other NFKC compatibility folds, one char at a time.

    A long text is folded through a numpy table of the characters it holds (``str.translate``
    with a mapping looks each character up in Python, ten times slower).
    """
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text
    if len(text) < _BULK_CHARS:
        return text.translate(_WIDTH_FOLDS)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    present = np.flatnonzero(np.bincount(codes))
    folded = np.array([ord(_WIDTH_FOLDS[code]) for code in present.tolist()], dtype=np.uint32)
    table = np.arange(int(present[-1]) + 1, dtype=np.uint32)
    table[present] = folded
    return table[codes].tobytes().decode("utf-32-le", "surrogatepass")


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


class TermMatch(NamedTuple):
    """One glossary rendering found in a text (a named tuple: a large text has very many)."""

    start: int
    """Character offset of the match in the text searched."""
    end: int
    """One past its last character (a plural or possessive ending included)."""
    term: int
    """Index of the row in ``Glossary.terms``."""
    kind: MatchKind
    """Whether the text matched an approved rendering or a forbidden variant."""
    variant: int
    """Index of the rendering in the row's ``en`` or ``forbidden`` tuple."""
    suffix: str = ""
    """The plural or possessive ending matched after the rendering, as written in the text."""


class MatchColumns(NamedTuple):
    """Matches as parallel lists, one a ``TermMatch`` field: what a rule that reads tens of
    thousands of matches takes without making a ``TermMatch`` of each."""

    start: list[int]
    end: list[int]
    term: list[int]
    kind: list[MatchKind]
    variant: list[int]
    suffix: list[str]

    @classmethod
    def of(cls, matches: Sequence[TermMatch]) -> MatchColumns:
        """The columns of ``matches``."""
        if not matches:
            return cls([], [], [], [], [], [])
        start, end, term, kind, variant, suffix = map(list, zip(*matches, strict=True))
        return cls(start, end, term, kind, variant, suffix)

    def matches(self) -> list[TermMatch]:
        """The matches, one ``TermMatch`` each."""
        return list(starmap(TermMatch, zip(*self, strict=True)))

    def where(self, keep: list[bool]) -> MatchColumns:
        """The matches whose ``keep`` flag is set."""
        return MatchColumns(
            list(compress(self.start, keep)), list(compress(self.end, keep)),
            list(compress(self.term, keep)), list(compress(self.kind, keep)),
            list(compress(self.variant, keep)), list(compress(self.suffix, keep)))


class _Entry(NamedTuple):
    """What one automaton key stands for: a rendering (or its ``-ies`` plural) of a row."""

    term: int
    kind: MatchKind
    variant: int
    stem: str
    """The part of the rendering the text must contain verbatim (for ``exact`` rows)."""
    suffix_length: int
    exact: bool
    order: int


class _Offsets:
    """Maps offsets in whitespace-collapsed text back to the original text."""

    __slots__ = ("_norm", "_shift")

    def __init__(self, norm_positions: list[int], shifts: list[int]) -> None:
        self._norm = norm_positions
        self._shift = shifts

    def original(self, offset: int) -> int:
        index = bisect_right(self._norm, offset) - 1
        return offset if index < 0 else offset + self._shift[index]

    def originals(self, offsets: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """``original`` of each offset."""
        index = np.searchsorted(np.array(self._norm, dtype=np.int64), offsets, side="right") - 1
        shifts = np.array([0, *self._shift], dtype=np.int64)
        result: np.ndarray[Any, Any] = offsets + shifts[index + 1]
        return result


_ASCII_BYTES = bytes(range(128))
_FOLD = bytes.maketrans(b"\t\n\r\x0b\x0cABCDEFGHIJKLMNOPQRSTUVWXYZ",
                        b"     abcdefghijklmnopqrstuvwxyz")
"""ASCII whitespace to a space and capitals to small letters, as ``bytes.translate`` takes it."""
MATCHER_SPACES = frozenset(map(chr, _WHITESPACE))
"""The whitespace characters the matcher reads as a space (a run of them matches one)."""


def _prepare(text: str) -> tuple[str, str, _Offsets | None]:
    """``text`` and its folded form (``same_length_lower``, every whitespace character a space,
    every typographic apostrophe ``'``), both with each whitespace run cut to its first
    character, and the map from their offsets back to ``text``'s (None when nothing was cut).

    Text whose only non-ASCII characters (curly quotes, dashes) are caseless and no whitespace
    is folded as UTF-8 by one ``bytes.translate``: ``str.lower`` and searches of a text that
    holds such characters (two or four bytes a character) cost ten times more.
    """
    data = text.encode()
    rare: set[str] = set()
    if len(data) != len(text):
        rare = set(data.translate(None, _ASCII_BYTES).decode())
        if not rare.isdisjoint(MATCHER_SPACES) or any(char.lower() != char for char in rare):
            folded = same_length_lower(text.translate(_MATCH_FOLDS))
            return _collapse(folded, text) if "  " in folded else (text, folded, None)
    data = data.translate(_FOLD)
    folded = data.decode()
    for apostrophe in rare & _APOSTROPHE_CHARS:
        folded = folded.replace(apostrophe, "'")
    return _collapse(folded, text) if _has_double_space(data) else (text, folded, None)


def _has_double_space(data: bytes) -> bool:
    """``b"  " in data``, as two comparisons of byte pairs: in text with a space every few
    characters the substring search is ten times slower."""
    if len(data) < _BULK_CHARS:
        return b"  " in data
    pairs = np.frombuffer(data, dtype=np.uint16, count=len(data) // 2)
    shifted = np.frombuffer(data, dtype=np.uint16, count=(len(data) - 1) // 2, offset=1)
    return bool((pairs == 0x2020).any() or (shifted == 0x2020).any())


def _collapse(folded: str, text: str) -> tuple[str, str, _Offsets]:
    """``_prepare`` of a text whose folded form has runs of spaces: every space after a space
    goes, found with numpy in the folded text's code points (in a long text a paragraph break is
    such a run, and a loop over the runs took 60% longer)."""
    spaces = code_points(folded) == 0x20
    dropped = np.flatnonzero(spaces[1:] & spaces[:-1]) + 1
    breaks = np.flatnonzero(np.diff(dropped) != 1)  # where one dropped stretch ends
    starts = dropped[np.concatenate(([0], breaks + 1))]
    ends = dropped[np.concatenate((breaks, [len(dropped) - 1]))] + 1
    lengths = ends - starts
    shifts = np.cumsum(lengths)  # characters dropped up to the end of each stretch
    lows, highs = [0, *ends.tolist()], [*starts.tolist(), len(folded)]
    return ("".join(map(text.__getitem__, map(slice, lows, highs))),
            "".join(map(folded.__getitem__, map(slice, lows, highs))),
            _Offsets((starts - shifts + lengths).tolist(), shifts.tolist()))


Candidate = tuple[int, int, int, int, MatchKind, int, str]
"""``(start, -end, order, row, kind, variant, ending)``: sorted, the order in which
longest-match-wins reads candidates."""


class EnglishMatcher:
    """One Aho–Corasick automaton over every English rendering of the glossary.

    Plural and possessive endings are read after a match rather than stored as keys, except for
    ``-ies`` plurals of words in ``-y``, which change the rendering's own letters.
    """

    def __init__(self, terms: Sequence[Term]) -> None:
        self._automaton: Any = ahocorasick.Automaton()
        keys: dict[str, list[_Entry]] = {}
        order = 0
        for index, term in enumerate(terms):
            for kind, renderings in zip(_KIND_NAMES, (term.en, term.forbidden), strict=True):
                for number, text in enumerate(renderings):
                    base = normalize_term(text)
                    if not base:
                        continue
                    for key, suffix_length in rendering_keys(same_length_lower(base)):
                        stem = base if suffix_length == 0 else base[:-1]
                        entry = _Entry(index, kind, number, stem, suffix_length,
                                       term.case_sensitive, order)
                        order += 1
                        keys.setdefault(key, []).append(entry)
        self._entries: list[tuple[_Entry, ...]] = []
        self._shapes: list[tuple[int, bool, bool, bool]] = []
        columns: list[tuple[int, ...]] = []
        for key_id, (key, entries) in enumerate(keys.items()):
            if len(entries) > 1:
                entries.sort(key=lambda e: (e.kind != "approved", e.order))
            first = entries[0]
            columns.append((
                len(key), _is_word(key[0]), _is_word(key[-1]) or key[-1] in "'’",
                key[-1].isalpha() and first.suffix_length == 0,
                not (first.exact or first.suffix_length), first.order, first.term,
                first.kind == "forbidden", first.variant,
            ))
            self._entries.append(tuple(entries))
            self._shapes.append(columns[-1][:4])  # type: ignore[arg-type]
            self._automaton.add_word(key, key_id)
        table = np.array(columns or [(0,) * 9], dtype=np.int64).T
        self._length, self._order, self._term, self._kind, self._variant = (
            table[0], table[5], table[6], table[7], table[8])
        self._word_start, self._word_end, self._inflects, self._simple = (
            table[1].astype(bool), table[2].astype(bool), table[3].astype(bool),
            table[4].astype(bool))
        self.empty = not keys
        if keys:
            self._automaton.make_automaton()

    def find(self, text: str, forbidden_only: bool = False) -> MatchColumns:
        """Matches in ``text``, non-overlapping (longest wins), ordered by position (with
        ``forbidden_only``, the forbidden ones of them).

        In a long text the automaton's hits are judged in bulk with numpy (word boundaries,
        then longest-match-wins in ``_greedy``); Python looks only at the hits that may carry a
        plural or possessive ending or need their row's stricter rules. A short text (a name, a
        sentence) is judged hit by hit, which is quicker below a few thousand characters.
        """
        if self.empty or not text:
            return MatchColumns.of(())
        original, lowered, offsets = _prepare(text)
        if len(lowered) >= _BULK_CHARS:
            return self._find_bulk(original, lowered, offsets, forbidden_only)
        candidates = [c for last, key in self._automaton.iter(lowered)
                      if (c := self._candidate(original, lowered, last + 1, key))]
        chosen = [TermMatch(c[0], -c[1], c[3], c[4], c[5], c[6])
                  for c in _longest_first(candidates)
                  if c[4] == "forbidden" or not forbidden_only]
        if offsets is not None:
            chosen = [m._replace(start=offsets.original(m.start),
                                 end=offsets.original(m.end - 1) + 1) for m in chosen]
        return MatchColumns.of(chosen)

    def _find_bulk(self, original: str, lowered: str, offsets: _Offsets | None,
                   forbidden_only: bool) -> MatchColumns:
        """``find`` over a long text, its hits judged with numpy (read as 32-bit numbers: the
        large temporary arrays of a chunk, freed together, make the allocator give memory back
        and fault it in again for the next chunk, and halving them halves that).

        The boundaries are read in the code points of ``original``, a chunk's own as
        segmentation left them cached (those of a copy with whitespace runs cut are made aside,
        so that the chunk's stay cached for the rules after): lower-casing changes no
        character's being a word character (``same_length_lower`` of every code point is
        tested so) nor, but for ``S`` and ``E``, its beginning an ending.
        """
        hits = np.fromiter(chain.from_iterable(self._automaton.iter(lowered)), dtype=np.int32)
        if not hits.size:
            return MatchColumns.of(())
        size = len(lowered)
        keys, end = hits[1::2], hits[0::2] + 1
        start = end - self._length[keys]
        codes = char_codes(original) if offsets is None else code_points(original)
        before = _word_codes(codes[np.maximum(start - 1, 0)]) & (start > 0)
        bounded = ~(self._word_start[keys] & before)
        following = codes[np.minimum(end, size - 1)]
        inside = end < size
        after = _word_codes(following) & inside
        endable = self._inflects[keys] & inside & _ENDING_STARTS[
            np.minimum(following, len(_ENDING_STARTS) - 1)]
        fast = bounded & ~endable & self._simple[keys] & ~(self._word_end[keys] & after)
        slow = [self._candidate(original, lowered, e, k) for e, k in zip(
            *(column[bounded & (endable | ~self._simple[keys])].tolist()
              for column in (end, keys)), strict=True)]
        return _longest_first_bulk(start[fast], end[fast], keys[fast],
                                   [c for c in slow if c is not None], self, forbidden_only,
                                   offsets)

    def _candidate(self, original: str, lowered: str, end: int, key: int) -> Candidate | None:
        """The hit of ``key`` ending at ``end`` judged in Python: word boundaries, ending and
        its row's case rule (None: no match). ``original`` is the text ``lowered`` folds (its
        whitespace characters not yet spaces)."""
        length, word_start, word_end, inflects = self._shapes[key]
        start = end - length
        if word_start and start and _is_word(lowered[start - 1]):
            return None
        size = len(lowered)
        suffix = ""
        if end < size:
            following = lowered[end]
            if inflects and following in "se'’":
                suffix = _ending(lowered, end, size)
            if not suffix and word_end and _is_word(following):
                return None
        for entry in self._entries[key]:
            if entry.exact and original[start : start + len(entry.stem)].translate(
                    _MATCH_FOLDS) != entry.stem:
                continue
            if entry.suffix_length:
                suffix = original[end - entry.suffix_length : end]
            else:
                suffix = original[end : end + len(suffix)]
                end += len(suffix)
            return (start, -end, entry.order, entry.term, entry.kind, entry.variant, suffix)
        return None


_BULK_CHARS = 4096
"""Texts at least this long are matched with numpy (``EnglishMatcher._find_bulk``)."""
_ENDING_STARTS = np.zeros(ord("’") + 2, dtype=bool)
"""Whether a code point (any past ``’`` read as the last, False) may begin a plural or
possessive ending, in a text or in its ``same_length_lower`` form (``S`` and ``E`` are the only
characters that lower to ``s`` or ``e``): a table, quicker to read than ``np.isin``."""
_ENDING_STARTS[[ord(c) for c in "sSeE'’"]] = True
_ASCII_WORD = np.array([_is_word(chr(c)) for c in range(128)], dtype=bool)


def _word_codes(codes: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """``_is_word`` of each code point."""
    flags: np.ndarray[Any, Any] = _ASCII_WORD[np.minimum(codes, 127)]
    high = codes >= 128
    if high.any():
        distinct = np.unique(codes[high])
        known = np.array([_is_word(chr(c)) for c in distinct.tolist()], dtype=bool)
        flags[high] = known[np.searchsorted(distinct, codes[high])]
    return flags


def _longest_first_bulk(start: np.ndarray[Any, Any], end: np.ndarray[Any, Any],
                        keys: np.ndarray[Any, Any], others: list[Candidate],
                        matcher: EnglishMatcher, forbidden_only: bool, offsets: _Offsets | None
                        ) -> MatchColumns:
    """``_longest_first`` over the bulk candidates (plain keys, no ending) and ``others``, their
    offsets mapped back through ``offsets``.

    The candidates stay in numpy columns (``_greedy`` chooses among them; with
    ``forbidden_only`` only in clusters that hold a forbidden candidate); only the matches kept
    become lists.
    """
    count = len(keys)

    def column(bulk: np.ndarray[Any, Any], values: list[int]) -> np.ndarray[Any, Any]:
        return np.concatenate((bulk, np.array(values, dtype=np.int64))) if values else bulk

    starts = column(start, [c[0] for c in others])
    ends = column(end, [-c[1] for c in others])
    kinds = column(matcher._kind[keys], [c[4] == "forbidden" for c in others])
    ranked = _rank(starts, ends, column(matcher._order[keys], [c[2] for c in others]))
    wanted = kinds[ranked] == 1 if forbidden_only else None
    chosen = ranked[_greedy(starts[ranked], ends[ranked], wanted=wanted)]
    if forbidden_only:
        chosen = chosen[kinds[chosen] == 1]
    bulk = chosen < count
    rows = np.empty(len(chosen), dtype=np.int64)
    variants = np.empty(len(chosen), dtype=np.int64)
    rows[bulk], variants[bulk] = matcher._term[keys[chosen[bulk]]], matcher._variant[
        keys[chosen[bulk]]]
    suffixes = [""] * len(chosen)
    for at in np.flatnonzero(~bulk).tolist():
        other = others[int(chosen[at]) - count]
        rows[at], variants[at], suffixes[at] = other[3], other[5], other[6]
    first, last = starts[chosen], ends[chosen]
    if offsets is not None:
        first, last = offsets.originals(first), offsets.originals(last - 1) + 1
    kind_names: list[MatchKind] = (["forbidden"] * len(chosen) if forbidden_only else
                                   [_KIND_NAMES[k] for k in kinds[chosen].tolist()])
    return MatchColumns(first.tolist(), last.tolist(), rows.tolist(), kind_names,
                        variants.tolist(), suffixes)




def _rank(starts: np.ndarray[Any, Any], ends: np.ndarray[Any, Any], orders: np.ndarray[Any, Any]
          ) -> np.ndarray[Any, Any]:
    """The order that sorts candidates by start, then longest first, then glossary order: one
    sort of a packed 64-bit key when the numbers fit in it, else a three-key sort."""
    lengths = ends - starts
    if len(starts) and (starts.max() < 1 << 30 and lengths.max() < 1 << 13
                        and orders.max() < 1 << 20):
        return np.argsort((starts << 33) | (((1 << 13) - 1 - lengths) << 20) | orders,
                          kind="stable")
    return np.lexsort((orders, -ends, starts))


_ROUNDS = 8
"""Rounds of ``_greedy`` in numpy before the rest of a long chain is chosen in Python."""


def _greedy(starts: np.ndarray[Any, Any], ends: np.ndarray[Any, Any], rounds: int = _ROUNDS,
            wanted: np.ndarray[Any, Any] | None = None) -> np.ndarray[Any, Any]:
    """Indices of the candidates longest-match-wins keeps, for candidates sorted by start, then
    longest, then glossary order: each in turn by (length, start, order) is kept unless it
    overlaps one kept before it.

    Clusters of overlapping candidates are found first; one whose first candidate covers it
    keeps just that one. The others are chosen in rounds: a live candidate that no live one
    ranked before it overlaps is kept, and those it overlaps are dropped — one numpy pass per
    distance between overlapping candidates (of two that overlap, the earlier one in the
    candidates' order ranks first unless the later one is longer, so no ranking is sorted).
    What a few rounds leave (long chains of equal candidates) is chosen one by one. With
    ``wanted`` (a mask), clusters without a wanted candidate are left out of the choice and the
    result.
    """
    size = len(starts)
    if not size:
        return np.zeros(0, dtype=np.int64)
    reach = np.maximum.accumulate(ends)
    opens = np.flatnonzero(np.concatenate(([True], starts[1:] >= reach[:-1])))
    outright = ends[opens] == np.maximum.reduceat(ends, opens)
    useful = np.ones(len(opens), dtype=bool) if wanted is None else np.logical_or.reduceat(
        wanted, opens)
    if (outright | ~useful).all():
        return opens[useful]
    lengths = np.diff(np.append(opens, size))
    members = np.flatnonzero(np.repeat(~outright & useful, lengths))
    first, last = starts[members], ends[members]
    span = last - first
    count = len(members)
    pairs = []
    distance = 1
    while (overlap := first[distance:] < last[: count - distance]).any():
        left, right = slice(0, count - distance), slice(distance, count)
        first_wins = span[left] >= span[right]
        pairs.append((left, right, overlap, first_wins, ~first_wins))
        distance += 1
    live = np.ones(count, dtype=bool)
    kept = np.zeros(count, dtype=bool)
    for _ in range(rounds):
        blocked = np.zeros(count, dtype=bool)
        still = []
        for left, right, overlap, first_wins, second_wins in pairs:
            both = overlap & live[left] & live[right]
            if both.any():
                blocked[right] |= both & first_wins
                blocked[left] |= both & second_wins
                still.append((left, right, both, first_wins, second_wins))
        pairs = still
        winners = live & ~blocked
        kept |= winners
        live &= ~winners
        for left, right, both, _, _ in pairs:
            live[right] &= ~(both & winners[left])
            live[left] &= ~(both & winners[right])
        if not live.any():
            break
    else:
        taken_starts: list[int] = []
        taken_ends: list[int] = []
        spans = span.tolist()
        for index in sorted(np.flatnonzero(live).tolist(), key=lambda i: (-spans[i], i)):
            low, high = int(first[index]), int(last[index])
            place = bisect_right(taken_starts, low)
            if (place == 0 or taken_ends[place - 1] <= low) and (
                    place == len(taken_starts) or high <= taken_starts[place]):
                taken_starts.insert(place, low)
                taken_ends.insert(place, high)
                kept[index] = True
    chosen = np.zeros(size, dtype=bool)
    chosen[opens[outright & useful]] = True
    chosen[members[kept]] = True
    return np.flatnonzero(chosen)


def _ending(lowered: str, end: int, size: int) -> str:
    """The plural or possessive ending at ``end`` (followed by a word boundary), or ``""``."""
    for ending in _ENDINGS:
        after = end + len(ending)
        if lowered.startswith(ending, end) and (
                after >= size or not (lowered[after].isalnum() or lowered[after] == "_")):
            return ending
    return ""


def rendering_keys(base: str) -> Iterable[tuple[str, int]]:
    """The rendering, and its ``-ies`` forms for a word in consonant + ``y``."""
    yield base, 0
    if len(base) > 1 and base[-1] == "y" and base[-2].isalpha() and base[-2] not in "aeiou":
        for suffix in _Y_SUFFIXES:
            yield base[:-1] + suffix, len(suffix)


def _longest_first(candidates: list[tuple[int, int, int, int, MatchKind, int, str]]
                   ) -> list[tuple[int, int, int, int, MatchKind, int, str]]:
    """Keep the longest of overlapping matches (then the leftmost, then glossary order).

    Each candidate is ``(start, -end, order, ...)``; the result is sorted by position. Only
    clusters of mutually overlapping candidates need choosing, and only when the cluster's first
    candidate (the leftmost, longest at its start) does not cover the whole cluster.
    """
    candidates.sort()
    chosen: list[tuple[int, int, int, int, MatchKind, int, str]] = []
    append = chosen.append
    cluster: list[tuple[int, int, int, int, MatchKind, int, str]] = []
    head_end = cluster_end = -1
    for candidate in candidates:
        if candidate[0] >= cluster_end:
            if head_end == cluster_end:
                if cluster:
                    append(cluster[0])
            else:
                chosen.extend(_choose(cluster))
            cluster = [candidate]
            head_end = cluster_end = -candidate[1]
        else:
            cluster.append(candidate)
            if -candidate[1] > cluster_end:
                cluster_end = -candidate[1]
    if head_end == cluster_end:
        if cluster:
            append(cluster[0])
    else:
        chosen.extend(_choose(cluster))
    return chosen


def _choose(cluster: list[tuple[int, int, int, int, MatchKind, int, str]]
            ) -> list[tuple[int, int, int, int, MatchKind, int, str]]:
    """The longest-first selection within one cluster of overlapping candidates."""
    kept: list[tuple[int, int, int, int, MatchKind, int, str]] = []
    for _, start, _, candidate in sorted([(c[1] + c[0], c[0], c[2], c) for c in cluster]):
        end = -candidate[1]
        for other in kept:
            if end > other[0] and -other[1] > start:
                break
        else:
            kept.append(candidate)
    kept.sort()
    return kept


class ChineseMatcher:
    """One automaton over the Chinese source terms, matched as substrings after width folding.

    It is built on the first search: English-only checks never need it.
    """

    def __init__(self, terms: Sequence[Term]) -> None:
        self._terms = terms
        self._automaton: Any = None
        self._lengths: list[int] = []
        self._rows: list[int] = []
        self._built = False

    @property
    def empty(self) -> bool:
        """True when no row has a Chinese term."""
        return self._compiled() is None

    def _compiled(self) -> Any:
        """The automaton (None without terms), its values the numbers of the keys, whose
        lengths and rows ``_lengths`` and ``_rows`` hold."""
        if not self._built:
            keys: dict[str, int] = {}
            for index, term in enumerate(self._terms):
                key = _width_fold(normalize_term(term.zh)).lower()
                if key and key not in keys:
                    keys[key] = index
            if keys:
                self._automaton = ahocorasick.Automaton()
                for number, key in enumerate(keys):
                    self._automaton.add_word(key, number)
                self._automaton.make_automaton()
                self._lengths = list(map(len, keys))
                self._rows = list(keys.values())
            self._built = True
        return self._automaton

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """``(start, end, term index)`` of each term in ``text``; the longest overlapping wins.

        In a long text the hits are chosen among with numpy (``_rank``, ``_greedy``), as
        ``EnglishMatcher`` chooses among its plain hits.
        """
        if self.empty or not text:
            return []
        folded = _width_fold(text).lower()
        if len(folded) != len(text):
            folded = same_length_lower(_width_fold(text))
        lengths, rows = self._lengths, self._rows
        if len(folded) >= _BULK_CHARS:
            hits = np.fromiter(chain.from_iterable(self._automaton.iter(folded)), dtype=np.int64)
            keys, ends = hits[1::2], hits[0::2] + 1
            starts = ends - np.array(lengths, dtype=np.int64)[keys]
            orders = np.array(rows, dtype=np.int64)[keys]
            ranked = _rank(starts, ends, orders)
            chosen = ranked[_greedy(starts[ranked], ends[ranked])]
            return list(zip(starts[chosen].tolist(), ends[chosen].tolist(),
                            orders[chosen].tolist(), strict=True))
        candidates: list[tuple[int, int, int, int, MatchKind, int, str]] = [
            (last + 1 - lengths[key], -(last + 1), rows[key], rows[key], "approved", 0, "")
            for last, key in self._automaton.iter(folded)
        ]
        return [(c[0], -c[1], c[3]) for c in _longest_first(candidates)]


@dataclass(frozen=True, slots=True)
class Glossary:
    """A parsed glossary with its compiled matchers."""

    terms: tuple[Term, ...]
    """The rows, in file order."""
    digest: str
    """A short hash of the rows' content (for report signatures)."""
    english: EnglishMatcher = field(compare=False, repr=False)
    """The matcher over all English renderings."""
    chinese: ChineseMatcher = field(compare=False, repr=False)
    """The matcher over all Chinese terms."""
    path: str = ""
    """Where it was read from (empty when built in code)."""

    @classmethod
    def from_terms(cls, terms: Sequence[Term], path: str = "") -> Glossary:
        """Build a glossary (digest and matchers) from rows."""
        rows = tuple(terms)
        canonical = "\n".join(
            "\t".join((t.zh, "|".join(t.en), "|".join(t.forbidden),
                       "exact" if t.case_sensitive else "ignore"))
            for t in rows
        )
        digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]
        return cls(rows, digest, EnglishMatcher(rows), ChineseMatcher(rows), path)

    def term_pairs(self) -> tuple[tuple[str, str], ...]:
        """(Chinese term, approved English rendering) for every row with a Chinese term."""
        return tuple((t.zh, en) for t in self.terms if t.zh for en in t.en)

    def find_en(self, text: str, *, forbidden_only: bool = False) -> list[TermMatch]:
        """Glossary renderings in English ``text`` (see the module docstring for the rules);
        with ``forbidden_only``, only the matches of forbidden variants."""
        return self.english.find(text, forbidden_only).matches()

    def find_en_columns(self, text: str, *, forbidden_only: bool = False) -> MatchColumns:
        """``find_en`` as columns."""
        return self.english.find(text, forbidden_only)

    def find_zh(self, text: str) -> list[tuple[int, int, int]]:
        """Chinese terms in ``text`` as ``(start, end, term index)``."""
        return self.chinese.find(text)


@dataclass(frozen=True, slots=True)
class LintProblem:
    """One problem of a glossary file."""

    path: str
    """The glossary file."""
    line: int
    """1-based line of the problem."""
    message: str
    """What is wrong (every problem is an error: ``glossary lint`` exits 2)."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def _split(cell: str) -> tuple[str, ...]:
    return tuple(filter(None, map(str.strip, cell.split("|"))))


def _parse(path: str, text: str) -> tuple[list[Term], list[LintProblem]]:
    """Rows and structural problems (those make the file unusable or a row meaningless)."""
    problems: list[LintProblem] = []
    header: dict[str, int] | None = None
    pick = itemgetter(*range(len(COLUMNS)))
    terms: list[Term] = []
    for number, line in enumerate(re.split("\r\n|\r|\n", text), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = list(map(str.strip, line.split("\t")))
        if header is None:
            names = [cell.lower() for cell in cells]
            header = {}
            for position, name in enumerate(names):
                if name in header and name in COLUMNS:
                    problems.append(LintProblem(path, number, f"column {name!r} appears twice"))
                header.setdefault(name, position)
            missing = [name for name in ("zh", "en") if name not in header]
            if missing:
                problems.append(LintProblem(
                    path, number,
                    f"header lacks the column(s) {', '.join(map(repr, missing))} "
                    f"(found {', '.join(map(repr, names))})",
                ))
                return terms, problems
            pick = itemgetter(*(header.get(name, len(names)) for name in COLUMNS))
            continue
        if len(cells) > len(names) and any(cells[len(names):]):
            problems.append(LintProblem(
                path, number, f"row has {len(cells)} fields but the header has {len(names)}"))
            continue
        if len(cells) <= len(names):
            cells += [""] * (len(names) + 1 - len(cells))
        zh, en_cell, forbidden, case_cell, note = pick(cells)
        en = _split(en_cell)
        if not en:
            problems.append(LintProblem(path, number, "empty 'en' column (a row needs an "
                                        "approved English rendering)"))
            continue
        case = case_cell.lower()
        if case not in ("", "ignore", "exact"):
            problems.append(LintProblem(
                path, number, f"'case' must be 'ignore' or 'exact', not {case_cell!r}"))
            continue
        terms.append(Term(zh=unicodedata.normalize("NFC", zh), en=en,
                          forbidden=_split(forbidden), case_sensitive=case == "exact",
                          note=note, line=number))
    if header is None:
        problems.append(LintProblem(path, 1, "no header line (expected columns 'zh' and 'en')"))
    return terms, problems


def _read(path: str) -> str:
    return decode(path, read_bytes(path)).text


def load_glossary(path: str) -> Glossary:
    """Read and compile ``path``; a structural error is an ``InputError`` with its line."""
    terms, problems = _parse(path, _read(path))
    if problems:
        first = problems[0]
        raise InputError(path, first.message, first.line)
    return Glossary.from_terms(terms, path)


def _key(text: str, exact: bool) -> str:
    folded = normalize_term(text)
    return folded if exact else folded.casefold()


def lint(path: str) -> list[LintProblem]:
    """Every problem of the glossary at ``path``, in line order."""
    terms, problems = _parse(path, _read(path))
    approved: dict[str, Term] = {}
    sources: dict[str, Term] = {}
    rows: dict[tuple[str, tuple[str, ...]], Term] = {}
    for term in terms:
        exact = term.case_sensitive
        signature = (term.zh, tuple(_key(e, exact) for e in term.en))
        if signature in rows:
            problems.append(LintProblem(path, term.line,
                                        f"duplicate of the row on line {rows[signature].line}"))
            continue
        rows[signature] = term
        if term.zh:
            if term.zh in sources:
                problems.append(LintProblem(
                    path, term.line,
                    f"Chinese term {term.zh!r} is also claimed by line {sources[term.zh].line}"))
            sources.setdefault(term.zh, term)
        for rendering in term.en:
            key = _key(rendering, False)
            other = approved.get(key)
            if other is not None and other is not term:
                problems.append(LintProblem(
                    path, term.line,
                    f"rendering {rendering!r} is also claimed by line {other.line}"))
            approved.setdefault(key, term)
    for term in terms:
        for variant in term.forbidden:
            other = approved.get(_key(variant, False))
            if other is None:
                continue
            same_case = other is term and term.case_sensitive and all(
                _key(variant, True) != _key(e, True) for e in term.en)
            if same_case:
                continue
            where = "this row" if other is term else f"line {other.line}"
            problems.append(LintProblem(
                path, term.line,
                f"forbidden variant {variant!r} is an approved rendering of {where}"))
    problems.sort(key=lambda p: p.line)
    return problems


class ChineseTerms(NamedTuple):
    """The glossary rows of the source terms in each of some Chinese sentences, as arrays."""

    rows: np.ndarray[Any, Any]
    """Each sentence's rows in turn, each in the order of its term in the sentence."""
    bounds: np.ndarray[Any, Any]
    """Where each sentence's rows start in ``rows``, and where the last one's end."""


def chinese_terms(glossary: Glossary, texts: Sequence[str]) -> ChineseTerms:
    """The rows of the source terms each of the Chinese sentences ``texts`` holds: what
    missing-term reads of the source.

    One search of the texts joined by line feeds, which no term holds, so no match runs from
    one text into the next and each has what a search of it alone finds.
    """
    joined = "\n".join(texts)
    starts = np.fromiter(accumulate((len(text) + 1 for text in texts), initial=0),
                         dtype=np.int64, count=len(texts) + 1)
    matches = glossary.find_zh(joined)
    owners = np.searchsorted(starts, [start for start, _, _ in matches], side="right") - 1
    counts = np.bincount(owners, minlength=len(texts)) if matches else np.zeros(
        len(texts), dtype=np.int64)
    return ChineseTerms(np.array([row for _, _, row in matches], dtype=np.int32),
                        np.concatenate(([0], np.cumsum(counts))))
