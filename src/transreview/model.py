"""The data model shared by every pipeline stage: frozen, slotted dataclasses.

All positions are character offsets (Python ``str`` indices) into ``Document.text``,
the decoded text with its original line endings, so that every stage can point back
into the file the user gave and export can rebuild it byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

Lang = Literal["en", "zh"]


class Severity(StrEnum):
    """How much a finding matters; ordered info < warning < error."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error: for comparisons with ``--fail-on``."""
        return ("info", "warning", "error").index(self.value)


@dataclass(frozen=True, slots=True)
class Document:
    """A text file as read from disk, decoded, with what export needs to rebuild its bytes."""

    path: str
    """The path as the user gave it (used in messages and reports)."""
    text: str
    """The decoded text, line endings kept as they are in the file (no newline translation)."""
    encoding: str = "utf-8"
    """The codec used to decode the file (``utf-8``, ``utf-16-le``, ``gb18030`` ...)."""
    bom: bool = False
    """Whether the file began with a byte-order mark (dropped from ``text``, restored on export)."""

    @property
    def newline(self) -> str:
        """The first line ending found in the text (``\\n`` when there is none)."""
        for index, char in enumerate(self.text):
            if char == "\r":
                return "\r\n" if self.text[index + 1 : index + 2] == "\n" else "\r"
            if char == "\n":
                return "\n"
        return "\n"


Setter = Callable[[Any, Any], None]


def slot_setters(cls: type, names: tuple[str, ...]) -> tuple[Setter, ...]:
    """The ``__set__`` of the slots ``names`` of the frozen dataclass ``cls``.

    Segments and findings are made by the hundred thousand. A frozen dataclass's own
    ``__init__`` sets each field through ``object.__setattr__`` (looked up each time: frozen
    classes refuse plain assignment); the slot's descriptor sets it at a third of the cost. So
    ``Segment`` and ``Finding`` write their ``__init__`` with these; the instances stay frozen
    (``test_model`` pins each ``__init__`` to the fields).
    """
    return tuple(getattr(cls, name).__set__ for name in names)


@dataclass(frozen=True, slots=True, init=False)
class Segment:
    """One sentence of a document."""

    index: int
    """0-based position of the sentence in its document."""
    start: int
    """Character offset of the first character in ``Document.text``."""
    end: int
    """Character offset one past the last character."""
    text: str
    """``Document.text[start:end]``."""
    paragraph: int
    """0-based index of the paragraph (non-blank line or group) the sentence belongs to."""

    def __init__(self, index: int, start: int, end: int, text: str, paragraph: int) -> None:
        set_index, set_start, set_end, set_text, set_paragraph = _SEGMENT_SLOTS
        set_index(self, index)
        set_start(self, start)
        set_end(self, end)
        set_text(self, text)
        set_paragraph(self, paragraph)


_SEGMENT_SLOTS = slot_setters(Segment, ("index", "start", "end", "text", "paragraph"))


@dataclass(frozen=True, slots=True)
class Bead:
    """One alignment unit: Chinese sentence indices paired with English sentence indices."""

    zh: tuple[int, ...]
    """Indices of the Chinese segments (empty for an addition in the English)."""
    en: tuple[int, ...]
    """Indices of the English segments (empty for an omission in the English)."""
    score: float = 0.0
    """The aligner's confidence in this bead, in [0, 1] (0 when unknown, e.g. read from gold)."""

    def to_text(self) -> str:
        """The bead format of DESIGN: ``[0,1]:[2]``."""
        zh = ",".join(map(str, self.zh))
        en = ",".join(map(str, self.en))
        return f"[{zh}]:[{en}]"


@dataclass(frozen=True, slots=True)
class Alignment:
    """A monotone sentence alignment of two segmented documents."""

    zh: tuple[Segment, ...]
    """The Chinese segments."""
    en: tuple[Segment, ...]
    """The English segments."""
    beads: tuple[Bead, ...]
    """Beads in document order; every segment of each side is in exactly one bead."""
    unsupported: tuple[int, ...] = ()
    """English segments of merged beads that their source does not support: sentences the
    translation adds, which the search kept in a bead beside the sentences that translate its
    source (a sentence no bead's source takes is a null bead). Found by the aligner; empty
    when unknown (a gold alignment, the length-only mode)."""


@dataclass(frozen=True, slots=True)
class Term:
    """One glossary row."""

    zh: str
    """The Chinese source term (may be empty)."""
    en: tuple[str, ...]
    """Approved English renderings; the first is preferred. Never empty."""
    forbidden: tuple[str, ...] = ()
    """English variants that must not be used."""
    case_sensitive: bool = False
    """True when the row's ``case`` column is ``exact``."""
    note: str = ""
    """Free text shown to the reviewer."""
    line: int = 0
    """1-based line of the row in the glossary file (0 when built in code)."""


@dataclass(frozen=True, slots=True, init=False)
class Finding:
    """One problem found by a check, anchored to a span of the English document."""

    rule: str
    """Stable kebab-case rule id, e.g. ``forbidden-term``."""
    severity: Severity
    """How much it matters."""
    message: str
    """One sentence for a person."""
    start: int
    """Character offset of the span in the English ``Document.text``."""
    end: int
    """One past the end of the span."""
    segment: int | None = None
    """Index of the English segment the span lies in (None when the finding is about the Chinese
    side only, e.g. an omission, in which case the span is where the missing text belongs)."""
    term: str = ""
    """The text the finding is about (usually ``text[start:end]``)."""
    suggestion: str | None = None
    """Replacement for ``text[start:end]`` a reviewer can accept, where there is one."""
    zh_segment: int | None = None
    """Index of the Chinese segment involved, for checks that need the source."""

    def __init__(self, rule: str, severity: Severity, message: str, start: int, end: int,
                 segment: int | None = None, term: str = "", suggestion: str | None = None,
                 zh_segment: int | None = None) -> None:
        (set_rule, set_severity, set_message, set_start, set_end, set_segment, set_term,
         set_suggestion, set_zh_segment) = _FINDING_SLOTS
        set_rule(self, rule)
        set_severity(self, severity)
        set_message(self, message)
        set_start(self, start)
        set_end(self, end)
        set_segment(self, segment)
        set_term(self, term)
        set_suggestion(self, suggestion)
        set_zh_segment(self, zh_segment)

    @property
    def key(self) -> tuple[str, int, int, str]:
        """A stable identity for the finding within one document version."""
        return (self.rule, self.start, self.end, self.term)


_FINDING_SLOTS = slot_setters(Finding, ("rule", "severity", "message", "start", "end", "segment",
                                        "term", "suggestion", "zh_segment"))


Detail = tuple[str, str, str | None]
"""A finding's message, term and suggestion."""


@dataclass(frozen=True, slots=True)
class FindingColumns:
    """Findings as columns, one list per ``Finding`` field but the Chinese segment (which
    reports do not show): what the batch runner sorts and renders.

    A rule that reports the same few things many times over (a glossary's forbidden variant)
    makes its findings so, with one ``Detail`` tuple shared by the findings that say the same
    and no ``Finding`` each: a frozen dataclass costs more to make than to render.
    """

    rules: list[str]
    severities: list[Severity]
    starts: list[int]
    ends: list[int]
    segments: list[int | None]
    details: list[Detail]

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> FindingColumns:
        """The columns of ``findings``."""
        rows = [(finding.rule, finding.severity, finding.start, finding.end, finding.segment,
                 (finding.message, finding.term, finding.suggestion)) for finding in findings]
        if not rows:
            return cls([], [], [], [], [], [])
        rules, severities, starts, ends, segments, details = map(list, zip(*rows, strict=True))
        return cls(rules, severities, starts, ends, segments, details)

    @classmethod
    def concatenated(cls, parts: Iterable[FindingColumns]) -> FindingColumns:
        """The findings of ``parts`` one after the other."""
        joined = cls([], [], [], [], [], [])
        for part in parts:
            for column, values in zip(joined.columns(), part.columns(), strict=True):
                column.extend(values)
        return joined

    def columns(self) -> tuple[list[Any], ...]:
        """The lists, in field order."""
        return (self.rules, self.severities, self.starts, self.ends, self.segments,
                self.details)

    def __len__(self) -> int:
        return len(self.starts)

    def take(self, order: list[int]) -> FindingColumns:
        """The findings at the positions ``order``, in that order."""
        return FindingColumns(*([values[at] for at in order] for values in self.columns()))

    def findings(self) -> Iterator[Finding]:
        """One ``Finding`` each."""
        for rule, severity, start, end, segment, (message, term, suggestion) in zip(
                *self.columns(), strict=True):
            yield Finding(rule, severity, message, start, end, segment, term, suggestion)


EditKind = Literal["accept", "edit", "undo", "replace-all"]


@dataclass(frozen=True, slots=True)
class Edit:
    """One entry of the review session's append-only edit log."""

    id: int
    """Position in the log (1-based, increasing)."""
    segment: int
    """Index of the English segment edited."""
    before: str
    """The segment's text before the edit."""
    after: str
    """The segment's text after the edit."""
    kind: EditKind
    """What produced the edit."""
    reviewer: str
    """Who made it."""
    timestamp: str
    """When, as an ISO 8601 UTC string."""
    finding: str | None = None
    """The id of the finding the edit resolves, if any."""
    patch: str = ""
    """diff-match-patch patch text from ``before`` to ``after``."""
    reverts: int | None = None
    """For an undo: the id of the edit it reverts."""


@dataclass(frozen=True, slots=True)
class Signature:
    """What produced an output, so two reports can be compared honestly (like sacrebleu's)."""

    version: str
    segmenter: str = ""
    aligner: str = ""
    glossary: str = ""
    """A short hash of the glossary's content, or ``none``."""
    checks: tuple[str, ...] = field(default_factory=tuple)

    def to_text(self) -> str:
        """``transreview:0.1.0|seg:...|align:...|glossary:...|checks:a,b``."""
        parts = [f"transreview:{self.version}"]
        if self.segmenter:
            parts.append(f"seg:{self.segmenter}")
        if self.aligner:
            parts.append(f"align:{self.aligner}")
        if self.glossary:
            parts.append(f"glossary:{self.glossary}")
        if self.checks:
            parts.append("checks:" + ",".join(self.checks))
        return "|".join(parts)


FindingStatus = Literal["open", "accepted", "rejected"]
SegmentStatus = Literal["unreviewed", "reviewed", "edited"]


@dataclass(frozen=True, slots=True)
class FindingState:
    """A finding as a review session sees it."""

    id: str
    """Stable id of the finding within its session (survives reopening)."""
    finding: Finding
    """The finding itself, with offsets into the original English text."""
    status: FindingStatus = "open"
    """Open until accepted (its suggestion, or an edit, resolved it) or rejected."""


@dataclass(frozen=True, slots=True)
class SegmentState:
    """One English segment's review state."""

    index: int
    """The English segment index."""
    original: str
    """The segment text in the original file."""
    current: str
    """The segment text after every edit so far."""
    status: SegmentStatus = "unreviewed"
    """unreviewed, reviewed (marked by the reviewer) or edited."""


@dataclass(frozen=True, slots=True)
class ReviewSnapshot:
    """Everything export needs, at one moment: the documents, alignment, findings and edits.

    A review session produces it; without a session, one is built straight from an analysis
    (no edits, every finding open), so export works with or without a review.
    """

    en: Document
    """The original English document."""
    zh: Document | None
    """The Chinese source, when known."""
    en_segments: tuple[Segment, ...]
    """The English segments, offsets into ``en.text``."""
    zh_segments: tuple[Segment, ...]
    """The Chinese segments (empty without a source)."""
    beads: tuple[Bead, ...]
    """The alignment (empty without a source)."""
    segments: tuple[SegmentState, ...]
    """Per English segment, in order: original and current text, status."""
    findings: tuple[FindingState, ...]
    """Every finding with its status."""
    edits: tuple[Edit, ...]
    """The append-only edit log, oldest first."""
    signature: Signature
    """What produced the analysis."""

    def corrected_text(self) -> str:
        """The English text with each segment's current text spliced in at its original span.

        With no edit this is ``en.text`` itself, so export of ``txt`` is byte-identical.
        """
        pieces: list[str] = []
        cursor = 0
        for segment, state in zip(self.en_segments, self.segments, strict=True):
            pieces.append(self.en.text[cursor : segment.start])
            pieces.append(state.current)
            cursor = segment.end
        pieces.append(self.en.text[cursor:])
        return "".join(pieces)
