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
from typing import Any, NamedTuple

from transreview.checks.base import (
    CheckContext,
    Decider,
    DocumentRule,
    LineIndex,
    Observation,
    register,
)
from transreview.checks.terms import inflect, match_case
from transreview.glossary import Glossary, same_length_lower
from transreview.model import Finding, Segment, Severity

_RUN = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*(?:[ \t]+(?:(?:of|for|and|on|the)[ \t]+)*"
                  r"[A-Z][\w'’-]*)+")
_SPACE_SPLIT = re.compile(r"\S+")
_WORDY = re.compile(r"\w")
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_NOT_ASCII_LOWER = bytes(c if 97 <= c <= 122 else 32 for c in range(256))
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
_PARTICLES = frozenset({
    "about", "above", "across", "after", "all", "along", "also", "and", "any", "around", "away",
    "back", "be", "been", "but", "by", "can", "down", "each", "even", "every", "for", "from",
    "had", "has", "have", "her", "here", "his", "how", "its", "many", "may", "more", "most",
    "much", "non", "not", "off", "once", "one", "only", "onto", "other", "our", "out", "over",
    "own", "per", "some", "such", "than", "that", "the", "their", "then", "there", "these",
    "they", "this", "those", "too", "two", "under", "upon", "very", "was", "way", "were", "what",
    "when", "who", "why", "will", "with"
})


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
    """Finds the segment of an offset, with each segment's digest computed once."""

    def __init__(self, context: CheckContext) -> None:
        self._segments = context.en_segments
        self._starts = [segment.start for segment in self._segments]
        self._context = context

    def at(self, offset: int) -> Segment | None:
        position = bisect_right(self._starts, offset) - 1
        if position < 0 or offset >= self._segments[position].end:
            return None
        return self._segments[position]

    def digest(self, segment: Segment) -> str:
        return self._context.digest(segment.index)


_Shape = tuple[str, int, int, str, tuple[str, ...]]
"""A name candidate within a run: key, start, end, surface and the observation's extra."""


def _names(text: str, segments: _Segments) -> Iterator[Observation]:
    """Runs of capitalised words (with their pieces and tails) as name candidates."""
    for match in _RUN.finditer(text):
        start = match.start()
        segment = segments.at(start)
        if segment is None:
            continue
        initial = not _WORDY.search(text, segment.start, start)
        shapes = _shapes(match.group(), initial,
                         segment.end - start if match.end() > segment.end else 0)
        if shapes:
            digest = segments.digest(segment)
            for key, low, high, surface, extra in shapes:
                yield Observation(key, start + low, start + high, surface, segment.index,
                                  digest, extra)


@lru_cache(maxsize=1 << 16)
def _shapes(run: str, initial: bool, cut: int) -> tuple[_Shape, ...]:
    """The name candidates of one run (offsets within it; names repeat, so this is cached).

    ``initial``: the run starts its sentence; ``cut``: where its sentence ends within it (0:
    it does not).
    """
    simple = None if cut else _simple_name(run, initial)
    if simple is not None:
        key, plural = simple
        return ((key, 0, len(run), run, ("name", "1" if initial else "0", "s" if plural else "")),)
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
               ("name", "1" if initial and piece[0] is run[0] else "0", "s" if plural else ""))


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


def _compounds(text: str, segments: _Segments) -> Iterator[Observation]:
    """Hyphenated, closed-up and two-word spellings of the same compound within this text."""
    lowered = same_length_lower(text)
    words = {word.decode("ascii")
             for word in set(lowered.encode("utf-8").translate(_NOT_ASCII_LOWER).split())}
    long_words = {w for w in words if len(w) >= 6}
    closed_keys = {singular(w) for w in long_words}
    hyphens = [(m, singular(m.group(1).lower() + m.group(2).lower()))
               for m in _hyphenated(text)]
    hyphen_keys = {key for _, key in hyphens}
    spaced: dict[str, str] = {}
    for word in long_words:
        for cut in range(3, len(word) - 2):
            first, second = word[:cut], word[cut:]
            if (first in words and second in words and first not in _PARTICLES
                    and second not in _PARTICLES):
                spaced[f"{first} {second}"] = singular(word)
    for match, key in hyphens:
        first, second = match.group(1).lower(), match.group(2).lower()
        if len(first) >= 3 and len(second) >= 3:
            spaced.setdefault(f"{first} {second}", key)
    found_spaced = [(start, end, spaced[phrase]) for phrase in spaced
                    for start, end in _occurrences(lowered, phrase)]
    spaced_keys = {key for *_, key in found_spaced}
    paired = ((hyphen_keys & closed_keys) | spaced_keys)
    if not paired:
        return
    found: list[tuple[int, int, str]] = [(m.start(), m.end(), key) for m, key in hyphens
                                         if key in paired]
    found += found_spaced
    found += [(start, end, singular(word)) for word in long_words if singular(word) in paired
              for start, end in _occurrences(lowered, word)]
    for start, end, key in sorted(found):
        segment = segments.at(start)
        if segment is None:
            continue
        surface = text[start:end]
        parts = surface.lower().replace("’", "'").split()
        last = singular(parts[-1])
        plural = last != parts[-1]
        form = " ".join([*parts[:-1], last])
        following = _NEXT_WORD.match(text, end)
        attributive = following is not None and following.group(1).lower() not in _FUNCTION
        yield Observation(key, start, end, surface, segment.index, segments.digest(segment),
                          ("compound", form, "s" if plural else "", "a" if attributive else ""))


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


def _occurrences(lowered: str, phrase: str) -> Iterator[tuple[int, int]]:
    """Spans of ``phrase`` in ``lowered`` as whole words (not part of a hyphenated word)."""
    size = len(lowered)
    start = lowered.find(phrase)
    while start >= 0:
        end = start + len(phrase)
        before = lowered[start - 1] if start else " "
        after = lowered[end] if end < size else " "
        if not (before.isalnum() or before in "_-") and not (after.isalnum() or after in "_-"):
            yield start, end
        start = lowered.find(phrase, start + 1)


@register
class InconsistentTerm(DocumentRule):
    """One name or compound rendered more than one way in one document."""

    id = "inconsistent-term"
    severity = Severity.WARNING
    description = "one name or compound written several ways in a document (minority variants)"

    def observe(self, context: CheckContext) -> Iterator[Observation]:
        text = context.en.text
        segments = _Segments(context)
        found = list(_names(text, segments))
        found.extend(_compounds(text, segments))
        found.sort(key=lambda o: (o.start, o.end))
        yield from found

    def gather(self, observations: list[Observation]) -> Any:
        return _gather(observations)

    def decider(self, glossary: Glossary | None, document: LineIndex) -> Decider:
        return _Variants(self, glossary)


def _gather(observations: Iterable[Observation]) -> dict[tuple[str, str], _Form]:
    """Observations grouped by written form, in order of first occurrence."""
    forms: dict[tuple[str, str], _Form] = {}
    for observation in observations:
        kind = observation.extra[0]
        form_key = (kind, observation.key if kind == "name" else observation.extra[1])
        form = forms.get(form_key)
        if form is None:
            form = forms[form_key] = _Form(observation)
        form.add(observation)
    return forms


class _Form:
    """Every occurrence of one written form, kept compactly (a large document has many)."""

    __slots__ = ("attributive", "count", "digests", "ends", "first", "initial", "keys", "plurals",
                 "segments", "singulars", "starts", "surfaces", "texts")

    def __init__(self, first: Observation) -> None:
        self.first = first
        """The first occurrence (its kind and compound form stand for all)."""
        self.count = 0
        self.initial = False
        """Whether some occurrence starts a sentence with its first word."""
        self.keys: set[str] = set()
        """The normalised texts of the occurrences."""
        self.singulars: Counter[str] = Counter()
        """How often each singular surface occurs."""
        self.texts: dict[str, str] = {}
        self.starts = array("q")
        self.ends = array("q")
        self.segments = array("q")
        self.plurals = bytearray()
        self.attributive = bytearray()
        """For a compound written as two words: whether a word follows it (a modifier)."""
        self.digests: list[str] = []
        self.surfaces: list[str] = []

    def add(self, observation: Observation) -> None:
        text = self.texts.setdefault(observation.text, observation.text)
        plural = bool(observation.extra[2])
        self.count += 1
        self.initial = self.initial or observation.extra[1] == "1"
        self.keys.add(observation.key)
        if not plural:
            self.singulars[" ".join(text.split())] += 1
        self.starts.append(observation.start)
        self.ends.append(observation.end)
        self.segments.append(-1 if observation.segment is None else observation.segment)
        self.plurals.append(plural)
        self.attributive.append(observation.extra[3:4] == ("a",))
        self.digests.append(observation.digest)
        self.surfaces.append(text)

    def shift(self, offset: int, first_segment: int) -> None:
        """Move the occurrences of a part of the document to the document's offsets and
        segments."""
        if offset:
            self.starts = array("q", [start + offset for start in self.starts])
            self.ends = array("q", [end + offset for end in self.ends])
        if first_segment:
            self.segments = array("q", [segment + first_segment if segment >= 0 else segment
                                        for segment in self.segments])

    def merge(self, other: _Form) -> None:
        self.count += other.count
        self.initial = self.initial or other.initial
        self.keys |= other.keys
        self.singulars.update(other.singulars)
        self.starts.extend(other.starts)
        self.ends.extend(other.ends)
        self.segments.extend(other.segments)
        self.plurals.extend(other.plurals)
        self.attributive.extend(other.attributive)
        self.digests.extend(other.digests)
        self.surfaces.extend(other.surfaces)

    def occurrences(self) -> Iterator[Observation]:
        """Each occurrence as an observation (built on demand)."""
        for number in range(self.count):
            segment = self.segments[number]
            yield Observation("", self.starts[number], self.ends[number], self.surfaces[number],
                              None if segment < 0 else segment, self.digests[number],
                              ("", "", "s" if self.plurals[number] else "",
                               "a" if self.attributive[number] else ""))


class _Variants(Decider):
    """Collects every candidate, then groups the variants and reports the minority ones."""

    def __init__(self, rule: InconsistentTerm, glossary: Glossary | None) -> None:
        self._rule = rule
        self._glossary = glossary
        self._forms: dict[tuple[str, str], _Form] = {}

    def feed(self, observations: Iterable[Observation], offset: int = 0, first_segment: int = 0
             ) -> Iterator[tuple[Finding, Observation]]:
        return self.take(_gather(observations), offset, first_segment)

    def take(self, gathered: Any, offset: int, first_segment: int
             ) -> Iterator[tuple[Finding, Observation]]:
        forms: dict[tuple[str, str], _Form] = gathered
        for form_key, form in forms.items():
            form.shift(offset, first_segment)
            known = self._forms.get(form_key)
            if known is None:
                self._forms[form_key] = form
            else:
                known.merge(form)
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
            return (name.startswith("glossary:"), forms[name].count, -min(forms[name].starts))

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
            for observation in forms[name].occurrences():
                if compound and not _compound_variant(majority, name, observation):
                    continue
                text = observation.text
                suggestion = match_case(preferred, text) if compound else preferred
                if observation.extra[2] and not plural_preferred:
                    suggestion = inflect(suggestion, "s")
                yield self._rule.make(
                    observation,
                    f"{' '.join(text.split())!r} is written {preferred!r} "
                    f"elsewhere in this document ({times})",
                    suggestion,
                )


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
