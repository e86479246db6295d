"""``duplicate-segment``: a paragraph or sentence that repeats an earlier one.

Paragraphs and sentences are compared by their words (case and punctuation ignored); a short
paragraph (a title, a couplet) whose words nearly all recur in an earlier short paragraph also
counts, found through min-hash bands so the check stays linear in the document size.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable, Iterator

from transreview.checks.base import (
    CheckContext,
    Decider,
    DocumentRule,
    LineIndex,
    Observation,
    register,
    shifted,
)
from transreview.glossary import Glossary
from transreview.model import Finding, Severity

_WORD = re.compile(r"\w+")
_MIN_SENTENCE_WORDS = 8
_MIN_PARAGRAPH_WORDS = 8
_SHORT_PARAGRAPH = (6, 40)
_BANDS = 8
_NEAR = 0.75
_PRIME = (1 << 61) - 1


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _key(words: list[str]) -> str:
    return hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=10).hexdigest()


def _bands(words: set[str]) -> tuple[str, ...]:
    """Min-hash band keys of a word set: similar sets share a key with high probability."""
    hashes = [zlib.crc32(word.encode("utf-8")) for word in words]
    keys = []
    for band in range(_BANDS):
        pair = sorted(((h * (2 * band + 3) + band * 0x9E3779B1) % _PRIME) for h in hashes)[:2]
        keys.append(f"{band}:{pair[0]}:{pair[-1]}")
    return tuple(keys)


@register
class DuplicateSegment(DocumentRule):
    """The same sentence or paragraph repeated; the later occurrences are reported."""

    id = "duplicate-segment"
    severity = Severity.WARNING
    description = "a sentence or paragraph that repeats an earlier one"

    def observe(self, context: CheckContext) -> Iterator[Observation]:
        for paragraph in context.paragraphs():
            start, end = paragraph[0].start, paragraph[-1].end
            sentences = [_words(segment.text) for segment in paragraph]
            words = [word for sentence in sentences for word in sentence]
            digest = context.digest(paragraph[0].index)
            if len(words) >= _MIN_PARAGRAPH_WORDS:
                extra: tuple[str, ...] = ("p",)
                low, high = _SHORT_PARAGRAPH
                if low <= len(words) <= high:
                    extra = ("p", " ".join(sorted(set(words))), *_bands(set(words)))
                yield Observation(_key(words), start, end, "", paragraph[0].index, digest, extra)
            if len(paragraph) == 1:
                continue
            for segment, words in zip(paragraph, sentences, strict=True):
                if len(words) >= _MIN_SENTENCE_WORDS:
                    yield Observation(_key(words), segment.start, segment.end, "",
                                      segment.index, context.digest(segment.index), ("s",))

    def decider(self, glossary: Glossary | None, document: LineIndex) -> Decider:
        return _Duplicates(self, document)


class _Duplicates(Decider):
    """Remembers where each text first occurs; reports later repeats as they come."""

    def __init__(self, rule: DuplicateSegment, document: LineIndex) -> None:
        self._rule = rule
        self._document = document
        self._seen: dict[int, int] = {}
        self._bands: dict[str, tuple[int, frozenset[str]]] = {}
        self._covered_until = -1

    def feed(self, observations: Iterable[Observation], offset: int = 0, first_segment: int = 0
             ) -> Iterator[tuple[Finding, Observation]]:
        for observation in observations:
            start = observation.start + offset
            if start < self._covered_until:
                continue
            key = int(observation.key, 16)
            first = self._seen.get(key)
            kind = "paragraph" if observation.extra[0] == "p" else "sentence"
            if first is not None:
                self._covered_until = observation.end + offset
                yield self._make(shifted(observation, offset, first_segment),
                                 f"this {kind} repeats line {self._document.line(first)}")
                continue
            self._seen[key] = start
            if len(observation.extra) > 1:
                near = self._near(observation, start)
                if near is not None:
                    self._covered_until = observation.end + offset
                    yield self._make(shifted(observation, offset, first_segment),
                                     f"this {kind} nearly repeats line "
                                     f"{self._document.line(near)}")

    def _make(self, observation: Observation, message: str) -> tuple[Finding, Observation]:
        term = self._document.text[observation.start : observation.end]
        return self._rule.make(observation, message, term=term)

    def _near(self, observation: Observation, start: int) -> int | None:
        """Where an earlier short paragraph with nearly the same words starts, if any."""
        words = frozenset(observation.extra[1].split())
        found = None
        for band in observation.extra[2:]:
            known = self._bands.get(band)
            if known is None:
                self._bands[band] = (start, words)
            elif found is None and len(known[1] & words) / len(known[1] | words) >= _NEAR:
                found = known[0]
        return found

    def finish(self) -> Iterator[tuple[Finding, Observation]]:
        return iter(())
