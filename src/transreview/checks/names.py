"""``inconsistent-term``: one name or compound written more than one way in a document.

Two kinds of candidates are noted. Names: runs of capitalised words, joined by ``of``, ``for``,
``and``, ``on``, ``the``; two names are variants when their content words are the same in the same
order (``Center of/for Urban Operation``), the same in another order (``Pilot Free Trade Zone`` /
``Free Trade Pilot Zone``), or when one is the other with one extra leading qualifier
(``China Shanghai Pilot Free Trade Zone``) and is the rarer. Compounds: a hyphenated word, the same
letters closed up, or written as two words (``grass-roots`` / ``grassroots``, ``mega city`` /
``megacity``), looked for within each chunk of the text. Each occurrence of a variant other than the
most frequent one (the glossary's preferred rendering, when the glossary knows the name) is reported
with that form as the suggestion. Renderings the glossary approves for one row count as one form;
forbidden variants are left to ``forbidden-term``.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import chain, compress, count
from operator import add, attrgetter, sub
from typing import NamedTuple

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
from transreview.checks.terms import inflect, match_case
from transreview.glossary import Glossary, same_length_lower
from transreview.model import Finding, Segment, Severity

_RUN = re.compile(r"[A-Z](?<![\w'’-][A-Z])[\w'’-]*+(?:[ \t]++(?:(?:of|for|and|on|the)[ \t]++)*+"
                  r"[A-Z][\w'’-]*+)++")
"""Runs of capitalised words, joined by connectors. The capital comes first so that the search
skips to capitals, and no part gives back what it took (nothing could match after it)."""
_SPACE_SPLIT = re.compile(r"\S+")
_WORDY = re.compile(r"\w")
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_LETTERS = bytes(c | 0x20 if 65 <= c <= 90 or 97 <= c <= 122 else 32 for c in range(256))
"""Byte table: ASCII letters to lower case, every other byte to a space."""
_WORD = array("i").itemsize
"""Bytes (latin-1 characters) per packed integer."""
_KELVIN = "\u212a"
"""The one non-ASCII character whose lower case is an ASCII letter."""
_HYPHENATED = re.compile(r"(?<![\w-])([A-Za-z]{2,})-([A-Za-z]{2,})(?![\w-])")
_ARTICLES = frozenset({"the", "a", "an"})
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)")
_CONNECTORS = frozenset({"of", "for", "and", "on", "the"})
_FUNCTION = _CONNECTORS | {"a", "an", "in", "at", "to", "by", "with", "from"}
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


class _Token(NamedTuple):
    text: str
    start: int
    end: int


class _Segments:
    """A part's segments as parallel lists, to find the segment of an offset."""

    __slots__ = ("ends", "indexes", "starts")

    def __init__(self, segments: tuple[Segment, ...]) -> None:
        self.starts: list[int] = list(map(attrgetter("start"), segments))
        self.ends: list[int] = list(map(attrgetter("end"), segments))
        self.indexes: list[int] = list(map(attrgetter("index"), segments))

    def at(self, offset: int) -> int:
        """Position in the lists of the segment holding ``offset``; -1 outside every segment."""
        position = bisect_right(self.starts, offset) - 1
        return position if position >= 0 and offset < self.ends[position] else -1


_Shape = tuple[str, int, int, str, tuple[str, ...]]
"""A name candidate within a run: key, start, end, surface and details (see ``_Groups``)."""

_Groups = dict[tuple[str, str, tuple[str, ...]], tuple[list[int], list[int]]]
"""A part's candidates by key, surface and details (kind ``name`` or ``compound``; the initial
flag ``1``/``0`` or the compound's written form; ``s`` if plural; ``a`` if a compound written as
two words is followed by a word), each with the starts and segment positions of its occurrences."""


def _names(text: str, segments: _Segments) -> _Groups:
    """Runs of capitalised words (with their pieces and tails) as name candidates.

    The runs are grouped by text, sentence-initial flag and sentence end first: names repeat, so
    each distinct run is taken apart once.
    """
    runs: dict[tuple[str, bool, int], tuple[list[int], list[int]]] = {}
    starts, ends = segments.starts, segments.ends
    for match in _RUN.finditer(text):
        start = match.start()
        position = bisect_right(starts, start) - 1
        if position < 0 or start >= ends[position]:
            continue
        end = ends[position]
        run = (match.group(), _WORDY.search(text, starts[position], start) is None,
               end - start if match.end() > end else 0)
        places = runs.get(run)
        if places is None:
            places = runs[run] = ([], [])
        places[0].append(start)
        places[1].append(position)
    groups: _Groups = {}
    for run, (run_starts, positions) in runs.items():
        for key, low, _, surface, details in _shapes(*run):
            places = groups.get((key, surface, details))
            if places is None:
                places = groups[key, surface, details] = ([], [])
            places[0].extend(map(low.__add__, run_starts) if low else run_starts)
            places[1].extend(positions)
    return groups


@lru_cache(maxsize=1 << 16)
def _shapes(run: str, initial: bool, cut: int) -> tuple[_Shape, ...]:
    """The name candidates of one run (offsets within it; names repeat, so this is cached).

    ``initial``: the run starts its sentence; ``cut``: where its sentence ends within it (0:
    it does not).
    """
    simple = None if cut else _simple_name(run, initial)
    if simple is not None:
        key, plural = simple
        details = ("name", "1" if initial else "0", "s" if plural else "", "")
        return ((key, 0, len(run), run, details),)
    tokens = [_Token(t.group(), t.start(), t.end()) for t in _SPACE_SPLIT.finditer(run)
              if not cut or t.end() <= cut]
    shapes: list[_Shape] = []
    part: list[_Token] = []
    for token in [*tokens, _Token("", -1, -1)]:
        if token.text:
            part.append(token)
        if token.text and not token.text.endswith(("'s", "’s")):
            continue
        shapes.extend(_run_names(run, part, initial))
        part, initial = [], False
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
            or sum(1 for w in words if w not in _FUNCTION) < 2):
        return None
    last = singular(words[-1])
    plural = last != words[-1]
    words[-1] = last
    return " ".join(words), plural


def _run_names(text: str, run: list[_Token], initial: bool) -> Iterator[_Shape]:
    while run and run[-1].text in _CONNECTORS:
        run.pop()
    if run and run[0].text.lower() in _ARTICLES:
        run = run[1:]
        initial = False
    if initial and run and (run[0].text.lower() in _STARTERS
                            or run[0].text.endswith(("ing", "ed"))):
        run = run[1:]
        initial = False
    while run and run[0].text in _CONNECTORS:
        run = run[1:]
    if sum(1 for t in run if t.text.lower() not in _FUNCTION) < 2:
        return
    for piece in _pieces(run):
        if sum(1 for t in piece if t.text.lower() not in _FUNCTION) < 2:
            continue
        words = [t.text.lower().replace("’", "'") for t in piece]
        last = singular(words[-1])
        plural = last != words[-1] and not words[-1].endswith("'s")
        words[-1] = last
        start, end = piece[0].start, piece[-1].end
        if words[-1] != piece[-1].text.lower().replace("’", "'") and not plural:
            end -= 2
        yield (" ".join(words), start, end, text[start:end],
               ("name", "1" if initial and piece[0] is run[0] else "0", "s" if plural else "", ""))


def _pieces(run: list[_Token]) -> Iterator[list[_Token]]:
    """The run, its connector-free pieces, and each tail of it that starts after a connector."""
    yield run
    piece: list[_Token] = []
    for position, token in enumerate([*run, _Token("of", -1, -1)]):
        if token.text not in _CONNECTORS:
            piece.append(token)
            continue
        if piece and piece[0] is not run[0]:
            yield piece
            if position < len(run):
                yield run[run.index(piece[0]):]
        elif piece and position < len(run):
            yield piece
        piece = []


def _letters(text: str) -> bytes:
    """``text``'s ASCII letters in lower case and every other character a space, one byte a
    character: the words of ``same_length_lower(text)``, at a fraction of its cost."""
    ascii_lowerable = same_length_lower(text) if _KELVIN in text else text
    return ascii_lowerable.encode("ascii", "replace").translate(_LETTERS)


def _word_spans(letters: bytes) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Where each word of ``letters`` (as ``letters.split()`` gives them) starts and ends."""
    edges = np.flatnonzero(np.diff(np.frombuffer(letters, np.uint8) != 32, prepend=False,
                                   append=False))
    return edges[0::2], edges[1::2]


def _bounded(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is not part of a longer word or of a hyphenated word
    (lowering keeps whether a character is alphanumeric, so ``text`` stands for its lowered
    form)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "_-") and not (after.isalnum() or after in "_-")


def _compounds(text: str, segments: _Segments) -> _Groups:
    """Hyphenated, closed-up and two-word spellings of the same compound within this text.

    The two-word and closed-up spellings are found in one pass over the text's words (a word
    that may start one is looked at with the next), not with a search of the text for each.
    """
    letters = _letters(text)
    tokens = letters.split()
    words = set(tokens)
    long_words = {w.decode("ascii") for w in words if len(w) >= 6}
    closed_keys = {singular(w) for w in long_words}
    hyphens = [(m, singular(m.group(1).lower() + m.group(2).lower()))
               for m in _hyphenated(text)]
    hyphen_keys = {key for _, key in hyphens}
    spaced: dict[tuple[bytes, bytes], str] = {}
    for word in long_words:
        encoded = word.encode("ascii")
        for cut in range(3, len(word) - 2):
            first, second = encoded[:cut], encoded[cut:]
            if (first in words and second in words and first not in _PARTICLES
                    and second not in _PARTICLES):
                spaced[first, second] = singular(word)
    for match, key in hyphens:
        first, second = match.group(1).lower().encode(), match.group(2).lower().encode()
        if len(first) >= 3 and len(second) >= 3:
            spaced.setdefault((first, second), key)
    pairable = (hyphen_keys & closed_keys) | set(spaced.values())
    closed = {w.encode("ascii") for w in long_words if singular(w) in pairable}
    groups: _Groups = {}
    if not pairable:
        return groups
    starts, ends = _word_spans(letters)
    firsts = closed | {first for first, _ in spaced}
    found: list[tuple[int, int, str]] = []
    spaced_keys: set[str] = set()
    last = len(tokens) - 1
    for number in compress(count(), map(firsts.__contains__, tokens)):
        token = tokens[number]
        start = int(starts[number])
        if token in closed:
            end = int(ends[number])
            if _bounded(text, start, end):
                found.append((start, end, singular(token.decode("ascii"))))
        compound = spaced.get((token, tokens[number + 1])) if number < last else None
        if compound is not None:
            gap, end = int(ends[number]), int(ends[number + 1])
            if text[gap] == " " and starts[number + 1] == gap + 1 and _bounded(text, start, end):
                found.append((start, end, compound))
                spaced_keys.add(compound)
    paired = (hyphen_keys & closed_keys) | spaced_keys
    found += [(m.start(), m.end(), key) for m, key in hyphens]
    for start, end, key in found:
        if key not in paired:
            continue
        position = segments.at(start)
        if position < 0:
            continue
        surface = text[start:end]
        parts = surface.lower().replace("’", "'").split()
        last_word = singular(parts[-1])
        plural = last_word != parts[-1]
        form = " ".join([*parts[:-1], last_word])
        following = _NEXT_WORD.match(text, end)
        attributive = following is not None and following.group(1).lower() not in _FUNCTION
        places = groups.setdefault(
            (key, surface, ("compound", form, "s" if plural else "", "a" if attributive else "")),
            ([], []))
        places[0].append(start)
        places[1].append(position)
    return groups


def _hyphenated(text: str) -> Iterator[re.Match[str]]:
    """``_HYPHENATED.finditer(text)``, tried only where a hyphen follows a letter."""
    hyphen = text.find("-", 2)
    while hyphen >= 0:
        start = hyphen
        while start and text[start - 1] in _ASCII_LETTERS:
            start -= 1
        if hyphen - start >= 2:
            match = _HYPHENATED.match(text, start)
            if match is not None:
                yield match
        hyphen = text.find("-", hyphen + 1)


def _packed(numbers: Iterable[int]) -> str:
    """Integers as 4-byte machine words in a latin-1 string: ``Observation.extra`` holds strings,
    and this is several times quicker to make than decimal digits, and as small to send."""
    return array("i", numbers).tobytes().decode("latin-1")


def _unpacked(packed: str) -> array[int]:
    """The integers ``_packed`` made."""
    return array("i", packed.encode("latin-1"))


def _observations(groups: Iterable[tuple[tuple[str, str, tuple[str, ...]],
                                         tuple[list[int], list[int]]]],
                  segments: _Segments) -> list[Observation]:
    """One observation per group, in order of first occurrence (names before compounds).

    It stands for all the group's occurrences: its span and segment are the first one's; the
    last item of its ``extra``, after the details, lists the occurrences' starts, then their
    segment indices, then their distances from their segment's start and to its end (see
    ``_packed``; read back only for the occurrences that are reported). The segment digest is left
    to the decider, which has the whole text.
    """
    indexes, segment_starts, segment_ends = segments.indexes, segments.starts, segments.ends
    found: list[Observation] = []
    for (key, surface, details), (starts, positions) in groups:
        first = min(starts)
        numbers = chain(starts, map(indexes.__getitem__, positions),
                        map(sub, starts, map(segment_starts.__getitem__, positions)),
                        map(sub, map(segment_ends.__getitem__, positions), starts))
        found.append(Observation(key, first, first + len(surface), surface,
                                 indexes[positions[starts.index(first)]], "",
                                 (*details, _packed(numbers))))
    found.sort(key=lambda o: (o.start, o.end, o.extra[0] != "name"))
    return found


@register
class InconsistentTerm(DocumentRule):
    """One name or compound rendered more than one way in one document."""

    id = "inconsistent-term"
    severity = Severity.WARNING
    description = "one name or compound written several ways in a document (minority variants)"

    def observe(self, context: CheckContext) -> Iterator[Observation]:
        text = context.en.text
        segments = _Segments(context.en_segments)
        groups = chain(_names(text, segments).items(), _compounds(text, segments).items())
        yield from _observations(groups, segments)

    def decider(self, glossary: Glossary | None, document: LineIndex) -> Decider:
        return _Variants(self, glossary, document)


class _Form:
    """Every occurrence of one written form: what judging needs, and the observations of the
    parts, read occurrence by occurrence only when the form is reported."""

    __slots__ = ("count", "first", "initial", "keys", "parts", "singulars", "start")

    def __init__(self, first: Observation, offset: int) -> None:
        self.first = first
        """The first occurrence's observation (its kind and compound form stand for all)."""
        self.start = first.start + offset
        """Where the first occurrence starts in the document."""
        self.count = 0
        self.initial = False
        """Whether some occurrence starts a sentence with its first word."""
        self.keys: set[str] = set()
        """The normalised texts of the occurrences."""
        self.singulars: Counter[str] = Counter()
        """How often each singular surface occurs."""
        self.parts: list[tuple[Observation, int, int]] = []
        """Observations with the offset and first segment of their part."""

    def add(self, observation: Observation, offset: int, first_segment: int) -> None:
        count = len(observation.extra[4]) // (4 * _WORD)
        self.count += count
        self.initial = self.initial or observation.extra[1] == "1"
        self.keys.add(observation.key)
        if not observation.extra[2]:
            self.singulars[" ".join(observation.text.split())] += count
        self.start = min(self.start, observation.start + offset)
        self.parts.append((observation, offset, first_segment))

    def merge(self, other: _Form) -> None:
        self.count += other.count
        self.initial = self.initial or other.initial
        self.keys |= other.keys
        self.singulars.update(other.singulars)
        self.start = min(self.start, other.start)
        self.parts.extend(other.parts)

    def occurrences(self) -> Iterator[tuple[Observation, Iterator[tuple[int, int, int, int]]]]:
        """Each observation of the form with its occurrences in the document: start, segment,
        and the start and end of that segment."""
        for observation, offset, first_segment in self.parts:
            numbers = _unpacked(observation.extra[4])
            count = len(numbers) // 4
            starts = [start + offset for start in numbers[:count]]
            yield observation, zip(
                starts, [segment + first_segment for segment in numbers[count:2 * count]],
                map(sub, starts, numbers[2 * count:3 * count]),
                map(add, starts, numbers[3 * count:]), strict=True)


class _Variants(Decider):
    """Collects every candidate, then groups the variants and reports the minority ones."""

    def __init__(self, rule: InconsistentTerm, glossary: Glossary | None, document: LineIndex
                 ) -> None:
        self._rule = rule
        self._glossary = glossary
        self._document = document
        self._forms: dict[tuple[str, str], _Form] = {}
        self._digests: dict[int, str] = {}
        """Digests of the reported segments, by where they start."""

    def feed(self, observations: Iterable[Observation], offset: int = 0, first_segment: int = 0
             ) -> Iterator[tuple[Finding, Observation]]:
        forms = self._forms
        for observation in observations:
            kind = observation.extra[0]
            form_key = (kind, observation.key if kind == "name" else observation.extra[1])
            form = forms.get(form_key)
            if form is None:
                form = forms[form_key] = _Form(observation, offset)
            form.add(observation, offset, first_segment)
        return iter(())

    def finish(self) -> Iterator[tuple[Finding, Observation]]:
        forms = self._canonical()
        parent: dict[str, str] = {name: name for name in forms}

        def root(name: str) -> str:
            while parent[name] != name:
                parent[name] = parent[parent[name]]
                name = parent[name]
            return name

        def union(a: str, b: str) -> None:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)

        by_key: dict[tuple[str, ...], str] = {}
        form_of: dict[str, str] = {}
        for name, form in forms.items():
            for text_key in sorted(form.keys):
                form_of.setdefault(text_key, name)
                for key in _group_keys(text_key, form.first):
                    if key in by_key:
                        union(name, by_key[key])
                    else:
                        by_key[key] = name
        for name, form in forms.items():
            shorter = form_of.get(_qualified(name, form) or "")
            if shorter is not None and forms[shorter].count > form.count:
                union(name, shorter)
        groups: dict[str, list[str]] = {}
        for name in forms:
            groups.setdefault(root(name), []).append(name)
        found: list[tuple[Finding, Observation]] = []
        for members in groups.values():
            if len(members) > 1:
                found.extend(self._report(members, forms))
        found.sort(key=lambda pair: (pair[0].start, pair[0].end))
        return iter(found)

    def _canonical(self) -> dict[str, _Form]:
        """Forms keyed by their text; a glossary's approved renderings of one row merged."""
        forms: dict[str, _Form] = {}
        for (_, name), form in self._forms.items():
            row = self._row(form.first.text)
            if row == "forbidden":
                continue
            known = forms.get(row or name)
            if known is None:
                forms[row or name] = form
            else:
                known.merge(form)
        return forms

    def _row(self, surface: str) -> str | None:
        """``glossary:N`` when ``surface`` is exactly an approved rendering of row N."""
        if self._glossary is None:
            return None
        matches = self._glossary.find_en(surface)
        if len(matches) != 1 or matches[0].start != 0 or matches[0].end != len(surface):
            return None
        return "forbidden" if matches[0].kind == "forbidden" else f"glossary:{matches[0].term}"

    def _report(self, members: list[str], forms: dict[str, _Form]
                ) -> Iterator[tuple[Finding, Observation]]:
        def weight(name: str) -> tuple[int, int, int]:
            return (name.startswith("glossary:"), forms[name].count, -forms[name].start)

        majority = max(members, key=weight)
        chosen = forms[majority]
        plural_preferred = not chosen.singulars
        if majority.startswith("glossary:") and self._glossary is not None:
            preferred = self._glossary.terms[int(majority.split(":")[1])].en[0]
            plural_preferred = False
        elif chosen.first.extra[0] == "compound":
            preferred = chosen.first.extra[1]
            plural_preferred = False
        elif chosen.singulars:
            preferred = chosen.singulars.most_common(1)[0][0]
        else:
            preferred = " ".join(chosen.first.text.split())
        times = "once" if chosen.count == 1 else f"{chosen.count} times"
        compound = chosen.first.extra[0] == "compound"
        for name in members:
            if name == majority:
                continue
            for observation, places in forms[name].occurrences():
                if compound and not _compound_variant(majority, name, observation):
                    continue
                text = observation.text
                suggestion = match_case(preferred, text) if compound else preferred
                if observation.extra[2] and not plural_preferred:
                    suggestion = inflect(suggestion, "s")
                message = (f"{' '.join(text.split())!r} is written {preferred!r} "
                           f"elsewhere in this document ({times})")
                details = observation.extra[:4]
                for start, segment, low, high in places:
                    digest = self._digests.get(low)
                    if digest is None:
                        digest = self._digests[low] = text_digest(self._document.slice(low, high))
                    yield self._rule.make(Observation(observation.key, start, start + len(text),
                                                      text, segment, digest, details),
                                          message, suggestion)


def _compound_variant(majority: str, name: str, observation: Observation) -> bool:
    """Whether a compound occurrence is a real variant of the majority form.

    Written as two words where the majority hyphenates, it is one only as a modifier ("high
    level reform", not "at a high level"); hyphenated where the majority writes two words, never
    (the hyphen marks a modifier). Closed-up forms always are.
    """
    if "-" in majority and " " in name:
        return observation.extra[3:4] == ("a",)
    return not (" " in majority and "-" in name)


def _group_keys(text_key: str, observation: Observation) -> list[tuple[str, ...]]:
    """Keys under which two forms are variants of each other."""
    if observation.extra[0] == "compound":
        return [("compound", text_key)]
    words = text_key.split(" ")
    content = [w for w in words if w not in _FUNCTION]
    if "and" in words:
        return [("ordered", *content)]
    return [("ordered", *content), ("bag", *sorted(content))]


def _qualified(name: str, form: _Form) -> str | None:
    """The form without its leading qualifier, when it is one proper word before a long name."""
    if form.first.extra[0] != "name" or name.startswith("glossary:") or form.initial:
        return None
    words = name.split(" ")
    rest = words[1:]
    if words[0] in _ORDINALS or words[0] in _FUNCTION:
        return None
    if sum(1 for w in rest if w not in _FUNCTION) < 3:
        return None
    return " ".join(rest)
