"""The pipeline as one call: text -> segments -> alignment -> findings.

In: the English document, optionally the Chinese source and a glossary. Out: an ``Analysis``
with segments of both sides (character offsets into each document), the alignment when a source
is given, and the findings sorted by position. An empty English document gives no segments and no
findings. ``check``, ``review`` and ``export`` all start here, so they agree on what they show.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import NamedTuple

from transreview import __version__
from transreview.align import (
    ALIGNER_NAME,
    ChineseCuts,
    English,
    align,
    chinese_cuts,
    english_evidence,
)
from transreview.checks import CheckContext, enabled_rules, run_checks
from transreview.glossary import ChineseTerms, Glossary, MatchColumns, chinese_terms
from transreview.model import (
    Alignment,
    Document,
    Finding,
    FindingState,
    Lang,
    ReviewSnapshot,
    Segment,
    SegmentState,
    Signature,
)
from transreview.numbers import keep_numbers_en
from transreview.segment import SEGMENTER_NAME, segment_document, segment_presegmented


@dataclass(frozen=True, slots=True)
class Analysis:
    """The result of running the pipeline on one document (pair)."""

    en: Document
    """The English document."""
    zh: Document | None
    """The Chinese source, if given."""
    en_segments: tuple[Segment, ...]
    """English sentences."""
    zh_segments: tuple[Segment, ...]
    """Chinese sentences (empty without a source)."""
    alignment: Alignment | None
    """The sentence alignment (None without a source)."""
    findings: tuple[Finding, ...]
    """Findings ordered by (start, end, rule)."""
    signature: Signature
    """What produced this analysis."""


_LAST_SEGMENTED: list[tuple[Document, Lang, bool, tuple[Segment, ...]]] = []
"""The last document segmented, how, and its segments."""


def _segments(document: Document, language: Lang, presegmented: bool) -> tuple[Segment, ...]:
    """The segments of ``document``; the last document's are kept, by identity (a worker that
    made a document's evidence and then checks it segments it once)."""
    if _LAST_SEGMENTED:
        last, last_language, last_presegmented, segments = _LAST_SEGMENTED[0]
        if last is document and (last_language, last_presegmented) == (language, presegmented):
            return segments
    if presegmented:
        segments = segment_presegmented(document)
    else:
        segments = segment_document(document, language)
    _LAST_SEGMENTED[:] = [(document, language, presegmented, segments)]
    return segments


def english_side(en: Document, presegmented: bool = False) -> English:
    """The alignment's evidence of the English document ``en``, segmented as ``analyze`` does:
    what ``analyze``'s ``english`` returns (computed by a worker process, say)."""
    return english_evidence(_segments(en, "en", presegmented))


class ChineseSide(NamedTuple):
    """What the analysis reads of the Chinese document before it aligns it."""

    cuts: ChineseCuts | None
    """The aligner's cuts of its sentences (``chinese_cuts``)."""
    terms: ChineseTerms | None
    """The glossary's source terms in each sentence (``chinese_terms``), if asked for."""


def chinese_side(
    zh: Document, glossary: Glossary | None = None, presegmented: bool = False,
    terms: bool = False,
) -> ChineseSide:
    """What ``analyze``'s ``chinese`` returns (computed by a worker process, say): the Chinese
    document ``zh`` segmented as ``analyze`` does, cut for the aligner with the ``glossary``'s
    term pairs, and with ``terms`` its source terms found."""
    segments = _segments(zh, "zh", presegmented)
    return ChineseSide(
        chinese_cuts(segments, glossary.term_pairs() if glossary is not None else ()),
        chinese_terms(glossary, [s.text for s in segments])
        if terms and glossary is not None else None,
    )


def _keeping_numbers(
    english: Callable[[], English], segments: Sequence[Segment],
) -> Callable[[], English]:
    """``english`` that, once called, has ``numbers_en`` find the mentions it carries: the
    source rules read the same sentences."""

    def fetched() -> English:
        evidence = english()
        keep_numbers_en(zip([s.text for s in segments], evidence.mentions, strict=True))
        return evidence

    return fetched


def analyze(
    en: Document,
    zh: Document | None = None,
    glossary: Glossary | None = None,
    *,
    select: Collection[str] | None = None,
    ignore: Collection[str] = (),
    presegmented: bool = False,
    english: Callable[[], English] | None = None,
    chinese: Callable[[], ChineseSide] | None = None, executor: Executor | None = None,
    scores: bool = True, en_matches: Callable[[], MatchColumns] | None = None,
) -> Analysis:
    """Segment, align (when ``zh`` is given) and check one English document.

    ``english``: returns ``english_side(en, presegmented)``, e.g. from another process (see
    ``align``); by default the alignment computes it here. ``chinese``: likewise
    ``chinese_side(zh, glossary, presegmented)``, with or without its terms. ``executor``:
    workers that take a share of a long alignment (see ``align``); the analysis is the same.
    ``scores``: False leaves the beads' scores unknown (see ``align``): the findings are the
    same.
    ``en_matches``: returns the glossary's matches over ``en.text`` (e.g. found by another
    process for its rules), which the rules then read instead of finding them here.
    """
    # the Chinese side first: the English rules then find the English text's character codes
    # still cached by its segmentation (``segment.codes`` keeps the last text's)
    zh_segments = _segments(zh, "zh", presegmented) if zh is not None else ()
    en_segments = _segments(en, "en", presegmented)
    alignment = None
    if zh is not None:
        pairs = glossary.term_pairs() if glossary is not None else ()
        alignment = align(
            zh_segments, en_segments, term_pairs=pairs,
            english=None if english is None else _keeping_numbers(english, en_segments),
            chinese=None if chinese is None else lambda: chinese().cuts,
            executor=executor, scores=scores,
        )
    rules = enabled_rules(select=select, ignore=ignore, with_source=zh is not None)
    context = CheckContext(
        en=en, en_segments=en_segments, zh=zh, zh_segments=zh_segments,
        alignment=alignment, glossary=glossary, matches_from=en_matches,
        zh_terms_from=None if chinese is None else lambda: chinese().terms,
    )
    findings = tuple(sorted(run_checks(context, rules), key=lambda f: (f.start, f.end, f.rule)))
    signature = Signature(
        version=__version__,
        segmenter=SEGMENTER_NAME,
        aligner=ALIGNER_NAME if zh is not None else "",
        glossary=glossary.digest if glossary is not None else "none",
        checks=tuple(rules),
    )
    return Analysis(en, zh, en_segments, zh_segments, alignment, findings, signature)


def snapshot_of(analysis: Analysis) -> ReviewSnapshot:
    """A review snapshot with no edits and every finding open (export without a session)."""
    states = tuple(
        SegmentState(index=s.index, original=s.text, current=s.text) for s in analysis.en_segments
    )
    findings = tuple(
        FindingState(id=f"f{number}", finding=finding)
        for number, finding in enumerate(analysis.findings, start=1)
    )
    return ReviewSnapshot(
        en=analysis.en,
        zh=analysis.zh,
        en_segments=analysis.en_segments,
        zh_segments=analysis.zh_segments,
        beads=analysis.alignment.beads if analysis.alignment else (),
        segments=states,
        findings=findings,
        edits=(),
        signature=analysis.signature,
    )
