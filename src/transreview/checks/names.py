"""``inconsistent-term``: one name or compound written more than one way in a document.

Two kinds of candidates are noted. Names: runs of capitalised words, joined by ``of``, ``for``,
``and``, ``on``, ``the``; two names are variants when their content words are the same in the same
order (``Center of/for Urban Operation``), the same in another order (``Pilot Free Trade Zone`` /
``Free Trade Pilot Zone``), or when one is the other with one extra leading qualifier
(``China Shanghai Pilot Free Trade Zone``) and is the rarer. Compounds: a hyphenated word, the same
letters closed up, or written as two words (``grass-roots`` / ``grassroots``, ``mega city`` /
``megacity``, and a romanised name's syllables, ``Pu Dong`` / ``Pudong``), found in each chunk
of the text with what the chunk alone holds; when the chunks' summaries say the whole document
might find more in one, the chunks are judged again with what the whole holds. Each occurrence of
a variant other than the most frequent one (the glossary's preferred rendering, when the glossary
knows the name) is reported with that form as the suggestion. Renderings the glossary approves
for one row count as one form; forbidden variants are left to ``forbidden-term``.
"""

from __future__ import annotations

import re
from array import array
from bisect import insort
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, compress, count
from operator import attrgetter, itemgetter
from typing import Any

import numpy as np
import numpy.typing as npt

from transreview.checks.base import (
    CheckContext,
    Decided,
    Decider,
    DocumentRule,
    LineIndex,
    Observation,
    register,
    text_digest,
)
from transreview.checks.terms import inflect, match_case
from transreview.glossary import Glossary, MatchColumns, same_length_lower
from transreview.model import Detail, Finding, FindingColumns, Segment, Severity
from transreview.segment.codes import char_codes, wide_offsets

_SPACES = np.isin(np.arange(256), [ord(" "), ord("\t")])
"""The bytes of a space and a tab."""
_CONNECTOR_CODES = np.array([int.from_bytes(word, "little")
                             for word in (b"of", b"for", b"and", b"on", b"the")], np.uint32)
"""The connectors' bytes, each as one number (little-endian: the first in the low byte)."""
_SHORT_WORDS = np.zeros(1 << 16, dtype=np.bool_)
"""English words and abbreviations of two letters, by their two bytes as one number (as
``_CONNECTOR_CODES``): never a syllable of a name written apart ("Is Land", "Mr Li"). "He" and
"An" are syllables of names too ("He Nan", "An Hui"), and a pronoun or an article is seldom
capitalised before a capitalised word that it then makes a word of the document with. A table
rather than ``np.isin``, which sorts its arguments on every call (two thirds of the time of
``_syllables``)."""
_SHORT_WORDS[[int.from_bytes(word, "little") for word in (
    b"am", b"as", b"at", b"be", b"by", b"do", b"go", b"if", b"in", b"is", b"it", b"me", b"my",
    b"no", b"of", b"oh", b"ok", b"on", b"or", b"so", b"to", b"up", b"us", b"we",
    b"co", b"dr", b"jr", b"mr", b"ms", b"mt", b"st")]] = True
_SPACE_SPLIT = re.compile(r"\S+")
_WORDY = re.compile(r"\w")
_LETTERS = bytes(c | 0x20 if 65 <= c <= 90 or 97 <= c <= 122 else 32 for c in range(256))
"""Byte table: ASCII letters to lower case, every other byte to a space."""
_WORD = array("i").itemsize
"""Bytes (latin-1 characters) per packed integer."""
_BLOCK = 4 * _WORD
"""Bytes an occurrence takes in a row's packed details (four numbers)."""
_KELVIN = "\u212a"
"""The one non-ASCII character whose lower case is an ASCII letter."""
_ARTICLES = frozenset({"the", "a", "an"})
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)")
_CONNECTORS = frozenset({"of", "for", "and", "on", "the"})
_FUNCTION = _CONNECTORS | {"a", "an", "in", "at", "to", "by", "with", "from"}
_LEVELS = frozenset({"municipal", "provincial", "prefectural", "county", "district", "city",
                     "autonomous"})
"""Levels of government, which an official name may spell out or not inside it ("Shanghai
Municipal Commission of Commerce", "Shanghai Commission of Commerce"). Only inside: the last
word says what is named ("Ho Chi Minh City" is no "Ho Chi Minh"), and a first word is the name
itself."""
_NAMING_POSSESSIVES = frozenset({"people's", "women's", "children's", "men's"})
"""Possessives of irregular plurals, which are part of a name ("Shanghai Municipal People's
Government", "All-China Women's Federation"); a singular's ("China's", "Shanghai's") names an
owner before the name, and a regular plural's ("Workers'") does not end in 's."""
_ORDINALS = frozenset({"first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                       "eighth", "ninth", "tenth", "former", "new", "old", "late"})
_STARTERS = frozenset({
    "a", "about", "according", "after", "again", "against", "all", "also", "although", "among",
    "an", "and", "another", "any", "as", "at", "because", "before", "being", "both", "but", "by",
    "during", "each", "either", "even", "every", "few", "for", "from", "further", "given",
    "having", "he", "her", "here", "his", "how", "however", "if", "in", "into", "it", "its",
    "just", "let", "many", "more", "moreover", "most", "much", "my", "neither", "no", "nor",
    "not", "now", "of", "on", "once", "only", "or", "other", "our", "over", "per", "since", "so",
    "some", "such", "than", "that", "the", "their", "then", "there", "these", "they", "this",
    "those", "though", "through", "thus", "to", "today", "under", "unlike", "until", "upon", "we",
    "what", "when", "where", "whether", "which", "while", "who", "why", "with", "within",
    "without", "yet", "you", "your"
})
_PARTICLES = frozenset(map(str.encode, {
    "about", "above", "across", "after", "all", "along", "also", "and", "any", "around", "away",
    "back", "be", "been", "but", "by", "can", "down", "each", "even", "every", "for", "from",
    "had", "has", "have", "her", "here", "his", "how", "its", "many", "may", "more", "most",
    "much", "non", "not", "off", "once", "one", "only", "onto", "other", "our", "out", "over",
    "own", "per", "some", "such", "than", "that", "the", "their", "then", "there", "these",
    "they", "this", "those", "too", "two", "under", "upon", "very", "was", "way", "were", "what",
    "when", "who", "why", "will", "with"
}))
"""Words never taken as half of a compound (as bytes, the form the word search uses)."""


@lru_cache(maxsize=1 << 16)
def singular(word: str) -> str:
    """A regular English plural or possessive reduced to its singular (``cities`` -> ``city``)."""
    for ending in ("'s", "’s"):
        if word.endswith(ending):
            return word[: -len(ending)]
    word = word.rstrip("'’")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


_Array = npt.NDArray[np.intp]

_Group = tuple[str, str, tuple[str, str, str, str]]
"""Occurrences of one candidate: key, surface and details (kind ``name`` or ``compound``; the
initial flag ``1``/``0`` or the compound's written form; ``s`` if plural; ``a`` if a compound
written as two words is followed by a word)."""


class _Segments:
    """A part's segments as parallel arrays, to find the segments of offsets."""

    __slots__ = ("ends", "indexes", "starts")

    def __init__(self, segments: tuple[Segment, ...]) -> None:
        size = len(segments)
        self.starts: _Array = np.fromiter(map(attrgetter("start"), segments), np.intp, size)
        self.ends: _Array = np.fromiter(map(attrgetter("end"), segments), np.intp, size)
        self.indexes: _Array = np.fromiter(map(attrgetter("index"), segments), np.intp, size)

    @classmethod
    def of_arrays(cls, starts: _Array, ends: _Array, indexes: _Array) -> _Segments:
        """Segments from their arrays (as a part's summary holds them)."""
        made = cls.__new__(cls)
        made.starts, made.ends, made.indexes = starts, ends, indexes
        return made

    def at(self, offsets: _Array) -> _Array:
        """Position in the arrays of the segment holding each offset; -1 outside every segment."""
        if not len(self.starts):
            return np.full(len(offsets), -1, np.intp)
        positions = np.searchsorted(self.starts, offsets, "right") - 1
        inside = (positions >= 0) & (offsets < self.ends[positions])
        return np.where(inside, positions, -1)


class _Found:
    """A part's candidates, added a batch at a time: the groups of the batches (a group may come
    up more than once), and each occurrence's place among them, start and segment position."""

    __slots__ = ("groups", "places", "positions", "starts")

    def __init__(self) -> None:
        self.groups: list[_Group] = []
        self.places: list[_Array] = []
        self.starts: list[_Array] = []
        self.positions: list[_Array] = []

    def add(self, groups: list[_Group], places: _Array, starts: _Array, positions: _Array
            ) -> None:
        """Occurrences: the batch's groups, and each occurrence's place among them, start and
        segment position."""
        self.places.append(places + len(self.groups))
        self.groups.extend(groups)
        self.starts.append(starts)
        self.positions.append(positions)

    def numbered(self) -> tuple[list[_Group], _Array]:
        """The distinct groups in order of first sight, and each occurrence's number among
        them (numbered in one go: hashing the groups in C is quicker than one by one)."""
        numbers = dict(zip(dict.fromkeys(self.groups), count()))
        codes = np.fromiter(map(numbers.__getitem__, self.groups), np.intp, len(self.groups))
        return list(numbers), codes[np.concatenate(self.places)]


_Shape = tuple[str, int, int, str, tuple[str, str, str, str]]
"""A name candidate within a run: key, start, end, surface and details."""

_WORD_BYTES = np.array([chr(c).isalnum() or c == 95 for c in range(128)] + [False] * 128)
"""Bytes of ``str.encode("ascii", "replace")`` that stand for a word character (``\\w``) for sure
(``?`` may stand for any non-ASCII character)."""
_RUN_CHARACTERS = _WORD_BYTES.copy()
_RUN_CHARACTERS[[ord("'"), ord("-")]] = True
"""The same bytes for a character of a run's words (``[\\w'’-]``)."""


def _ascii(text: str) -> bytes:
    """``text.encode("ascii", "replace")``, made from the text's character codes when it is not
    ASCII (the codec's replacement is slower, and segmentation has read the codes already)."""
    if text.isascii():
        return text.encode("ascii")
    ascii_codes = char_codes(text).astype(np.uint8)
    ascii_codes[wide_offsets(text)] = ord("?")
    return ascii_codes.tobytes()


def _marks(text: str) -> _Array | None:
    """Where ``text.encode("ascii", "replace")`` has a ``?`` (None when ``text`` is all ASCII):
    each character that is not ASCII (kept with the text's codes) and each question mark (found
    by ``str.find``: they are few)."""
    if text.isascii():
        return None
    questions: list[int] = []
    place = text.find("?")
    while place >= 0:
        questions.append(place)
        place = text.find("?", place + 1)
    return np.union1d(wide_offsets(text), np.array(questions, np.intp)) if questions else (
        wide_offsets(text))


def _wordy(text: str, marks: _Array) -> npt.NDArray[np.bool_]:
    """Which of these characters of ``text`` (``_marks``) a run's words take in (``[\\w’]``)."""
    chars = list(map(text.__getitem__, marks.tolist()))
    return (np.fromiter(map(str.isalnum, chars), np.bool_, len(chars))
            | np.fromiter(map("’".__eq__, chars), np.bool_, len(chars)))


def _runs(text: str, ascii_text: bytes, marks: _Array | None, words: _Words
          ) -> tuple[_Array, _Array]:
    """Where the runs of capitalised words, joined by connectors, start and end in ``text``
    (from its ``encode("ascii", "replace")``, ``_marks`` and the words of its ASCII letters,
    ``_ascii_words``).

    A run is ``(?<![\\w'’-])[A-Z][\\w'’-]*`` followed by one such word or more, each after spaces
    or tabs and any connectors each followed by spaces or tabs. The capitalised words are the
    words of letters starting with a capital after no character of such a word (each running on
    past its letters while such characters follow); from each the words after it are read, in
    steps taken for all at once, while they are connectors with spaces and tabs before them (a
    connector running on past its letters has no space after them): a capitalised one reached
    links the two. A run is a stretch of linked capitalised words. (A pattern searching the
    text tries every capital, and most start no run.)
    """
    codes = np.frombuffer(ascii_text, np.uint8)
    wordy = marks[_wordy(text, marks)] if marks is not None else np.zeros(0, np.intp)
    starts, ends = words.starts, words.ends
    capitals = np.flatnonzero(codes[starts] - np.uint8(ord("A")) < 26)
    firsts = starts[capitals]
    capitals = capitals[~(_in_words(codes, wordy, np.maximum(firsts - 1, 0)) & (firsts > 0))]
    tails, lasts = _word_ends(text, codes, wordy, words, capitals)
    linked = np.zeros(len(capitals), np.bool_)
    """Whether each capitalised word is linked to the next."""
    froms = np.arange(len(capitals) - 1)
    gap_starts, lasts = tails[:-1], lasts[:-1]
    while len(froms):
        nexts = lasts + 1
        gap_ends = starts[nexts]
        spaced = _SPACES[codes[gap_starts]]
        clean = spaced & (gap_ends - gap_starts == 1)
        # a longer gap is read when its second character is a space or tab too (most are not)
        longer = np.flatnonzero(spaced & ~clean)
        for gap in longer[_SPACES[codes[gap_starts[longer] + 1]]].tolist():
            clean[gap] = not ascii_text[gap_starts[gap]:gap_ends[gap]].strip(b" \t")
        reached = nexts == capitals[froms + 1]
        linked[froms[clean & reached]] = True
        going = np.flatnonzero(clean & ~reached)
        lasts = nexts[going]
        going = going[_connectors(codes, starts[lasts], ends[lasts])]
        froms, lasts = froms[going], nexts[going]
        gap_starts = ends[lasts]
    bounds = np.flatnonzero(np.diff(linked, prepend=False, append=False))
    return starts[capitals[bounds[0::2]]], tails[bounds[1::2]]


_RUN_WORD = re.compile(r"[\w'’-]*")
_STEPS = 8
"""Steps a word is run on past its letters in arrays before the rest is read by ``_RUN_WORD``
(a run of digits or underscores could be long)."""


def _in_words(codes: npt.NDArray[np.uint8], wordy: _Array, places: _Array
              ) -> npt.NDArray[np.bool_]:
    """Whether the characters at these places (the text's end one past its last) are of a run's
    words (``[\\w'’-]``), from the text's ASCII ``codes`` and its ``wordy`` places."""
    size = len(codes)
    inside = places < size
    found: npt.NDArray[np.bool_] = inside & _RUN_CHARACTERS[codes[np.minimum(places, size - 1)]]
    if len(wordy):
        at = np.minimum(np.searchsorted(wordy, places), len(wordy) - 1)
        found |= wordy[at] == places
    return found


def _word_ends(text: str, codes: npt.NDArray[np.uint8], wordy: _Array, words: _Words,
               numbers: _Array) -> tuple[_Array, _Array]:
    """Where the run's words (``[\\w'’-]+``) starting with these words of letters end, and the
    number of the last word of letters in each."""
    starts, ends = words.starts, words.ends
    tails, lasts = ends[numbers], numbers.copy()
    going = np.flatnonzero(_in_words(codes, wordy, tails))
    for _ in range(_STEPS):
        if not len(going):
            break
        places = tails[going]
        letter = (codes[places] | 0x20) - np.uint8(ord("a")) < 26
        lasts[going[letter]] += 1
        tails[going] = np.where(letter, ends[lasts[going]], places + 1)
        going = going[_in_words(codes, wordy, tails[going])]
    for number in going.tolist():
        tails[number] = next(_RUN_WORD.finditer(text, int(tails[number]))).end()
        lasts[number] = np.searchsorted(starts, tails[number]) - 1
    return tails, lasts


def _ascii_words(text: str, ascii_text: bytes, words: _Words) -> _Words:
    """The words of the text's ASCII letters, from ``words``, the words of its ``_letters``
    (which are those but for a Kelvin sign)."""
    return _Words(ascii_text.translate(_LETTERS)) if _KELVIN in text else words


def _connectors(codes: npt.NDArray[np.uint8], starts: _Array, ends: _Array
                ) -> npt.NDArray[np.bool_]:
    """Whether each word (from ``starts`` to ``ends`` in ``codes``) is a connector."""
    lengths = ends - starts
    last = len(codes) - 1
    spelt = (codes[starts].astype(np.uint32)
             | (codes[np.minimum(starts + 1, last)].astype(np.uint32) << 8)
             | (codes[np.minimum(starts + 2, last)].astype(np.uint32) * (lengths == 3) << 16))
    connector: npt.NDArray[np.bool_] = (lengths == 2) | (lengths == 3)
    known = spelt == _CONNECTOR_CODES[0]
    for code in _CONNECTOR_CODES[1:]:
        known |= spelt == code
    connector &= known
    return connector


def _names(text: str, ascii_text: bytes, words: _Words, segments: _Segments, found: _Found
           ) -> None:
    """Runs of capitalised words (with their pieces and tails) as name candidates.

    The runs are told apart by text (their ASCII bytes unless they hold other characters: a
    question mark cannot be part of a run), sentence-initial flag and sentence end: each distinct
    run is taken apart once (names repeat), and its occurrences' offsets and segments are worked
    out in arrays.
    """
    marks = _marks(text)
    starts, ends = _runs(text, ascii_text, marks, words)
    if not len(starts):
        return
    positions = segments.at(starts)
    kept = positions >= 0
    if not kept.all():
        starts, ends, positions = starts[kept], ends[kept], positions[kept]
        if not len(starts):
            return
    run_starts, run_ends = starts.tolist(), ends.tolist()
    runs: list[bytes | str] = [ascii_text[start:end]
                               for start, end in zip(run_starts, run_ends, strict=True)]
    if marks is not None:
        for run in np.flatnonzero(np.searchsorted(marks, starts)
                                  != np.searchsorted(marks, ends)).tolist():
            runs[run] = text[run_starts[run]:run_ends[run]]
    segment_starts, segment_ends = segments.starts[positions], segments.ends[positions]
    initial = starts == segment_starts
    # a run after its segment's start is not sentence-initial when its segment starts with a word
    # character, or the next character is one and not the run's: the others are searched
    codes = np.frombuffer(ascii_text, np.uint8)
    unsure = ~(initial | _WORD_BYTES[codes[segment_starts]])
    nexts = segment_starts + 1
    unsure &= ~(_WORD_BYTES[codes[nexts]] & (nexts < starts))
    for run in np.flatnonzero(unsure).tolist():
        initial[run] = _WORDY.search(text, int(segment_starts[run]), int(starts[run])) is None
    cuts = np.where(ends > segment_ends, segment_ends - starts, 0)
    # each occurrence's run (text, told by where it is first seen; sentence-initial flag; cut)
    # as one number; one stable sort brings the occurrences of each distinct run together in
    # order (``by_run``), and the distinct runs are taken in order of first sight: each one's
    # block in ``by_run`` starts at its offset and holds its count of occurrences
    sights: dict[bytes | str, int] = {}
    numbers = ((np.fromiter(map(sights.setdefault, runs, count()), np.intp, len(runs)) << 33)
               | (initial.astype(np.intp) << 32) | cuts)
    by_run = np.argsort(numbers, kind="stable")
    ordered = numbers[by_run]
    heads = np.flatnonzero(np.diff(ordered, prepend=-1))
    by_sight = np.argsort(by_run[heads])
    keys = ordered[heads][by_sight]
    offsets = heads[by_sight]
    counts = np.diff(heads, append=len(numbers))[by_sight]
    distinct = [run.decode("ascii") if isinstance(run, bytes) else run
                for run in map(runs.__getitem__, (keys >> 33).tolist())]
    shapes = list(map(_run_groups, distinct,
                      map(bool, ((keys >> 32) & 1).tolist()), (keys & 0xFFFFFFFF).tolist()))
    members = np.repeat(np.arange(len(shapes)),
                        np.fromiter(map(len, map(itemgetter(0), shapes)), np.intp, len(shapes)))
    if not len(members):
        return
    lows = np.fromiter(chain.from_iterable(map(itemgetter(0), shapes)), np.intp, len(members))
    sizes = counts[members]
    rows = np.repeat(offsets[members] - (np.cumsum(sizes) - sizes), sizes) + np.arange(sizes.sum())
    occurrences = by_run[rows]
    found.add(list(chain.from_iterable(map(itemgetter(1), shapes))),
              np.repeat(np.arange(len(members)), sizes),
              starts[occurrences] + np.repeat(lows, sizes), positions[occurrences])


@lru_cache(maxsize=1 << 16)
def _run_groups(run: str, initial: bool, cut: int
                ) -> tuple[tuple[int, ...], tuple[_Group, ...]]:
    """The name candidates of one run: their offsets within it and their groups (names repeat,
    so this is cached)."""
    shapes = _shapes(run, initial, cut)
    return (tuple(low for _, low, _, _, _ in shapes),
            tuple((key, surface, details) for key, _, _, surface, details in shapes))


def _shapes(run: str, initial: bool, cut: int) -> tuple[_Shape, ...]:
    """The name candidates of one run (offsets within it).

    ``initial``: the run starts its sentence; ``cut``: where its sentence ends within it (0:
    it does not). The run is cut into parts after each possessive but a plural's (one that
    names, as in "National People's Congress", not an owner: ``_NAMING_POSSESSIVES``); each
    part's words are read once (their lower case, whether connectors or function words) and its
    pieces are ranges of them.
    """
    simple = None if cut else _simple_name(run, initial)
    if simple is not None:
        key, plural = simple
        details = ("name", "1" if initial else "0", "s" if plural else "", "")
        return ((key, 0, len(run), run, details),)
    tokens = [token for token in _SPACE_SPLIT.finditer(run) if not cut or token.end() <= cut]
    texts = [token.group() for token in tokens]
    words = _RunWords(texts, [token.start() for token in tokens], [token.end() for token in tokens])
    shapes: list[_Shape] = []
    first = 0
    for last, text in enumerate(texts, 1):
        owner = text.endswith(("'s", "’s")) and words.normal[last - 1] not in _NAMING_POSSESSIVES
        if owner or last == len(texts):
            shapes.extend(_run_names(run, words, first, last, initial))
            first, initial = last, False
    return tuple(shapes)


def _simple_name(run: str, initial: bool) -> tuple[str, bool] | None:
    """Key and plural flag of a run that is one plain name (no connector, article, possessive
    or sentence-initial common word); None when it needs the full treatment."""
    if "'" in run or "’" in run:
        return None
    words = run.lower().split()
    first = words[0]
    if (first in _ARTICLES or not _CONNECTORS.isdisjoint(words)
            or (initial and (first in _STARTERS or first.endswith(("ing", "ed"))))
            or len(words) - sum(map(_FUNCTION.__contains__, words)) < 2):
        return None
    last = singular(words[-1])
    plural = last != words[-1]
    words[-1] = last
    return " ".join(words), plural


class _RunWords:
    """The words of a run: their text, lower case (and that with straight apostrophes), offsets,
    and whether each is a connector or a content word (not a function word)."""

    __slots__ = ("connectors", "content", "ends", "lowered", "normal", "starts", "texts")

    def __init__(self, texts: list[str], starts: list[int], ends: list[int]) -> None:
        self.texts = texts
        self.lowered = [text.lower() for text in texts]
        self.normal = [word.replace("’", "'") for word in self.lowered]
        self.starts = starts
        self.ends = ends
        self.connectors = [text in _CONNECTORS for text in texts]
        self.content = [word not in _FUNCTION for word in self.lowered]


def _run_names(text: str, words: _RunWords, first: int, end: int, initial: bool
               ) -> Iterator[_Shape]:
    """The name candidates among the words from ``first`` to ``end`` of a run (``text``): the
    words without the connectors at either end, an article or a sentence-initial common word in
    front, and its pieces (see ``_pieces``), each with two content words or more."""
    connectors, lowered, content = words.connectors, words.lowered, words.content
    while end > first and connectors[end - 1]:
        end -= 1
    if end > first and lowered[first] in _ARTICLES:
        first += 1
        initial = False
    if initial and end > first and (lowered[first] in _STARTERS
                                    or words.texts[first].endswith(("ing", "ed"))):
        first += 1
        initial = False
    while first < end and connectors[first]:
        first += 1
    if sum(content[first:end]) < 2:
        return
    for low, high in _pieces(connectors, first, end):
        if sum(content[low:high]) < 2:
            continue
        names = words.normal[low:high]
        written = names[-1]
        names[-1] = singular(written)
        plural = names[-1] != written and not written.endswith("'s")
        start, stop = words.starts[low], words.ends[high - 1]
        if names[-1] != written and not plural:
            stop -= 2
        yield (" ".join(names), start, stop, text[start:stop],
               ("name", "1" if initial and low == first else "0", "s" if plural else "", ""))


def _pieces(connectors: list[bool], first: int, end: int) -> Iterator[tuple[int, int]]:
    """The words from ``first`` to ``end`` (as a range), their connector-free pieces, and each
    tail of them that starts after a connector (``connectors``: whether each word is one)."""
    yield first, end
    low = -1
    for position in range(first, end + 1):
        if position < end and not connectors[position]:
            if low < 0:
                low = position
            continue
        if low > first:
            yield low, position
            if position < end:
                yield low, end
        elif low == first and position < end:
            yield low, position
        low = -1


def _letters(text: str, ascii_text: bytes) -> bytes:
    """``text``'s ASCII letters in lower case and every other character a space, one byte a
    character (made from ``ascii_text``, its ``encode("ascii", "replace")``): the words of
    ``same_length_lower(text)``, at a fraction of its cost."""
    if _KELVIN in text:
        ascii_text = same_length_lower(text).encode("ascii", "replace")
    return ascii_text.translate(_LETTERS)


def _word_spans(letters: bytes) -> tuple[_Array, _Array]:
    """Where each word of ``letters`` (as ``letters.split()`` gives them) starts and ends."""
    padded = np.zeros(len(letters) + 2, np.bool_)
    padded[1:-1] = np.frombuffer(letters, np.uint8) != 32
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return edges[0::2], edges[1::2]


def _bounded(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is not part of a longer word or of a hyphenated word
    (lowering keeps whether a character is alphanumeric, so ``text`` stands for its lowered
    form)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "_-") and not (after.isalnum() or after in "_-")


_MIX = np.uint64(0x9E3779B97F4A7C15)
"""Odd multiplier spreading sketches over the slots of a table (Fibonacci hashing)."""
_SHIFT = np.uint64(64 - 20)
"""Keeps the top 20 bits of a mixed sketch: tables of a million slots."""

_Sketches = npt.NDArray[np.uint64]
_Kinds = npt.NDArray[np.unsignedinteger[Any]]
_Int32s = npt.NDArray[np.int32]


_SIX_LETTERS = np.uint64((1 << 48) - 1)
"""The six low bytes of eight: the first six of eight letters read from a place."""
_LOW_BYTES = np.array([(1 << 8 * size) - 1 for size in range(8)], np.uint64)
"""The masks of the low bytes of eight, by how many."""
_BITS = np.arange(0, 64, 8, dtype=np.uint64)
"""The bits in bytes, by how many."""
_FIRSTS_MIX, _LASTS_MIX, _LENGTH_MIX = (_MIX,
                                        np.uint64(0xC2B2AE3D27D4EB4F),
                                        np.uint64(0x165667B19E3779F9))
"""Odd multipliers mixing a word's first letters, last letters and length into its sketch."""


def _eights(stream: bytes) -> npt.NDArray[np.uint64]:
    """Eight bytes of ``stream`` read from each place as one number (little-endian: the first in
    the low byte), a view with a stride of one byte (one read a word, not eight)."""
    words = np.frombuffer(stream, np.dtype("<u8"), len(stream) // 8)
    return np.lib.stride_tricks.as_strided(words, (len(words) * 8 - 7,), (1,), writeable=False)


def _sketches(firsts: npt.NDArray[np.uint64], lasts: npt.NDArray[np.uint64], lengths: _Array
              ) -> _Sketches:
    """Words of five letters or more as one number each, mixed from their first six letters,
    their last six and their length: equal words have equal sketches, and unequal ones almost
    never (a common ending of six letters, ``-ation``, is still told apart by the beginning and
    the length). A word of five is read with the space either side of it (``_Words`` pads the
    text with spaces)."""
    sketches = firsts * _FIRSTS_MIX
    sketches ^= lasts * _LASTS_MIX
    sketches ^= lengths.astype(np.uint64) * _LENGTH_MIX
    sketches ^= sketches >> np.uint64(29)
    return sketches


def _slots(sketches: _Sketches) -> _Array:
    """Table slots of sketches."""
    mixed = sketches * _MIX
    mixed >>= _SHIFT
    return mixed.astype(np.intp)


def _table(slots: _Array) -> npt.NDArray[np.bool_]:
    """A table with these slots taken."""
    table = np.zeros(1 << 20, np.bool_)
    table[slots] = True
    return table


_OWNERS = np.zeros(1 << 20, np.int32)
"""Scratch table for ``_distinct`` (only its slots written in a call are read in it)."""


def _distinct(sketches: _Sketches, slots: _Array | None = None) -> _Sketches:
    """``np.unique(sketches)`` without sorting them all: each table slot keeps one of its
    sketches (``slots``: theirs, when made), and only the few that differ from their slot's are
    sorted out."""
    if slots is None:
        slots = _slots(sketches)
    numbers = np.arange(len(sketches), dtype=np.int32)
    _OWNERS[slots] = numbers
    owners = _OWNERS[slots]
    others = sketches[owners] != sketches
    return np.sort(np.concatenate([sketches[owners == numbers], np.unique(sketches[others])]))


class _Words:
    """The words of a ``_letters`` text: where each starts and ends, its length, and the eight
    bytes of the text from its start and the eight up to its end, in arrays."""

    __slots__ = ("ends", "firsts", "lasts", "lengths", "letters", "starts")

    def __init__(self, letters: bytes) -> None:
        self.letters = letters
        self.starts, self.ends = _word_spans(letters)
        self.lengths: _Array = self.ends - self.starts
        eights = _eights(b"".join([b" " * 8, letters, b" " * 16]))
        self.firsts = eights[self.starts + 8]
        self.lasts = eights[self.ends]

    def sketches(self, numbers: _Array | None = None) -> _Sketches:
        """The sketches of the words (or of those with these numbers), five letters or more."""
        picked = slice(None) if numbers is None else numbers
        return _sketches(self.firsts[picked] & _SIX_LETTERS, self.lasts[picked] >> np.uint64(16),
                         self.lengths[picked])

    def joined(self, numbers: _Array) -> _Sketches:
        """The sketches of the words with these numbers, each joined to the next (two letters
        or more each, five together, one space apart): the first's first letters and then the
        next's, the next's last letters and before them the first's."""
        lengths = self.lengths[numbers]
        following = self.lengths[numbers + 1]
        fronts = np.minimum(lengths, 6)
        """How many of the six first letters are the first word's."""
        backs = np.minimum(following, 6)
        """How many of the six last letters are the next word's."""
        return _sketches(((self.firsts[numbers] & _LOW_BYTES[fronts])
                          | (self.firsts[numbers + 1] << _BITS[fronts])) & _SIX_LETTERS,
                         ((self.lasts[numbers + 1] & ~_LOW_BYTES[8 - backs])
                          | (self.lasts[numbers] >> _BITS[backs])) >> np.uint64(16),
                         lengths + following)

    def texts(self, numbers: _Array) -> list[bytes]:
        """The words with these numbers."""
        letters = self.letters
        return [letters[start:end] for start, end in zip(self.starts[numbers].tolist(),
                                                         self.ends[numbers].tolist(), strict=True)]


def _sketches_of(words: Iterable[bytes]) -> _Sketches:
    """The sketches of these words (of lower-case ASCII letters)."""
    return _Words(b" ".join(words)).sketches()


@lru_cache(maxsize=1 << 16)
def _plurals(key: str) -> tuple[bytes, ...]:
    """The words of five letters or more whose ``singular`` is ``key``."""
    forms = {key, key + "s", key + "es", key[:-1] + "ies"}
    return tuple(form.encode("ascii") for form in forms
                 if len(form) >= 5 and singular(form) == key)


@lru_cache(maxsize=1 << 16)
def _hyphen_key(pair: str) -> str:
    """The key of a hyphenated word written ``first-second``."""
    return singular(pair.replace("-", ""))


@dataclass(frozen=True, slots=True)
class _Known:
    """What the whole document holds, for a part's compounds to be judged as in the whole."""

    words: frozenset[bytes] = frozenset()
    """Its words that may be closed-up spellings (``_closed_candidates``)."""
    pairs: frozenset[tuple[bytes, bytes]] = frozenset()
    """The halves of its hyphenated words of three letters or more each."""
    keys: frozenset[str] = frozenset()
    """The keys of its hyphenated and two-word spellings."""
    paired: frozenset[str] = frozenset()
    """The keys whose hyphenated spellings are variants (written closed up or as two words)."""


_LOCAL = _Known()
"""Nothing known beyond the part."""



@dataclass(frozen=True, slots=True)
class _Summary:
    """What a part tells the decider of its compounds beyond the spellings it found: enough to
    tell whether the whole document might find more in it, and to find the closed-up ones."""

    size: int
    """The part's length."""
    words: _Sketches
    """The sketches of its words that may be closed-up spellings (``_closed_candidates``;
    sorted, distinct; where they are is not kept: the decider reads the few parts it
    searches)."""
    unjoined: _Sketches
    """The sketches of its neighbouring words (``_spellings``'s pairs: three letters or more each,
    or a name's syllables; one space apart) that
    are not a spelling found and not a word of the part when joined (sorted, distinct)."""
    starts: _Int32s
    """Where its segments start."""
    ends: _Int32s
    """Where they end."""
    indexes: _Int32s
    """Their indices."""
    lone: _Int32s
    """Where its hyphenated words whose key it does not pair start."""
    lone_kinds: _Kinds
    """Where each of those is in ``hyphens``."""
    hyphens: str
    """Its hyphenated words, ``first-second`` (each once, sorted, space-separated)."""
    loose: str
    """Its neighbours joined to a word of the part that are not a spelling found
    (``first-second``, space-separated)."""
    spaced: str
    """The keys of its two-word spellings (space-separated)."""
    paired: str
    """The keys whose hyphenated spellings it pairs (space-separated)."""
    closed: str
    """The keys it found written closed up, its own and those it was given to look for
    (space-separated)."""

    def strings(self) -> tuple[str, ...]:
        """The summary as the details of an observation (``part`` first; arrays as their bytes
        in latin-1)."""
        return ("part", str(self.size),
                *(numbers.tobytes().decode("latin-1") for numbers in (
                    self.words, self.unjoined, self.starts, self.ends, self.indexes, self.lone,
                    self.lone_kinds)),
                self.hyphens, self.loose, self.spaced, self.paired, self.closed)

    @classmethod
    def of_strings(cls, strings: tuple[str, ...]) -> _Summary:
        """The summary of ``strings``."""
        words, unjoined, starts, ends, indexes, lone, lone_kinds = (
            packed.encode("latin-1") for packed in strings[2:9])
        return cls(int(strings[1]), np.frombuffer(words, np.uint64),
                   np.frombuffer(unjoined, np.uint64), np.frombuffer(starts, np.int32),
                   np.frombuffer(ends, np.int32), np.frombuffer(indexes, np.int32),
                   np.frombuffer(lone, np.int32),
                   np.frombuffer(lone_kinds, np.uint16 if len(lone_kinds) == len(lone) // 2
                                 else np.uint32), *strings[9:14])

    def segments(self) -> _Segments:
        """The part's segments."""
        return _Segments.of_arrays(self.starts.astype(np.intp), self.ends.astype(np.intp),
                                   self.indexes.astype(np.intp))


class _Spellings:
    """A text's compound spellings (start, end, key, in order) and what its ``_Summary`` says of
    them (all but the segments)."""

    __slots__ = ("spans", "summary")

    def __init__(self, spans: list[tuple[int, int, str]],
                 summary: tuple[int, _Sketches, _Sketches, _Int32s, _Kinds, str, str, str, str,
                                str]) -> None:
        self.spans = spans
        self.summary = summary

    def spaced(self) -> set[str]:
        """The keys of the two-word spellings."""
        return set(self.summary[7].split())

    def summarised(self, segments: _Segments) -> _Summary:
        """The summary, with the text's segments."""
        size, words, unjoined, lone, lone_kinds, hyphens, loose, spaced, paired, closed = (
            self.summary)
        return _Summary(size, words, unjoined, segments.starts.astype(np.int32),
                        segments.ends.astype(np.int32), segments.indexes.astype(np.int32),
                        lone, lone_kinds, hyphens, loose, spaced, paired, closed)


def _spellings(text: str, ascii_text: bytes, known: _Known = _LOCAL, words: _Words | None = None
               ) -> _Spellings:
    """Hyphenated, closed-up and two-word spellings of the same compound in this text (and, with
    ``known``, what the whole document holds).

    No word list is made: two neighbouring words (three letters or more each, or the
    syllables of a name, ``_syllables``) are a candidate when their sketch joined
    (first six letters, last six, length: see ``_sketches``) is a word's of the text, or a
    hyphenated word's, and only the words with the sketches in question are read and compared.
    Closed-up spellings are looked for among the plurals and singulars of the keys found
    hyphenated or as two words.
    """
    if words is None:
        words = _Words(_letters(text, ascii_text))
    letters, starts, ends, lengths = words.letters, words.starts, words.ends, words.lengths
    hyphens = _hyphenated(text, ascii_text, words)
    kind_keys = [singular((first + second).decode("ascii")) for first, second in hyphens.pairs]
    hyphen_keys = set(kind_keys)
    hyphen_pairs = {(first, second) for first, second in hyphens.pairs
                    if len(first) >= 3 and len(second) >= 3} | known.pairs
    capital = _capitalised(words, np.frombuffer(ascii_text, np.uint8))
    long = _closed_candidates(words, capital)
    long_sketches = words.sketches(long)
    long_slots = _slots(long_sketches)
    gaps = ends[:-1]
    pairs = np.flatnonzero(((lengths[:-1] >= 3) & (lengths[1:] >= 3) | _syllables(words, capital))
                           & (starts[1:] == gaps + 1)
                           & (np.frombuffer(ascii_text, np.uint8)[gaps] == 32))
    pair_sketches = words.joined(pairs)
    pair_slots = _slots(pair_sketches)
    # a word of the text (or a hyphenated word) that two neighbours make when joined has their
    # joined sketch, so its slot is taken, and it is among the words read into ``joined``
    taken = _table(long_slots)
    taken[_slots(_sketches_of(first + second for first, second in hyphen_pairs))] = True
    if known.words:
        taken[_slots(_sketches_of(known.words))] = True
    chosen = taken[pair_slots]
    candidates = pairs[chosen]
    joined = set(words.texts(long[_table(pair_slots[chosen])[long_slots]]))
    hits: list[tuple[int, int, int, str]] = []
    """Start, 0 for a closed-up or 1 for a two-word spelling, end and key."""
    spaced_keys: set[str] = set()
    loose: set[str] = set()
    unsure: list[int] = []
    for number, (start, gap, following, end) in enumerate(zip(
            starts[candidates].tolist(), ends[candidates].tolist(),
            starts[candidates + 1].tolist(), ends[candidates + 1].tolist(), strict=True)):
        first, second = letters[start:gap], letters[following:end]
        local = first + second in joined
        if (((local or first + second in known.words) and first not in _PARTICLES
             and second not in _PARTICLES) or (first, second) in hyphen_pairs):
            if _bounded(text, start, end):
                key = singular((first + second).decode("ascii"))
                hits.append((start, 1, end, key))
                spaced_keys.add(key)
        elif local:
            loose.add(f"{first.decode('ascii')}-{second.decode('ascii')}")
        else:
            unsure.append(number)
    keys = hyphen_keys | spaced_keys | known.keys
    plurals = {form for key in keys for form in _plurals(key)}
    picked = long[_table(_slots(_sketches_of(plurals)))[long_slots]] if plurals else long[:0]
    closed: list[tuple[int, int, str]] = []
    for start, end in zip(starts[picked].tolist(), ends[picked].tolist(), strict=True):
        word = letters[start:end]
        if word in plurals:
            closed.append((start, end, singular(word.decode("ascii"))))
    paired = (hyphen_keys & {key for _, _, key in closed}) | spaced_keys | known.paired
    hits += [(start, 0, end, key) for start, end, key in closed if _bounded(text, start, end)]
    hits.sort()
    spans = [(start, end, key) for start, _, end, key in hits]
    lone = ~np.array([key in paired for key in kind_keys], np.bool_)[hyphens.kinds]
    spans += [(start, end, kind_keys[kind]) for start, end, kind in zip(
        hyphens.starts[~lone].tolist(), hyphens.ends[~lone].tolist(),
        hyphens.kinds[~lone].tolist(), strict=True)]
    written = [(first + b"-" + second).decode("ascii") for first, second in hyphens.pairs]
    pairs_written = sorted(written)
    numbers = {pair: number for number, pair in enumerate(pairs_written)}
    unjoined = np.concatenate([pair_sketches[~chosen],
                               pair_sketches[chosen][np.array(unsure, np.intp)]])
    return _Spellings(spans, (
        len(text), _distinct(long_sketches, long_slots), _distinct(unjoined),
        hyphens.starts[lone].astype(np.int32),
        np.array([numbers[pair] for pair in written], np.intp)[hyphens.kinds[lone]].astype(
            np.uint16 if len(pairs_written) <= 1 << 16 else np.uint32),
        " ".join(pairs_written), " ".join(sorted(loose)), " ".join(sorted(spaced_keys)),
        " ".join(sorted(paired)), " ".join(sorted({key for _, _, key in closed}))))


def _capitalised(words: _Words, codes: npt.NDArray[np.uint8]) -> npt.NDArray[np.bool_]:
    """Whether each word starts with a capital (``codes``: the text's ``_ascii``)."""
    first = codes[words.starts]
    return (first >= 65) & (first <= 90)


_CLOSED_LETTERS = 6
"""Letters of a word that may be a compound written closed up; a capitalised word may have one
fewer (a romanised name, "Wuhan" for "Wu Han")."""


def _closed_candidates(words: _Words, capital: npt.NDArray[np.bool_]) -> _Array:
    """The numbers of the words that may be a compound written closed up (``_CLOSED_LETTERS``;
    ``capital``: ``_capitalised``)."""
    lengths = words.lengths
    return np.flatnonzero((lengths >= _CLOSED_LETTERS)
                          | ((lengths == _CLOSED_LETTERS - 1) & capital))


def _syllables(words: _Words, capital: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Whether each word and the next are two capitalised words of two letters or more, one of
    them two letters long but no English word (``_SHORT_WORDS``), and five letters
    together: the syllables of a romanised name written apart ("Pu Dong", "Wu Han" for
    "Pudong", "Wuhan"), which the pairs of three letters or more each miss."""
    lengths = words.lengths
    short = lengths == 2
    short &= ~_SHORT_WORDS[words.firsts & np.uint64(0xFFFF)]
    named = (lengths >= 2) & capital
    syllables: npt.NDArray[np.bool_] = (named[:-1] & named[1:] & (short[:-1] | short[1:])
                                        & (lengths[:-1] + lengths[1:] >= 5))
    return syllables


def _compounds(text: str, ascii_text: bytes, segments: _Segments, found: _Found,
               keys: frozenset[str] = frozenset(), words: _Words | None = None) -> _Summary:
    """The compound spellings of this text (see ``_spellings``; ``words``: the words of its
    ``_letters``, when made) as candidates, closed-up ones of the ``keys`` found elsewhere in
    the document included; its summary."""
    spellings = _spellings(text, ascii_text, _Known(keys=keys) if keys else _LOCAL, words)
    _add_spans(text, spellings.spans, segments, found)
    return spellings.summarised(segments)


def _add_spans(text: str, spans: list[tuple[int, int, str]], segments: _Segments, found: _Found
               ) -> None:
    """Compound spellings (start, end and key) as candidates."""
    _add_written(spans, _written(text, spans), segments, found)


def _written(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, bool]]:
    """How each compound spelling (start, end and key) is written: its text, and whether it is
    followed by a word that is not a function word."""
    return [(text[start:end], _attributive(text, end)) for start, end, _ in spans]


def _add_written(spans: list[tuple[int, int, str]], written: list[tuple[str, bool]],
                 segments: _Segments, found: _Found) -> None:
    """Compound spellings (start, end and key), written as ``_written`` says, as candidates
    (each distinct key and writing made a group once: compounds repeat)."""
    if not spans:
        return
    starts = np.fromiter(map(itemgetter(0), spans), np.intp, len(spans))
    positions = segments.at(starts)
    kinds = list(zip(map(itemgetter(2), spans), written, strict=True))
    kept = positions >= 0
    if not kept.all():
        kinds = list(compress(kinds, kept.tolist()))
        starts, positions = starts[kept], positions[kept]
    numbers = dict(zip(dict.fromkeys(kinds), count()))
    found.add([(key, surface, _compound_details(surface, attributive))
               for key, (surface, attributive) in numbers],
              np.fromiter(map(numbers.__getitem__, kinds), np.intp, len(kinds)), starts, positions)


def _attributive(text: str, end: int) -> bool:
    """Whether a compound ending at ``end`` is followed by a word that is not a function word."""
    following_word = _NEXT_WORD.match(text, end)
    return following_word is not None and following_word.group(1).lower() not in _FUNCTION


def _closed_spans(text: str, forms: dict[bytes, str]
                  ) -> tuple[list[tuple[int, int, str]], set[str]]:
    """The closed-up spellings (start, end and key) in a part's text written as these forms
    (with their keys), and the keys that have one (bounded or not): the words of the part's
    ``_letters`` that are a form (found by ``bytes.find``: a pattern with word bounds is searched
    for ten times slower) and may be a compound written closed up, as ``_closed_candidates``
    has it for the whole document (a form one letter short only where it is capitalised)."""
    ascii_text = _ascii(text)
    letters = _letters(text, ascii_text)
    size = len(letters)
    places: list[tuple[int, int, str]] = []
    for form, key in forms.items():
        if len(form) < _CLOSED_LETTERS - 1:
            continue
        needs_capital = len(form) < _CLOSED_LETTERS
        start = letters.find(form)
        while start >= 0:
            end = start + len(form)
            if ((not start or letters[start - 1] == 32) and (end == size or letters[end] == 32)
                    and (not needs_capital or 65 <= ascii_text[start] <= 90)):
                places.append((start, end, key))
            start = letters.find(form, start + 1)
    places.sort()
    return ([span for span in places if _bounded(text, span[0], span[1])],
            {key for _, _, key in places})


_Span = tuple[int, int, str]
"""A compound spelling: start, end and key."""

_Search = tuple[int, int, dict[bytes, str], list[_Span]]
"""What a part is searched for: its offset and size in the document, the closed-up forms to
find in it (with their keys) and its hyphenated words to read."""

_Searched = tuple[list[_Span], set[str], list[tuple[str, bool]], list[tuple[str, bool]]]
"""What a part's search finds: the closed-up spellings of the forms (bounded), the keys that
have one (bounded or not), and how those and the hyphenated words are written (``_written``)."""

_BATCHES = 8
"""Batches the parts of a document are searched in by the workers (enough to keep them all
busy while some parts have more to search than others)."""


def _part_searched(text: str, forms: dict[bytes, str], hyphenated: list[_Span]) -> _Searched:
    """The closed-up spellings of ``forms`` in a part's ``text`` (see ``_closed_spans``), and
    how they and its ``hyphenated`` words are written."""
    spans, written = _closed_spans(text, forms) if forms else ([], set())
    return spans, written, _written(text, spans), _written(text, hyphenated)


def _parts_searched(read: Callable[[int, int], str], parts: list[_Search]) -> list[_Searched]:
    """``_part_searched`` of each part, its text ``read`` from the document (the streamed
    file's ``TextBlocks.slice`` in a worker)."""
    return [_part_searched(read(offset, offset + size), forms, spans)
            for offset, size, forms, spans in parts]


def _lone_spans(summary: _Summary, keys: frozenset[str]) -> list[tuple[int, int, str]]:
    """The hyphenated words of a part (its summary) that it did not pair and whose key is one
    of these (start, end and key)."""
    pairs = summary.hyphens.split()
    spans: list[tuple[int, int, str]] = []
    for start, number in zip(summary.lone.tolist(), summary.lone_kinds.tolist(), strict=True):
        key = _hyphen_key(pairs[number])
        if key in keys:
            spans.append((start, start + len(pairs[number]), key))
    return spans


@lru_cache(maxsize=1 << 16)
def _compound_details(surface: str, attributive: bool) -> tuple[str, str, str, str]:
    """A compound occurrence's details (see ``_Group``; compounds repeat, so this is cached)."""
    parts = surface.lower().replace("’", "'").split()
    last_word = singular(parts[-1])
    plural = last_word != parts[-1]
    form = " ".join([*parts[:-1], last_word])
    return ("compound", form, "s" if plural else "", "a" if attributive else "")


@dataclass(frozen=True, slots=True)
class _Hyphens:
    """A text's hyphenated words: where each starts and ends, and which of the distinct ones
    it is (they repeat: each is read once)."""

    starts: _Array
    ends: _Array
    kinds: _Array
    """Each one's place in ``pairs``."""
    pairs: list[tuple[bytes, bytes]]
    """The distinct ones' two words in lower case, in order of first sight."""


def _hyphenated(text: str, ascii_text: bytes, words: _Words) -> _Hyphens:
    """Words of ASCII letters (``_halves``) joined by a hyphen, with no word character or hyphen
    on either side (the two words in lower case); and the syllables of a romanised name joined
    by an apostrophe ("Jing'an", "Xi’an": ``_apostrophes``), which vary the same way
    ("Jingan", "Jing An").

    They are neighbours among the words of the text's letters joined by one hyphen (the words of
    its ASCII letters, which are ``words`` but for a Kelvin sign): the word ending at a hyphen
    of the text and the next one, when it starts right after it (hyphens are few, words many).
    Only the characters next to them that are not ASCII are looked at one by one.
    """
    words = _ascii_words(text, ascii_text, words)
    starts, ends = words.starts, words.ends
    codes = np.frombuffer(ascii_text, np.uint8)
    joints = np.flatnonzero(codes == ord("-"))  # hyphens, and the apostrophes of names
    if "'" in text or "’" in text:
        joints = np.union1d(joints, _apostrophes(text, codes, words))
    befores = np.searchsorted(ends, joints)
    inside = befores < len(ends) - 1
    befores, joints = befores[inside], joints[inside]
    pairs = befores[(ends[befores] == joints) & (starts[befores + 1] == joints + 1)
                    & _halves(words, befores) & _halves(words, befores + 1)]
    firsts, lasts = starts[pairs], ends[pairs + 1]
    before = np.where(firsts > 0, codes[np.maximum(firsts - 1, 0)], ord(" "))
    after = np.where(lasts < len(codes), codes[np.minimum(lasts, len(codes) - 1)], ord(" "))
    kept = ~(_WORD_BYTES[before] | (before == ord("-")) | _WORD_BYTES[after]
             | (after == ord("-")))
    for pair in np.flatnonzero(kept & ((before == ord("?")) | (after == ord("?")))).tolist():
        start, end = int(firsts[pair]), int(lasts[pair])
        kept[pair] = not ((start and text[start - 1].isalnum())
                          or (end < len(text) and text[end].isalnum()))
    firsts, lasts = firsts[kept], lasts[kept]
    letters = words.letters
    # the hyphen is a space of the letters, the only one between the two words
    pieces = [letters[start:end] for start, end in zip(firsts.tolist(), lasts.tolist(),
                                                       strict=True)]
    kinds = dict(zip(dict.fromkeys(pieces), count()))
    return _Hyphens(firsts, lasts, np.fromiter(map(kinds.__getitem__, pieces), np.intp,
                                               len(pieces)),
                    [(first, second) for first, _, second in (piece.partition(b" ")
                                                              for piece in kinds)])


def _halves(words: _Words, numbers: _Array) -> npt.NDArray[np.bool_]:
    """Whether each of these words (by number) may be a half of a hyphenated word: two letters
    or more, or one letter that is not a word ("e-commerce", "T-shirt", "X-ray"; not the "A" of
    "A-side", which would make "aside" a closed-up spelling of it)."""
    lengths = words.lengths[numbers]
    first = np.frombuffer(words.letters, np.uint8)[words.starts[numbers]]
    halves: npt.NDArray[np.bool_] = (lengths >= 2) | (
        (lengths == 1) & (first != ord("a")) & (first != ord("i")))
    return halves


def _apostrophes(text: str, codes: npt.NDArray[np.uint8], words: _Words) -> _Array:
    """Where an apostrophe joins the syllables of a romanised name: after a capitalised word of
    two letters or more, before one of two letters or more that is no contraction's ending
    ("Xi'an", "Jing’an"; not "They've", "We're", "John's", "O'Neill")."""
    points = char_codes(text)
    marks = np.flatnonzero((points == ord("'")) | (points == ord("’")))
    befores = np.searchsorted(words.ends, marks)
    inside = befores < len(words.ends) - 1
    marks, befores = marks[inside], befores[inside]
    joined = ((words.ends[befores] == marks) & (words.starts[befores + 1] == marks + 1)
              & (words.lengths[befores] >= 2) & (words.lengths[befores + 1] >= 2)
              & _capitalised(words, codes)[befores])
    marks, afters = marks[joined], befores[joined] + 1
    return np.array([at for at, end in zip(marks.tolist(), words.ends[afters].tolist(),
                                           strict=True)
                     if words.letters[at + 1 : end] not in _CONTRACTIONS], np.intp)


_CONTRACTIONS = frozenset({b"ll", b"re", b"ve", b"nt", b"em", b"tis"})
"""Word endings after an apostrophe that make an English contraction ("They'll", "We're")."""


_Details = tuple[str, str, str, str, bytes]
"""A row's details: a group's (see ``_Group``) with its packed occurrences."""

_Row = tuple[str, int, str, int, _Details]
"""One group's observation as a plain tuple (plain tuples cross processes several times quicker
than named tuples): key, start, text, segment index and details with the packed occurrences."""


def _rows(found: _Found, segments: _Segments) -> list[_Row]:
    """One row per group, in order of first occurrence (names before compounds).

    It stands for all the group's occurrences: its start and segment are the first one's; the
    last item of its details lists the occurrences' starts, then their segment indices, then
    their distances from their segment's start and to its end, as 4-byte machine integers (quick
    to make and small to send; read back only for the occurrences that are reported, see
    ``_Variants._occurrences``). The segment digest is left to the decider, which has the whole
    text. All groups are packed in one go: the occurrences sorted by group and start
    (one number: equal ones are the same occurrence), each number written where its group's
    block puts it.
    """
    if not found.groups:
        return []
    distinct, groups = found.numbered()
    starts = np.concatenate(found.starts)
    positions = np.concatenate(found.positions)
    order = np.argsort(groups * (int(starts.max()) + 1) + starts)
    groups, starts, positions = groups[order], starts[order], positions[order]
    bounds = np.searchsorted(groups, np.arange(len(distinct) + 1))
    sizes = np.diff(bounds)[groups]
    places = 3 * bounds[groups] + np.arange(len(groups))
    indexes = segments.indexes[positions]
    numbers = np.empty(4 * len(groups), np.intc)
    numbers[places] = starts
    numbers[places + sizes] = indexes
    numbers[places + 2 * sizes] = starts - segments.starts[positions]
    numbers[places + 3 * sizes] = segments.ends[positions] - starts
    packed = numbers.tobytes()
    firsts = bounds[:-1]
    block = _BLOCK
    rows: list[_Row] = [
        (key, start, surface, index, (*details, packed[block * low:block * high]))
            for (key, surface, details), start, index, low, high in zip(
                distinct, starts[firsts].tolist(), indexes[firsts].tolist(),
                firsts.tolist(), bounds[1:].tolist(), strict=True)]
    rows.sort(key=_row_order)
    return rows


def _details(extra: tuple[str, ...]) -> _Details:
    """A row's details from an observation's (the packed occurrences in latin-1)."""
    kind, flag, plural, attributive, packed = extra
    return kind, flag, plural, attributive, packed.encode("latin-1")


def _row_order(row: _Row) -> tuple[int, int, bool]:
    """Rows in order of first occurrence, names before compounds."""
    return row[1], row[1] + len(row[2]), row[4][0] != "name"


_Gathered = tuple[list[_Row], _Summary]
"""A part's rows and its compounds' summary."""


def _found(context: CheckContext, keys: frozenset[str] = frozenset()) -> _Gathered:
    """The rows of the names and compounds of a part (closed-up spellings of the compound
    ``keys`` included), and its compounds' summary."""
    text = context.en.text
    segments = _Segments(context.en_segments)
    ascii_text = _ascii(text)
    found = _Found()
    words = _Words(_letters(text, ascii_text))
    _names(text, ascii_text, _ascii_words(text, ascii_text, words), segments, found)
    summary = _compounds(text, ascii_text, segments, found, keys, words)
    return _rows(found, segments), summary


@register
class InconsistentTerm(DocumentRule):
    """One name or compound rendered more than one way in one document."""

    id = "inconsistent-term"
    severity = Severity.WARNING
    reads_glossary = True
    description = "one name or compound written several ways in a document (minority variants)"

    def observe(self, context: CheckContext) -> Iterator[Observation]:
        """One observation per row, then one holding the part's summary (key ``""``)."""
        rows, summary = _found(context)
        for key, start, text, index, extra in rows:
            yield Observation(key, start, start + len(text), text, index, "",
                              (*extra[:4], extra[4].decode("latin-1")))
        yield Observation("", 0, len(context.en.text), "", None, "", summary.strings())

    def gather(self, observations: list[Observation]) -> _Gathered:
        """The observations as rows, and the summary."""
        *rows, summary = observations
        return ([(o.key, o.start, o.text, o.segment or 0, _details(o.extra)) for o in rows],
                _Summary.of_strings(summary.extra))

    def gathered(self, context: CheckContext, hint: Any = None) -> _Gathered:
        """The rows and summary, made without ``Observation`` objects; the decider's ``hint``
        is the compound keys of the parts it has taken, whose closed-up spellings this part
        then finds itself."""
        return _found(context, hint or frozenset())

    def decider(self, glossary: Glossary | None, document: LineIndex, digests: bool = True
                ) -> Decider:
        return _Variants(self, glossary, document, digests)


_Part = tuple[_Row, int, int]
"""A row with the offset and first segment of its part of the document."""

_Taken = tuple[list[_Row], _Summary, int, int]
"""A part's rows and summary, with its offset and first segment in the document."""

_FormKey = tuple[str, str]
"""A written form: its kind (``name``, ``compound`` or ``glossary``) and its key, compound form
or glossary row number."""

_Reported = tuple[_Row, int, int, Detail]
"""A reported row with the offset and first segment of its part, and its findings' detail."""


class _Form:
    """Every occurrence of one written form: what grouping needs, and the rows of the parts,
    summed up only for the forms that are compared and read occurrence by occurrence only for
    those reported."""

    __slots__ = ("first", "keys", "parts", "total")

    def __init__(self, parts: list[_Part]) -> None:
        self.parts = parts
        self.first = parts[0][0]
        """The first occurrence's row (its kind and compound form stand for all)."""
        self.keys = {row[0] for row, _, _ in parts}
        """The normalised texts of the occurrences."""
        self.total = sum([len(row[4][4]) for row, _, _ in parts]) // _BLOCK
        """How many occurrences there are (asked for again and again)."""

    def start(self) -> int:
        """Where the first occurrence starts in the document."""
        return min([row[1] + offset for row, offset, _ in self.parts])

    def initial(self) -> bool:
        """Whether some occurrence starts a sentence with its first word."""
        return any([row[4][1] == "1" for row, _, _ in self.parts])

    def singulars(self) -> Counter[str]:
        """How often each singular surface occurs."""
        counts: Counter[str] = Counter()
        for (_, _, text, _, extra), _, _ in self.parts:
            if not extra[2]:
                counts[" ".join(text.split())] += len(extra[4]) // _BLOCK
        return counts


_SEPARATOR = "\u037e"
"""Put between the surfaces looked up in the glossary together: a character no glossary key
holds (Unicode normalisation replaces it, and keys are normalised) and no word takes in (not a
word character, a space or the start of an ending), so nothing matches across it."""


class _Variants(Decider):
    """Collects every candidate, then groups the variants and reports the minority ones."""

    def __init__(self, rule: InconsistentTerm, glossary: Glossary | None, document: LineIndex,
                 digests: bool = True) -> None:
        self._rule = rule
        self._glossary = glossary
        self._document = document
        self._taken: list[_Taken] = []
        self._given: list[frozenset[str]] = []
        """The compound keys each part taken was given to find closed up (its ``hint``)."""
        self._keys: set[str] = set()
        """The keys of the hyphenated and two-word spellings of the parts taken so far."""
        self._hint: frozenset[str] | None = None
        """``_keys`` as last handed out (made again only once they grow)."""
        self._digests: dict[int, str] | None = {} if digests else None
        """Digests of the reported segments, by where they start (None: none wanted)."""
        self._forbidden_pieces: _ForbiddenPieces | None = None
        """Of the glossary, made when a group is first reported."""

    def feed(self, observations: Iterable[Observation], offset: int = 0, first_segment: int = 0
             ) -> Iterator[tuple[Finding, Observation]]:
        return self.take(self._rule.gather(list(observations)), offset, first_segment)

    def take(self, gathered: Any, offset: int, first_segment: int, hint: Any = None
             ) -> Iterator[tuple[Finding, Observation]]:
        rows, summary = gathered
        self._taken.append((rows, summary, offset, first_segment))
        self._given.append(hint or frozenset())
        known = len(self._keys)
        self._keys.update(map(_hyphen_key, summary.hyphens.split()), summary.spaced.split())
        if len(self._keys) != known:
            self._hint = None
        return iter(())

    def hint(self) -> frozenset[str] | None:
        """The compound keys found so far: a part given them finds their closed-up spellings
        itself (in a worker), and ``finish`` searches it only for the keys found after."""
        if self._hint is None and self._keys:
            self._hint = frozenset(self._keys)
        return self._hint

    def _collected(self, executor: Executor | None = None
                   ) -> dict[_FormKey, list[_Part]]:
        """The rows of every part by written form (kind and key or compound form), in order of
        first sight; each part given the spellings the whole document finds in it and the part
        alone did not."""
        taken = self._taken
        if len(taken) > 1:
            crossing = _spaced_crossing([summary for _, summary, _, _ in taken])
            taken = self._redone(taken) if crossing else self._completed(taken, executor)
        forms: dict[_FormKey, list[_Part]] = {}
        for rows, _, offset, first_segment in taken:
            for row in rows:
                extra = row[4]
                form_key = ("name", row[0]) if extra[0] == "name" else ("compound", extra[1])
                parts = forms.get(form_key)
                if parts is None:
                    parts = forms[form_key] = []
                parts.append((row, offset, first_segment))
        return forms

    def _completed(self, taken: list[_Taken], executor: Executor | None = None
                   ) -> list[_Taken]:
        """The parts with the closed-up and hyphenated spellings the whole document finds in
        them (of keys found hyphenated or as two words in other parts), when no part misses a
        two-word spelling.

        A part is searched for the forms of the keys it neither found nor was given (see
        ``hint``) whose sketches are among its words'. The keys the whole pairs are those some
        part pairs, and the hyphenated keys found closed up by a part or by the search: a
        part's hyphenated words of those keys that it did not pair are added. Each part's text
        is read once, for its search and for its hyphenated words of the keys the whole may
        pair (those it pairs and those searched for), and never kept: the parts' texts together
        are the whole document. With an ``executor``, the parts of a streamed document are
        read and searched in its workers.
        """
        hyphen_keys = [set(map(_hyphen_key, summary.hyphens.split()))
                       for _, summary, _, _ in taken]
        spaced = [set(summary.spaced.split()) for _, summary, _, _ in taken]
        every_hyphen_key = set().union(*hyphen_keys)
        keys = every_hyphen_key.union(*spaced)
        paired = set(chain.from_iterable(summary.paired.split() for _, summary, _, _ in taken))
        paired.update(every_hyphen_key.intersection(
            chain.from_iterable(summary.closed.split() for _, summary, _, _ in taken)))
        searches: list[dict[bytes, str]] = []
        for (_, summary, _, _), part_hyphens, part_spaced, given in zip(
                taken, hyphen_keys, spaced, self._given, strict=True):
            forms = {form: key for key in keys - part_hyphens - part_spaced - given
                     for form in _plurals(key)}
            if forms:
                forms = {form: forms[form] for form, present in zip(
                    forms, _among(_sketches_of(forms), summary.words).tolist(), strict=True)
                    if present}
            searches.append(forms)
        pairable = paired | every_hyphen_key.intersection(
            chain.from_iterable(forms.values() for forms in searches))
        lone = [[] if part_hyphens.isdisjoint(pairable)
                else sorted(_lone_spans(summary, frozenset(pairable & part_hyphens)))
                for (_, summary, _, _), part_hyphens in zip(taken, hyphen_keys, strict=True)]
        searched = self._searched([(offset, summary.size, forms, spans) for (
            _, summary, offset, _), forms, spans in zip(taken, searches, lone, strict=True)],
            executor)
        for _, written, _, _ in searched:
            paired |= written & every_hyphen_key
        completed: list[_Taken] = []
        for (rows, summary, offset, first_segment), (spans, _, closed, hyphenated), part_lone in (
                zip(taken, searched, lone, strict=True)):
            kept = [number for number, span in enumerate(part_lone) if span[2] in paired]
            if spans or kept:
                segments = summary.segments()
                more = _Found()
                _add_written(spans, closed, segments, more)
                _add_written([part_lone[number] for number in kept],
                             [hyphenated[number] for number in kept], segments, more)
                rows = list(rows)
                for row in _rows(more, segments):
                    insort(rows, row, key=_row_order)
            completed.append((rows, summary, offset, first_segment))
        return completed

    def _searched(self, parts: list[_Search], executor: Executor | None) -> list[_Searched]:
        """``_part_searched`` of each part (its offset, size, forms and hyphenated words); those
        with something to search are read and searched in the ``executor``'s workers when the
        document is streamed (a worker reads its parts from the file), else here."""
        busy = [part for part in parts if part[2] or part[3]]
        blocks = self._document.blocks
        if executor is None or blocks is None or len(busy) < 2:
            searched = _parts_searched(self._document.slice, busy)
        else:
            stride = min(_BATCHES, len(busy))
            futures = [executor.submit(_parts_searched, blocks.slice, busy[low::stride])
                       for low in range(stride)]
            results = [future.result() for future in futures]
            searched = [results[number % stride][number // stride]
                        for number in range(len(busy))]
        found = iter(searched)
        return [next(found) if forms or spans else ([], set(), [], [])
                for _, _, forms, spans in parts]

    def _redone(self, taken: list[_Taken]) -> list[_Taken]:
        """The parts' compounds found again, each part with what the whole document holds
        (``_Known``): its long words are read first, then its two-word spellings, from the
        parts' text (read again for each of the three passes, never kept: the parts' texts
        together are the whole document)."""
        words: set[bytes] = set()
        for text, ascii_text in self._texts(taken):
            letters = _Words(_letters(text, ascii_text))
            capital = _capitalised(letters, np.frombuffer(ascii_text, np.uint8))
            words.update(letters.texts(_closed_candidates(letters, capital)))
        hyphens = set(chain.from_iterable(summary.hyphens.split() for _, summary, _, _ in taken))
        halves = [pair.encode("ascii").split(b"-") for pair in hyphens]
        known = _Known(frozenset(words), frozenset((first, second) for first, second in halves
                                                   if len(first) >= 3 and len(second) >= 3))
        spaced = set(chain.from_iterable(_spellings(text, ascii_text, known).spaced()
                                         for text, ascii_text in self._texts(taken)))
        hyphen_keys = set(map(_hyphen_key, hyphens))
        keys = hyphen_keys | spaced
        closed = {key for key in keys if not words.isdisjoint(_plurals(key))}
        known = _Known(known.words, known.pairs, frozenset(keys),
                       frozenset(hyphen_keys & closed | spaced))
        redone: list[_Taken] = []
        for (text, ascii_text), (rows, summary, offset, first_segment) in zip(
                self._texts(taken), taken, strict=True):
            segments = summary.segments()
            found = _Found()
            _add_spans(text, _spellings(text, ascii_text, known).spans, segments, found)
            names = [row for row in rows if row[4][0] == "name"]
            redone.append((sorted(names + _rows(found, segments), key=_row_order), summary,
                           offset, first_segment))
        return redone

    def _texts(self, taken: list[_Taken]) -> Iterator[tuple[str, bytes]]:
        """Each part's text and its ``_ascii``, read one part at a time."""
        for _, summary, offset, _ in taken:
            text = self._document.slice(offset, offset + summary.size)
            yield text, _ascii(text)

    def finish(self) -> Iterator[tuple[Finding, Observation]]:
        reported = self._reported()
        numbers, starts, ends, segments, digests = self._occurrences(reported)
        make = self._rule.make
        for number, start, end, segment, digest in zip(
                numbers.tolist(), starts.tolist(), ends.tolist(), segments.tolist(), digests,
                strict=True):
            (key, _, text, _, extra), _, _, (message, _, suggestion) = reported[number]
            yield make(Observation(key, start, end, text, segment, digest, extra[:4]), message,
                       suggestion)

    def finished(self, executor: Executor | None = None) -> Decided:
        """``finish``'s findings made as columns from the same occurrences, with the detail
        tuple of a reported row shared by its occurrences (tens of thousands of findings: a
        ``Finding`` and an ``Observation`` each cost more than the rest of the work)."""
        reported = self._reported(executor)
        numbers, starts, ends, segments, digests = self._occurrences(reported)
        size = len(numbers)
        details = [detail for _, _, _, detail in reported]
        return (FindingColumns([self._rule.id] * size, [self._rule.severity] * size,
                               starts.tolist(), ends.tolist(), segments.tolist(),
                               list(map(details.__getitem__, numbers.tolist()))),
                digests)

    def _occurrences(self, reported: list[_Reported]
                     ) -> tuple[_Array, _Array, _Array, _Array, list[str]]:
        """Every occurrence of the reported rows in order of start and end (stably, in the
        order of the rows), but those inside a longer one (``_nested``): the number of its row,
        its start, end and segment index in the document, and its segment's digest (empty when
        none are wanted); the rows' packed occurrences are read in one go."""
        size = len(reported)
        counts = np.fromiter((len(row[4][4]) for row, _, _, _ in reported), np.intp, size)
        counts //= _BLOCK
        numbers = np.repeat(np.arange(size), counts)
        packed = np.frombuffer(b"".join([row[4][4] for row, _, _, _ in reported]), np.intc)
        sizes = counts[numbers]
        places = 3 * (np.cumsum(counts) - counts)[numbers] + np.arange(len(numbers))
        starts = packed[places] + np.fromiter(
            (offset for _, offset, _, _ in reported), np.intp, size)[numbers]
        ends = starts + np.fromiter((len(row[2]) for row, _, _, _ in reported), np.intp,
                                    size)[numbers]
        segments = packed[places + sizes] + np.fromiter(
            (first for _, _, first, _ in reported), np.intp, size)[numbers]
        order = np.lexsort((ends, starts))
        order = order[~_nested(starts[order], ends[order])]
        numbers, starts, ends, segments = (
            numbers[order], starts[order], ends[order], segments[order])
        if self._digests is None:
            return numbers, starts, ends, segments, [""] * len(order)
        places = places[order]
        sizes = sizes[order]
        lows = starts - packed[places + 2 * sizes]
        highs = starts + packed[places + 3 * sizes]
        return (numbers, starts, ends, segments,
                list(map(self._digest, lows.tolist(), highs.tolist())))

    def _digest(self, low: int, high: int) -> str:
        """The digest of the segment from ``low`` to ``high`` (each read back once)."""
        assert self._digests is not None
        digest = self._digests.get(low)
        if digest is None:
            digest = self._digests[low] = text_digest(self._document.slice(low, high))
        return digest

    def _reported(self, executor: Executor | None = None) -> list[_Reported]:
        """The rows of the minority variants, each with its message and suggestion."""
        forms = self._canonical(self._collected(executor))
        parent: dict[_FormKey, _FormKey] = {name: name for name in forms}

        def root(name: _FormKey) -> _FormKey:
            while parent[name] != name:
                parent[name] = parent[parent[name]]
                name = parent[name]
            return name

        def union(a: _FormKey, b: _FormKey) -> None:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)

        by_key: dict[tuple[str, ...], _FormKey] = {}
        form_of: dict[str, _FormKey] = {}
        for name, form in forms.items():
            kind = form.first[4][0]
            for text_key in sorted(form.keys):
                form_of.setdefault(text_key, name)
                for key in _group_keys(text_key, kind):
                    known = by_key.setdefault(key, name)
                    if known != name:
                        union(name, known)
        for name, form in forms.items():
            shorter = form_of.get(_qualified(name[1], form) or "") if name[0] == "name" else None
            if shorter is not None and forms[shorter].total > form.total:
                union(name, shorter)
        groups: dict[_FormKey, list[_FormKey]] = {}
        for name in forms:
            groups.setdefault(root(name), []).append(name)
        reported: list[_Reported] = []
        for members in groups.values():
            if len(members) > 1:
                reported.extend(self._report(members, forms))
        return reported

    def _canonical(self, collected: dict[_FormKey, list[_Part]]) -> dict[_FormKey, _Form]:
        """Forms keyed by their kind and text; a glossary's approved renderings of one row
        merged (``("glossary", N)``). A name and a compound written alike stay two forms
        ("Hong Kong" as a name and as the two-word spelling of "Hongkong"): each is compared
        with the forms of its kind, and counts its own occurrences."""
        merged: dict[_FormKey, list[_Part]] = {}
        rows = self._glossary_rows([parts[0][0][2] for parts in collected.values()])
        for (form_key, parts), row in zip(collected.items(), rows, strict=True):
            if row == "forbidden":
                continue
            key = ("glossary", row.split(":")[1]) if row else form_key
            known = merged.get(key)
            if known is None:
                merged[key] = list(parts)
            else:
                known.extend(parts)
        return {key: _Form(parts) for key, parts in merged.items()}

    def _glossary_rows(self, surfaces: list[str]) -> list[str | None]:
        """``glossary:N`` for each surface that is exactly an approved rendering of row N
        (``forbidden`` when a forbidden one), all looked up in one glossary search (the surfaces
        joined by ``_SEPARATOR``, unless one holds it)."""
        glossary = self._glossary
        if glossary is None:
            return [None] * len(surfaces)
        joined = _SEPARATOR.join(surfaces)
        if joined.count(_SEPARATOR) != len(surfaces) - 1:
            return list(map(self._row, surfaces))
        return _whole_rows(glossary.find_en_columns(joined), surfaces)

    def _row(self, surface: str) -> str | None:
        """``_glossary_rows`` of one surface."""
        if self._glossary is None:
            return None
        return _whole_rows(self._glossary.find_en_columns(surface), [surface])[0]

    def _report(self, members: list[_FormKey], forms: dict[_FormKey, _Form]
                ) -> Iterator[_Reported]:
        """The rows of a group's members but its majority form, each with its message and
        suggestion. A member written as a piece of a forbidden variant of the glossary (the
        "Jin Ping" of a forbidden "Xi Jin Ping") takes no part: forbidden-term reports it, and
        it must never be the suggestion for an approved spelling ("Xi Jinping"). A compound that
        is a proper name (``_proper``: "Hong Kong", "Pudong") is suggested as written;
        another in the case of the occurrence it replaces. Between spellings as frequent, a
        closed-up one wins ("Hefei" over "He Fei", as romanised names and current English usage
        write them), then the first written (a hyphen or a space says too little:
        "lightning-streaked sky", "lightning streaked across")."""
        def weight(name: _FormKey) -> tuple[bool, int, bool, int]:
            closed = " " not in name[1] and "-" not in name[1]
            return (name[0] == "glossary", forms[name].total, closed, -forms[name].start())

        if self._glossary is not None:
            if self._forbidden_pieces is None:
                self._forbidden_pieces = _ForbiddenPieces(self._glossary)
            if self._forbidden_pieces:
                members = [name for name in members
                           if forms[name].first[2] not in self._forbidden_pieces]
                if len(members) < 2:
                    return
        majority = max(members, key=weight)
        chosen = forms[majority]
        singulars = chosen.singulars()
        plural_preferred = not singulars
        compound = chosen.first[4][0] == "compound"
        written = singulars.most_common(1)[0][0] if singulars else ""
        if majority[0] == "glossary" and self._glossary is not None:
            preferred = self._glossary.terms[int(majority[1])].en[0]
            plural_preferred = False
        elif compound:
            # a common compound in lower case, but with the document's apostrophe ("Yan’an")
            preferred = (written if _proper(written, singulars)
                         else written.lower() or chosen.first[4][1])
            plural_preferred = False
        elif singulars:
            preferred = written
        else:
            preferred = " ".join(chosen.first[2].split())
        if compound and not singulars:
            shown = inflect(preferred, "s")
        else:  # a compound quoted as the document writes it most often
            shown = written if compound and majority[0] != "glossary" else preferred
        total = chosen.total
        times = "once" if total == 1 else f"{total} times"
        for name in members:
            if name == majority:
                continue
            for row, offset, first_segment in forms[name].parts:
                text, extra = row[2], row[4]
                if compound and not _compound_variant(majority[1], name[1], extra):
                    continue
                suggestion = match_case(preferred, text) if compound else preferred
                if extra[2] and not plural_preferred:
                    suggestion = inflect(suggestion, "s")
                message = (f"{' '.join(text.split())!r} is written {shown!r} "
                           f"elsewhere in this document ({times})")
                yield row, offset, first_segment, (message, text, suggestion)


def _nested(starts: _Array, ends: _Array) -> npt.NDArray[np.bool_]:
    """Whether each span (in order of start, then end) lies inside a longer one: a piece of a
    name reported with the whole ("Shanghai Commission" in "Shanghai Commission of Commerce"),
    which fixing the whole fixes (two findings would suggest two edits of one place)."""
    if not len(starts):
        return np.zeros(0, np.bool_)
    new_start = np.diff(starts, prepend=-1) != 0
    group = np.cumsum(new_start) - 1
    last_ends = ends[np.append(np.flatnonzero(new_start)[1:], len(ends)) - 1]
    before = np.concatenate(([-1], np.maximum.accumulate(last_ends)[:-1]))
    nested: npt.NDArray[np.bool_] = (before[group] >= ends) | (last_ends[group] > ends)
    return nested


def _proper(written: str, singulars: Counter[str]) -> bool:
    """Whether a compound written most often as ``written`` (``singulars``: how often each
    singular writing occurs) is a proper name, to be suggested as written: it has capitals
    inside ("Hong Kong"), or every writing starts with one, twice or more ("Pudong"; once
    could be a sentence's first word). Capitals throughout are a heading's."""
    if not written or written.isupper():
        return False
    if any(char.isupper() for char in written[1:]):
        return True
    return singulars.total() > 1 and all(
        writing[:1].isupper() and not writing.isupper() for writing in singulars)


def _word_runs(renderings: Iterable[str]) -> set[str]:
    """Every run of consecutive words of the ``renderings``, casefolded, a space between."""
    runs: set[str] = set()
    for rendering in renderings:
        words = rendering.casefold().split()
        runs.update(" ".join(words[first:last]) for first in range(len(words))
                    for last in range(first + 1, len(words) + 1))
    return runs


class _ForbiddenPieces:
    """The written forms that are a run of words of a forbidden variant of a glossary and of
    none of its approved renderings ("jin ping" of a forbidden "Xi Jin Ping" beside an
    approved "Xi Jinping"). Few forms are runs of a forbidden variant, so only those are
    looked for among the approved renderings (a glossary has thousands)."""

    def __init__(self, glossary: Glossary) -> None:
        self._glossary = glossary
        self._runs = _word_runs(variant for term in glossary.terms for variant in term.forbidden)
        self._approved: list[str] = []
        """The approved renderings casefolded, each between spaces (made on first need)."""

    def __bool__(self) -> bool:
        return bool(self._runs)

    def __contains__(self, surface: str) -> bool:
        words = surface.casefold().split()
        if not words:
            return False
        for key in {" ".join(words), " ".join([*words[:-1], singular(words[-1])])}:
            if key in self._runs and not self._approved_holds(f" {key} "):
                return True
        return False

    def _approved_holds(self, spaced: str) -> bool:
        if not self._approved:
            self._approved = [f" {' '.join(rendering.casefold().split())} "
                              for term in self._glossary.terms for rendering in term.en]
        return any(spaced in rendering for rendering in self._approved)


def _whole_rows(matches: MatchColumns, surfaces: list[str]) -> list[str | None]:
    """For each surface, ``glossary:N`` when the glossary's ``matches`` in the surfaces (joined
    by one character) are one approved rendering of row N over all of it (``forbidden`` when a
    forbidden one): the matches are told apart by surface with numpy, and only the lone ones
    read."""
    rows: list[str | None] = [None] * len(surfaces)
    if not matches.start:
        return rows
    lengths = np.fromiter(map(len, surfaces), np.intp, len(surfaces))
    firsts = np.cumsum(lengths + 1) - lengths - 1
    owners = np.searchsorted(firsts, np.array(matches.start, np.intp), "right") - 1
    alone = np.bincount(owners, minlength=len(surfaces))[owners] == 1
    starts, ends = firsts.tolist(), (firsts + lengths).tolist()
    for number, owner in zip(np.flatnonzero(alone).tolist(), owners[alone].tolist(),
                             strict=True):
        if matches.start[number] == starts[owner] and matches.end[number] == ends[owner]:
            rows[owner] = ("forbidden" if matches.kind[number] == "forbidden"
                           else f"glossary:{matches.term[number]}")
    return rows


def _compound_variant(majority: str, name: str, extra: _Details) -> bool:
    """Whether a compound occurrence (its details) is a real variant of the majority form.

    Written as two words where the majority hyphenates, it is one only as a modifier ("high
    level reform", not "at a high level"); hyphenated where the majority writes two words, never
    (the hyphen marks a modifier). Closed-up forms always are.
    """
    if "-" in majority and " " in name:
        return extra[3:4] == ("a",)
    return not (" " in majority and "-" in name)


def _group_keys(text_key: str, kind: str) -> list[tuple[str, ...]]:
    """Keys under which two forms (of this kind) are variants of each other: the same content
    words in order, or in any order unless "and" joins them; a name with a level of government
    inside it is also keyed without it (``_LEVELS``)."""
    if kind == "compound":
        return [("compound", text_key)]
    words = text_key.split(" ")
    content = [w for w in words if w not in _FUNCTION]
    keys = [("ordered", *content)]
    if "and" not in words:
        keys.append(("bag", *sorted(content)))
    inner = content[1:-1]
    if not _LEVELS.isdisjoint(inner):
        keys.append(("ordered", content[0], *(w for w in inner if w not in _LEVELS), content[-1]))
    return keys


def _qualified(name: str, form: _Form) -> str | None:
    """The name form without its leading qualifier, when it is one proper word before a long
    name (three content words or more: most names are shorter, and are told by their spaces);
    a plural's possessive is no qualifier ("People's Bank of China" is no "Bank of China")."""
    if name.count(" ") < 3:
        return None
    words = name.split(" ")
    rest = words[1:]
    if words[0] in _ORDINALS or words[0] in _FUNCTION or words[0] in _NAMING_POSSESSIVES:
        return None
    if sum(1 for w in rest if w not in _FUNCTION) < 3 or form.initial():
        return None
    return " ".join(rest)


def _among(sketches: _Sketches, distinct: _Sketches) -> npt.NDArray[np.bool_]:
    """Whether each of ``sketches`` is among ``distinct`` (sorted)."""
    if not len(distinct):
        return np.zeros(len(sketches), np.bool_)
    places = np.minimum(np.searchsorted(distinct, sketches), len(distinct) - 1)
    found: npt.NDArray[np.bool_] = distinct[places] == sketches
    return found


def _spaced_crossing(summaries: list[_Summary]) -> bool:
    """Whether the whole document might find a two-word spelling in one of its parts (their
    summaries) that the part alone did not; when it says no, it is sure.

    Two neighbouring words in a part are a spelling of the whole when joined they are a word of
    another part, or a hyphenated word of another part: the word sketches of all the parts and
    those of the hyphenated words joined are looked for among each part's unjoined neighbours.
    """
    long_pairs = {pair for summary in summaries for pair in summary.hyphens.split()
                  if all(len(half) >= 3 for half in pair.split("-"))}
    joins = np.union1d(np.concatenate([summary.words for summary in summaries]),
                       _sketches_of(pair.replace("-", "").encode("ascii") for pair in long_pairs))
    return any(_among(joins, summary.unjoined).any()
               or not long_pairs.isdisjoint(summary.loose.split()) for summary in summaries)
