"""The check interface: the context a rule reads, the rule classes and the registry.

A rule sees one ``CheckContext`` (the English document and its segments, optionally the Chinese
source and the alignment, the glossary) and yields ``Finding`` objects with character offsets
into ``context.en.text``. Rules that judge the document as a whole (a majority, an earlier
repetition) are ``DocumentRule``s: they ``observe`` each part of the text and ``decide`` over all
observations, so a large file can be checked in chunks with the same result as in one piece.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, ClassVar, NamedTuple, cast

import numpy as np

from transreview.glossary import ChineseTerms, Glossary, MatchColumns, chinese_terms
from transreview.ingest import LINE_END, TextBlocks
from transreview.model import Alignment, Document, Finding, FindingColumns, Segment, Severity

_NEWLINE = re.compile("\n")
"""``LINE_END`` for a text without carriage returns: a plain character search, ten times
quicker."""


_LEADING = " \t\"'“‘([（"
"""What may stand before a sentence's first word in its segment."""


def text_digest(text: str) -> str:
    """A short stable hash of a segment's text (baselines key suppressions by it)."""
    return hashlib.blake2b(" ".join(text.split()).encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True, slots=True)
class CheckContext:
    """Everything a rule may read."""

    en: Document
    """The English document (findings point into ``en.text``)."""
    en_segments: tuple[Segment, ...]
    """Its sentences."""
    zh: Document | None = None
    """The Chinese source, when given."""
    zh_segments: tuple[Segment, ...] = ()
    """Its sentences (empty without a source)."""
    alignment: Alignment | None = None
    """The sentence alignment (None without a source)."""
    glossary: Glossary | None = None
    """The glossary, when given."""
    matches_from: Callable[[], MatchColumns] | None = None
    """Returns ``glossary.find_en_columns(en.text)`` (e.g. found by another process, which
    needed them for its rules anyway); by default ``en_matches`` finds them here."""
    zh_terms_from: Callable[[], ChineseTerms | None] | None = None
    """Returns ``chinese_terms`` of the Chinese sentences (e.g. found by the process that cut
    them for the aligner), or None; by default ``zh_terms`` finds them here."""
    _cache: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def en_matches(self) -> MatchColumns:
        """Glossary matches over the whole English text, as columns, computed once per
        context."""
        if "en" not in self._cache:
            if self.glossary is None:
                self._cache["en"] = MatchColumns.of(())
            elif self.matches_from is not None:
                self._cache["en"] = self.matches_from()
            else:
                self._cache["en"] = self.glossary.find_en_columns(self.en.text)
        matches: MatchColumns = self._cache["en"]
        return matches

    def zh_terms(self) -> ChineseTerms:
        """The glossary's source terms in each Chinese sentence, found once per context."""
        if "zh" not in self._cache:
            given = self.zh_terms_from() if self.zh_terms_from is not None else None
            if given is None:
                glossary = self.glossary or Glossary.from_terms([])
                given = chinese_terms(glossary, [segment.text for segment in self.zh_segments])
            self._cache["zh"] = given
        terms: ChineseTerms = self._cache["zh"]
        return terms

    def forbidden_matches(self) -> MatchColumns:
        """The forbidden ones of ``en_matches`` (without a source, and unless they are given,
        no rule needs the others, so only these are made)."""
        if "forbidden" not in self._cache:
            if self.glossary is None:
                self._cache["forbidden"] = MatchColumns.of(())
            elif self.alignment is None and self.matches_from is None and "en" not in self._cache:
                self._cache["forbidden"] = self.glossary.find_en_columns(self.en.text,
                                                                         forbidden_only=True)
            else:
                every = self.en_matches()
                self._cache["forbidden"] = every.where(
                    [kind == "forbidden" for kind in every.kind])
        matches: MatchColumns = self._cache["forbidden"]
        return matches

    def _segment_starts(self) -> list[int]:
        """Where each English segment starts, listed once per context."""
        if "starts" not in self._cache:
            self._cache["starts"] = [segment.start for segment in self.en_segments]
        starts: list[int] = self._cache["starts"]
        return starts

    def segment_at(self, offset: int) -> int | None:
        """Index of the English segment containing ``offset`` (or the last one before it)."""
        position = bisect_right(self._segment_starts(), offset) - 1
        return self.en_segments[position].index if position >= 0 else None

    def opens_sentence(self, offset: int) -> bool:
        """Whether ``offset`` begins its English segment (a sentence), but for spaces, opening
        quotes and brackets before it."""
        starts = self._segment_starts()
        position = bisect_right(starts, offset) - 1
        return position < 0 or not self.en.text[starts[position] : offset].strip(_LEADING)

    def segments_at(self, offsets: list[int]) -> list[int | None]:
        """``segment_at`` of each of ``offsets`` (in any order), in one numpy search."""
        if not offsets:
            return []
        if "searched" not in self._cache:
            segments = self.en_segments
            # the segments of a whole document or chunk are numbered by position
            numbered = bool(segments) and segments[0].index == 0 and (
                segments[-1].index == len(segments) - 1)
            self._cache["searched"] = (
                np.array(self._segment_starts(), np.int64),
                None if numbered else [None, *(segment.index for segment in segments)])
        starts, indices = self._cache["searched"]
        positions = np.searchsorted(starts, offsets, side="right")
        if indices is not None:
            return [indices[p] for p in positions.tolist()]
        numbers: list[int] = (positions - 1).tolist()
        if positions.all():
            return cast(list[int | None], numbers)
        return [None if number < 0 else number for number in numbers]

    def digest(self, index: int) -> str:
        """``text_digest`` of English segment ``index``, computed once."""
        digests: dict[int, str] = self._cache.setdefault("digests", {})
        known = digests.get(index)
        if known is None:
            known = digests[index] = text_digest(self.en_segments[index].text)
        return known

    def paragraphs(self) -> list[tuple[Segment, ...]]:
        """The English segments grouped by paragraph, in order."""
        groups: list[list[Segment]] = []
        for segment in self.en_segments:
            if groups and groups[-1][0].paragraph == segment.paragraph:
                groups[-1].append(segment)
            else:
                groups.append([segment])
        return [tuple(group) for group in groups]


class Observation(NamedTuple):
    """What a ``DocumentRule`` noted about one span, to be judged with the rest of the document.

    A named tuple rather than a dataclass: documents make them by the hundred thousand, and they
    cross process boundaries.
    """

    key: str
    """What the span is compared by (a normalised form, a hash)."""
    start: int
    """Character offset of the span in the English text."""
    end: int
    """One past its end."""
    text: str
    """The span as written."""
    segment: int | None
    """Index of the English segment it lies in."""
    digest: str
    """``text_digest`` of that segment (for baselines)."""
    extra: tuple[str, ...] = ()
    """Rule-specific details."""


class Rule:
    """One check. Subclasses set the class attributes and implement ``run``."""

    id: ClassVar[str]
    """Stable kebab-case rule id."""
    severity: ClassVar[Severity]
    """Default severity of its findings."""
    needs_source: ClassVar[bool] = False
    """True when the rule reads the Chinese source and the alignment."""
    reads_glossary: ClassVar[bool] = False
    """True when the rule reads the glossary (when one is given)."""
    description: ClassVar[str]
    """One line for ``--help`` and the docs."""

    def run(self, context: CheckContext) -> Iterator[Finding]:
        """Findings of this rule in ``context``."""
        raise NotImplementedError

    def found(self, context: CheckContext) -> FindingColumns:
        """``run`` as columns (a rule with many findings makes them so directly)."""
        return FindingColumns.of(self.run(context))

    def finding(self, context: CheckContext, start: int, end: int, message: str, *,
                term: str | None = None, suggestion: str | None = None,
                zh_segment: int | None = None) -> Finding:
        """A finding of this rule over ``context.en.text[start:end]``."""
        return Finding(self.id, self.severity, message, start, end, context.segment_at(start),
                       context.en.text[start:end] if term is None else term, suggestion,
                       zh_segment)


Decided = tuple[FindingColumns, list[str]]
"""A decider's final findings as columns, and the segment digest of each (see ``finished``)."""


def decided_of(found: Iterable[tuple[Finding, Observation]]) -> Decided:
    """A decider's findings (with their observations) as ``Decided``."""
    pairs = list(found)
    return (FindingColumns.of(finding for finding, _ in pairs),
            [observation.digest for _, observation in pairs])


class Decider:
    """Judges a document rule's observations, fed in document order, chunk by chunk."""

    def feed(self, observations: Iterable[Observation], offset: int = 0, first_segment: int = 0
             ) -> Iterator[tuple[Finding, Observation]]:
        """Take the next observations; yield the findings that are already certain.

        The observations are those of a part of the document that starts at character
        ``offset`` and segment ``first_segment``; findings point into the whole document.
        """
        raise NotImplementedError

    def take(self, gathered: Any, offset: int, first_segment: int, hint: Any = None
             ) -> Iterator[tuple[Finding, Observation]]:
        """``feed`` for what ``DocumentRule.gather`` made of a part's observations (``gathered``
        with the ``hint`` it was given)."""
        observations: list[Observation] = gathered
        return self.feed(observations, offset, first_segment)

    def hint(self) -> Any:
        """What a part checked from now on may use of the parts taken so far, handed to
        ``DocumentRule.gathered`` (in a worker) and with the part back to ``take``; None for
        nothing. It saves the decider work at ``finish``, never changes what it decides. It must
        not change once returned: the pool pickles it after ``submit`` has returned."""
        return None

    def finish(self) -> Iterator[tuple[Finding, Observation]]:
        """Yield the findings that needed the whole document."""
        raise NotImplementedError

    def finished(self, executor: Executor | None = None) -> Decided:
        """``finish``'s findings as columns, with each one's segment digest: what the batch
        runner renders. A decider with many findings may make the columns directly, without a
        ``Finding`` each, and may use the ``executor``'s workers (idle by then)."""
        return decided_of(self.finish())


class DocumentRule(Rule):
    """A rule that needs the whole document: observe parts, then decide over all of them."""

    def observe(self, context: CheckContext) -> Iterator[Observation]:
        """What this rule notes in ``context`` (one chunk of the document, or all of it)."""
        raise NotImplementedError

    def gather(self, observations: list[Observation]) -> Any:
        """A part's observations prepared for ``Decider.take`` (the work that needs no other
        part, done where the part is checked, in a worker process for large files)."""
        return observations

    def gathered(self, context: CheckContext, hint: Any = None) -> Any:
        """What a part of the document hands to ``Decider.take``: ``gather`` of ``observe``.

        A rule may make it directly, without ``Observation`` objects, as long as ``take`` of it
        judges as ``feed`` of ``observe`` would; and it may use the decider's ``hint``.
        """
        return self.gather(list(self.observe(context)))

    def decider(self, glossary: Glossary | None, document: LineIndex, digests: bool = True
                ) -> Decider:
        """A fresh judge for one document (``document`` gives its lines and text); without
        ``digests`` its observations carry no segment digest (only baselines and SARIF read
        them, and a digest may mean reading a segment back from the file)."""
        raise NotImplementedError

    def run(self, context: CheckContext) -> Iterator[Finding]:
        """The decider's findings over the whole context, judged as one part (``gathered``,
        the form the batch runner uses too; no digests, which only observations carry)."""
        decider = self.decider(context.glossary, LineIndex(context.en.text), digests=False)
        for finding, _ in decider.take(self.gathered(context), 0, 0):
            yield finding
        for finding, _ in decider.finish():
            yield finding

    def make(self, observation: Observation, message: str, suggestion: str | None = None,
             term: str | None = None) -> tuple[Finding, Observation]:
        """A finding of this rule over an observation's span."""
        finding = Finding(
            rule=self.id, severity=self.severity, message=message, start=observation.start,
            end=observation.end, segment=observation.segment,
            term=observation.text if term is None else term, suggestion=suggestion,
        )
        return finding, observation


_RECENT_BLOCKS = 8
"""Blocks of a streamed document a ``LineIndex`` keeps (more than the chunks in flight)."""


class LineIndex:
    """A document's character offsets mapped to 1-based lines and columns (any line ending), and
    its text: held, or for a streamed document (``TextBlocks``), whose lines are added block by
    block with ``extend``, kept for the last few blocks and read back from the file before them
    (the rules that read text back mostly want the part being judged)."""

    __slots__ = ("_blocks", "_recent", "_size", "_starts", "_text")

    def __init__(self, text: str = "", blocks: TextBlocks | None = None) -> None:
        self._text = text
        self._blocks = blocks
        self._recent: deque[tuple[int, str]] = deque(maxlen=_RECENT_BLOCKS)
        self._starts = array("q", [0])
        self._size = 0
        self.extend(text)

    @property
    def blocks(self) -> TextBlocks | None:
        """The streamed file's blocks (None for a text held whole)."""
        return self._blocks

    def extend(self, text: str, starts: array[int] | None = None) -> None:
        """Add the lines of ``text``, the next part of the document (ending at a line end);
        ``starts``: where they start in it, when known (the ``line_starts`` of an index of
        ``text`` alone, as a worker made it: its line ends are not searched for again)."""
        base = self._size
        if starts is None:
            ends = LINE_END if "\r" in text else _NEWLINE
            self._starts.extend([base + match.end() for match in ends.finditer(text)])
        else:
            self._starts.frombytes((np.frombuffer(starts, np.int64)[1:] + base).tobytes())
        self._size += len(text)
        if self._blocks is not None:
            self._recent.append((base, text))

    def line_starts(self) -> array[int]:
        """Where the lines start (the first at 0)."""
        return self._starts

    def slice(self, start: int, end: int) -> str:
        """The document's text from ``start`` to ``end``."""
        if self._blocks is None:
            return self._text[start:end]
        for base, text in reversed(self._recent):
            if base <= start and end <= base + len(text):
                return text[start - base : end - base]
        return self._blocks.slice(start, end)

    def line(self, offset: int) -> int:
        """The 1-based line holding ``offset``."""
        return bisect_right(self._starts, offset)

    def span(self, start: int, end: int) -> tuple[int, int, int, int]:
        """The 1-based line and column (in characters) of ``start``, then of ``end``, with one
        search when both are on one line."""
        starts = self._starts
        line = bisect_right(starts, start)
        first = starts[line - 1]
        if line == len(starts) or end < starts[line]:
            return line, start - first + 1, line, end - first + 1
        end_line = bisect_right(starts, end)
        return line, start - first + 1, end_line, end - starts[end_line - 1] + 1

    def spans(self, starts: list[int], ends: list[int], first_line: int = 1
              ) -> tuple[list[int], ...]:
        """``span`` of many spans at once: their lines, columns, end lines and end columns
        (lines counted from ``first_line``)."""
        if not starts:
            return [], [], [], []
        line_starts = np.frombuffer(self._starts, dtype=np.int64)
        first, last = np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)
        line = np.searchsorted(line_starts, first, side="right")
        end_line = np.searchsorted(line_starts, last, side="right")
        column = first - line_starts[line - 1] + 1
        end_column = last - line_starts[end_line - 1] + 1
        del line_starts  # the array grows in ``extend``: no view of it may outlive the call
        shift = first_line - 1
        return ((line + shift).tolist(), column.tolist(), (end_line + shift).tolist(),
                end_column.tolist())


REGISTRY: dict[str, Rule] = {}
"""Every rule by id, in the order they are listed in help and reports."""


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator adding one instance of the rule to ``REGISTRY``."""
    if cls.id in REGISTRY:
        raise ValueError(f"duplicate rule id {cls.id!r}")
    REGISTRY[cls.id] = cls()
    return cls
