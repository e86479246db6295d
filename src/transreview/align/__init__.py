"""Sentence alignment of a Chinese source and its English translation.

In: the segments of both sides (``Segment`` sequences, either may be empty) and optional glossary
term pairs. Out: an ``Alignment`` whose monotone beads cover every segment exactly once, each with
a score in [0, 1] (lexical coverage for a pair bead; for a null bead, how little the sentence links
to its neighbours on the other side). The scoring lives in ``scoring``, the search in ``search``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any

import numpy as np

from transreview.align.bootstrap import SAMPLE, Pieces, Span, learn, sampled, train_pieces
from transreview.align.english import content_lemmas
from transreview.align.evidence import english_rows
from transreview.align.features import (
    ChineseWords,
    EnSentence,
    ZhSentence,
    content_lengths,
    cut_fields,
    lengths_only,
    with_overlay,
    zh_sentence,
    zh_sentences_of,
)
from transreview.align.length import VARIANCE_FACTOR, estimate
from transreview.align.lexicon import load_lexicon
from transreview.align.links import EnglishLinks, EnglishSentences
from transreview.align.scoring import BeadScorer, Weights
from transreview.align.search import (
    BEADS,
    CHUNK,
    CLASSIC_BEADS,
    BeadPath,
    Stretch,
    band,
    diagonal,
    path_centre,
    search,
    search_stretch,
)
from transreview.handoff import Handoff, handed
from transreview.model import Alignment, Bead, Segment
from transreview.numbers import NumberMention, keep_numbers_zh, numbers_zh

ALIGNER_NAME = "lexcov-4"
"""Names the method and its version in every output's signature (2: the first pass of a long
document covers stretches of it, ``LONG``; 3: the bootstrap runs only where the first pass leaves
much unexplained, ``LEARN_BELOW``; 4: a long document's guide search uses Gale and Church's six
bead shapes, ``CLASSIC_BEADS``)."""
SPAN_BATCH = 2000
"""Sentences cut into learnt units per SentencePiece call (bounds the memory of the spans)."""
LONG = 4 * SAMPLE
"""From this many Chinese sentences on, the first pass runs over ``WINDOWS`` stretches only: the
lexicon learns from ``SAMPLE`` beads at most, so a first pass over the whole of a long document
would mostly go unread while costing as much as the final pass."""
WINDOWS = 8
"""Stretches of the first pass of a long document, evenly spread (``SAMPLE`` sentences in all)."""
PARALLEL = 4000
"""From this many Chinese sentences on, ``align`` hands a share of its work to the ``executor``
it is given (below, sending the work costs about what it saves)."""
SPANS_HERE = 1 / 3
"""Share of the sentences outside the sample that this process cuts into learnt units when a
worker cuts the rest (it adds the lemmas of the sample's units meanwhile)."""
RESEARCH_ROWS = 1000
"""From this many rows in all, the stretches a final search of a long document searches again are
shared with workers (below, sending them costs about what it saves)."""
JUDGED = (WINDOWS // 4, WINDOWS - 1 - WINDOWS // 4)
"""The stretches of a long document's first pass whose beads decide whether the bootstrap runs
(``LEARN_BELOW``), away from the ends: where it does not, the first pass stops there."""
LEARN_BELOW = 0.7
"""The bootstrap runs only when the first pass's pair beads cover less than this share of their
words on average (``BeadScorer.similarity``): above it the dictionary already explains the
translation. On every gold document at hand (MAC-Dev's six, at 0.40 to 0.60; the demo corpus, at
0.81) learning changes the alignment only below 0.45, while it costs a fifth of the time."""

__all__ = [
    "ALIGNER_NAME", "ChineseCuts", "English", "Weights", "align", "chinese_cuts",
    "english_evidence",
]


@dataclass(frozen=True, slots=True)
class English:
    """The evidence of the English side, which needs nothing of the Chinese side: another process
    can compute it (``english_evidence``) while this one starts on the Chinese side."""

    sentences: Sequence[EnSentence]
    """Per English sentence, its features."""
    links: EnglishLinks
    """The same evidence as arrays, for the search."""
    mentions: tuple[tuple[NumberMention, ...], ...]
    """Per English sentence, ``numbers_en`` of it (which the source rules read again)."""

    def __reduce__(self) -> tuple[Callable[..., English], tuple[Any, ...]]:
        """Pickled as the links and the mentions' fields: the receiver rebuilds a sentence's
        features from the links when it reads them (``EnglishSentences``)."""
        mentions = [[_mention_fields(m) for m in found] for found in self.mentions]
        return _english_of_links, (self.links, mentions)


_mention_fields = attrgetter(*(field.name for field in fields(NumberMention)))


def _english_of_links(links: EnglishLinks, mentions: list[list[tuple[Any, ...]]]) -> English:
    return English(
        EnglishSentences(links), links,
        tuple(tuple(NumberMention(*fields) for fields in found) for found in mentions),
    )


def english_evidence(en: Sequence[Segment]) -> English:
    """The evidence of the English segments ``en`` (what ``align``'s ``english`` returns)."""
    rows = english_rows([segment.text for segment in en], content_lengths(en))
    links = EnglishLinks.of_rows(rows)
    return English(EnglishSentences(links), links, rows.mentions)


def _term_lexicon(term_pairs: Sequence[tuple[str, str]]) -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for zh, en in term_pairs:
        lemmas = content_lemmas(en)
        if zh.strip() and lemmas:
            table.setdefault(zh.strip(), set()).update(lemmas)
    return {zh: frozenset(lemmas) for zh, lemmas in table.items()}


def _paragraphs(segments: Sequence[Segment]) -> list[int] | None:
    """Paragraph numbers when the side groups sentences into paragraphs at all, else None."""
    paragraphs = [segment.paragraph for segment in segments]
    return paragraphs if len(set(paragraphs)) < len(paragraphs) else None


def _words(
    extra: Mapping[str, frozenset[str]], lemmas: Iterable[str], names: Iterable[str],
) -> ChineseWords:
    """The dictionary for this document pair, narrowed to the ``lemmas`` and ``names`` of its
    translation (``EnglishLinks.lemmas`` and ``names``)."""
    lexicon = load_lexicon()
    return ChineseWords(lexicon.glosses, lexicon.pinyin, lexicon.widths, extra, lemmas, names)


_Cuts = tuple[list[tuple[Any, ...]], list[list[tuple[Any, ...]]], dict[str, str], dict[str, str]]
"""What ``_cuts`` returns: the fields of each ``ZhCut`` and of each ``NumberMention``, and the
glosses and pinyin that the words and names of the sentences read (``ChineseWords.entries``)."""


def _cuts(texts: Sequence[str], extra: Mapping[str, frozenset[str]]) -> Handoff[_Cuts]:
    """``zh_cut`` of the Chinese sentences ``texts``, ``numbers_zh`` of them (which the source
    rules read again) and the dictionary entries their analysis reads (computed by a worker,
    whose result spares the main process loading the dictionary; plain tuples pickle faster
    than dataclasses, and each dictionary word is one string, pickled once)."""
    cutter = _words(extra, (), ())
    cuts = [cut_fields(text, cutter) for text in texts]
    mentions = [[_mention_fields(m) for m in numbers_zh(text)] for text in texts]
    return handed((cuts, mentions, *cutter.entries(cutter.pieces, texts)))


ChineseCuts = Handoff[_Cuts]
"""What ``chinese_cuts`` returns for a long document."""


def chinese_cuts(
    zh: Sequence[Segment], term_pairs: Sequence[tuple[str, str]] = (),
) -> ChineseCuts | None:
    """What ``align``'s ``chinese`` returns: the Chinese sentences ``zh`` cut into words with
    the glossary's ``term_pairs`` among them, when they are ``PARALLEL`` or more (else None:
    ``align`` cuts a shorter document itself)."""
    if len(zh) < PARALLEL:
        return None
    return _cuts([s.text for s in zh], _term_lexicon(term_pairs))


def _zh_features(
    texts: Sequence[str], extra: Mapping[str, frozenset[str]], english: Callable[[], English],
    cutting: Callable[[], ChineseCuts | None] | None,
) -> tuple[list[ZhSentence], ChineseWords, English]:
    """The features of the Chinese sentences ``texts``, the dictionary they were found with and
    the English evidence (``english()``). With ``cutting`` (returning a worker's ``_cuts`` of
    ``texts``), the dictionary is the entries the worker found, and the numbers it found are
    kept for ``numbers_zh``: this process cuts nothing itself, since the guide search keeps it
    busy until the worker is nearly done. The cuts are read, and their numbers kept, before
    the evidence is waited for: the worker cutting a long document is done first, and reading
    them took this process 0.06 s that it otherwise spent waiting."""
    found = cutting() if cutting is not None else None
    if found is None:
        evidence = english()
        words = _words(extra, evidence.links.lemmas(), evidence.links.names())
        return [zh_sentence(text, words) for text in texts], words, evidence
    rows, mentions, glosses, pinyin = found.value()
    keep_numbers_zh(zip(texts, (
        tuple(itertools.starmap(NumberMention, numbers)) for numbers in mentions), strict=True))
    evidence = english()
    words = ChineseWords(glosses, pinyin, {}, extra, evidence.links.lemmas(),
                         evidence.links.names())
    return zh_sentences_of(rows, texts, words), words, evidence


def _null_score(scorer: BeadScorer, i: int, a: int, j: int, b: int) -> float:
    """1 - the best lexical link of a null bead's sentence to a neighbour on the other side."""
    best = 0.0
    if a:
        for jj in range(max(0, j - 1), min(len(scorer.en), j + 1)):
            best = max(best, scorer.similarity(i, 1, jj, 1))
    else:
        for ii in range(max(0, i - 1), min(len(scorer.zh), i + 1)):
            best = max(best, scorer.similarity(ii, 1, j, 1))
    return 1.0 - best


def _beads(path: Sequence[tuple[int, int, int, int]]) -> list[tuple[range, range]]:
    return [(range(i, i + a), range(j, j + b)) for i, a, j, b in path]


def _spans_of(
    pieces: Pieces, texts: Sequence[str], wanted: Container[str],
) -> list[list[Span]]:
    """``pieces.spans`` of ``texts`` with ``wanted``, ``SPAN_BATCH`` sentences a call."""
    return [
        spans for first in range(0, len(texts), SPAN_BATCH)
        for spans in pieces.spans(texts[first : first + SPAN_BATCH], wanted)
    ]


def _spans(
    model: bytes, texts: Sequence[str], wanted: Container[str],
) -> Handoff[list[list[Span]]]:
    """``_spans_of`` with the ``Pieces`` of ``model`` (in a worker)."""
    return handed(_spans_of(Pieces(model), texts, wanted))


def _relearn(
    zh: Sequence[Segment], zh_features: list[ZhSentence], en_features: Sequence[EnSentence],
    path: Sequence[tuple[int, int, int, int]], words: ChineseWords,
    executor: Executor | None = None,
) -> list[ZhSentence]:
    """The Chinese features again, with a lexicon learnt from the first pass's ``path``; with an
    ``executor``, a worker cuts all but ``SPANS_HERE`` of the other sentences into units while
    this process cuts those and adds the lemmas of the units it has."""
    texts = [s.text for s in zh]
    pieces = train_pieces(texts)
    if pieces is None:
        return zh_features
    beads = _beads(path)
    needed = sorted({k for zh_ids, _ in sampled(beads) for k in zh_ids})
    units = dict(zip(needed, pieces.spans([texts[k] for k in needed]), strict=True))
    learnt = learn(beads, units.__getitem__, lambda k: en_features[k].lemmas)
    rest = [k for k in range(len(texts)) if k not in units]
    theirs: list[int] = []
    other: Future[Handoff[list[list[Span]]]] | None = None
    if executor is not None and rest:
        mine = int(len(rest) * SPANS_HERE)
        rest, theirs = rest[:mine], rest[mine:]
        other = executor.submit(
            _spans, pieces.model, [texts[k] for k in theirs], frozenset(learnt)
        )
    out = list(zh_features)

    def overlay(found: Iterable[tuple[int, list[Span]]]) -> None:
        for k, spans in found:
            if spans:
                out[k] = with_overlay(out[k], spans, learnt, words)

    overlay((k, [span for span in spans if span[2] in learnt]) for k, spans in units.items())
    overlay(zip(rest, _spans_of(pieces, [texts[k] for k in rest], learnt), strict=True))
    if other is not None:
        overlay(zip(theirs, other.result().value(), strict=True))
    return out


def _explained(scorer: BeadScorer, path: Sequence[tuple[int, int, int, int]]) -> bool:
    """Whether the pair beads of ``path`` cover at least ``LEARN_BELOW`` of their words on
    average: the bootstrap would have little to learn."""
    covered = [scorer.similarity(i, a, j, b) for i, a, j, b in path if a and b]
    return bool(covered) and sum(covered) / len(covered) >= LEARN_BELOW


def _guide(zh_lengths: Sequence[int], en_lengths: Sequence[int], width: int) -> list[int]:
    """The path of a cheap length-only search with a band of half-width ``width``, as a guide.

    A ``LONG`` document's guide has Gale and Church's shapes only (``CLASSIC_BEADS``): they cost
    half of all shapes, and guided long documents as well or better in our tests, also across
    long omissions; a shorter document's guide keeps all shapes, and its alignment."""
    shapes = CLASSIC_BEADS if len(zh_lengths) >= LONG else BEADS
    plain = BeadScorer(
        *lengths_only(zh_lengths, en_lengths), estimate(zh_lengths, en_lengths, 1.0),
        Weights(lexical=False), shapes=shapes,
    )
    rough = search(
        len(zh_lengths), len(en_lengths), plain.band, shapes=plain.shapes, width=width,
        retries=2, local=False,
    )
    return path_centre(rough, len(zh_lengths))


def _first_pass(
    scorer: BeadScorer, guide: Sequence[int], width: int, windows: Iterable[int] = range(WINDOWS),
) -> list[tuple[int, int, int, int]]:
    """The beads of a lexical pass over ``windows`` of the ``WINDOWS`` stretches of
    ``SAMPLE // WINDOWS`` Chinese sentences, evenly spread, each between the English positions
    the ``guide`` gives its ends (beads near those ends may be off: the lexicon learns from
    counts, which bear that)."""
    n_zh = len(scorer.zh)
    size = SAMPLE // WINDOWS
    beads: list[tuple[int, int, int, int]] = []
    for k in windows:
        i0 = (n_zh - size) * k // (WINDOWS - 1)
        i1, j0 = i0 + size, guide[i0]
        j1 = max(j0, guide[i1])
        centre = [j - j0 for j in guide[i0 : i1 + 1]]
        window = scorer.window(i0, i1, j0, j1)
        found = search(i1 - i0, j1 - j0, window.band, shapes=window.shapes, guide=centre,
                       width=width, retries=0)
        beads += [(i + i0, a, j + j0, b) for i, a, j, b in found]
    return beads


def _learning_pass(
    scorer: BeadScorer, guide: list[int] | None, weights: Weights,
) -> tuple[list[tuple[int, int, int, int]], Sequence[int], int] | None:
    """The bootstrap's first pass, with the centre and half-width of the band of the pass after
    learning; None where the first pass's beads need no learning (``_explained``). A long
    document's first pass covers stretches (``_first_pass``), the ``JUDGED`` ones first."""
    n_zh, n_en = scorer.n_zh, scorer.n_en
    if guide is not None and n_zh >= LONG:
        if _explained(scorer, _first_pass(scorer, guide, weights.width, JUDGED)):
            return None
        return _first_pass(scorer, guide, weights.width), guide, weights.width
    first = search(
        n_zh, n_en, scorer.band, shapes=scorer.shapes, retries=0, guide=guide, width=weights.width
    )
    if _explained(scorer, first):
        return None
    return first, path_centre(first, n_zh), weights.refine_width


def _bands(
    banded: Handoff[BeadScorer], lo: np.ndarray, size: int, rows: Sequence[tuple[int, int]],
    tables: bool,
) -> Handoff[tuple[list[np.ndarray], list[tuple[int, np.ndarray, np.ndarray, np.ndarray,
                                                 np.ndarray]]]]:
    """``scorer.band(lo, size, start, stop)`` for each of the ``rows`` and, with ``tables``, the
    link tables the scorer made for them (in a worker, which shares ``banded`` with another)."""
    scorer = banded.value(keep=True)
    scores = [scorer.band(lo, size, start, stop) for start, stop in rows]
    return handed((scores, scorer.tables() if tables else []))


def _stretches(
    banded: Handoff[BeadScorer], stretches: list[Stretch], width: int, tables: bool,
) -> Handoff[tuple[list[tuple[BeadPath, list[int]]], list[Any]]]:
    """``search_stretch`` of each of the ``stretches`` and, with ``tables``, the link tables the
    scorer made for them (in a worker)."""
    scorer = banded.value(keep=True)
    found = [search_stretch(stretch, scorer.n_zh, scorer.n_en, width, scorer.band, scorer.shapes)
             for stretch in stretches]
    return handed((found, scorer.tables() if tables else []))


class _SharedSearch:
    """The final search of a long document, shared with two workers (``align`` sends them the
    band once the work before it is done).

    ``score`` is ``scorer.band`` for ``search`` around ``centre``: this process scores the first
    ``here`` of the rows of its first band (as ``search`` cuts them) and the workers the rest,
    in two tasks of equal size. This process also runs the search over all rows, so it scores
    fewer than half, and it goes on with the first task's rows while the second's are being
    scored. Any other band is scored here. ``research`` searches the stretches of the path that
    ran along the band's edge again, a third of their rows here and the rest in two worker
    tasks, when they are ``RESEARCH_ROWS`` or more (a literary document's path leaves a band
    around its length-only guide in dozens of places, searched again in 0.4 s). With
    ``tables``, the workers' link tables join the scorer's (for ``preload``)."""

    def __init__(self, scorer: BeadScorer, centre: Sequence[int], width: int,
                 executor: Executor, tables: bool, here: float = 0.4) -> None:
        self._scorer, self._executor, self._tables = scorer, executor, tables
        n_zh, n_en = scorer.n_zh, scorer.n_en
        self._lo, self._size = band(centre, width, n_en)
        cuts = [(start, min(n_zh + 1, start + CHUNK)) for start in range(0, n_zh + 1, CHUNK)]
        theirs = cuts[max(1, round(len(cuts) * here)) :]
        split = -(-len(theirs) // 2)
        self._banded = handed(scorer.for_band())
        # each cut a worker scores -> its task, and all the cuts of that task
        self._pending: dict[tuple[int, int], tuple[
            Future[Handoff[tuple[list[np.ndarray], list[Any]]]], list[tuple[int, int]]]] = {}
        for piece in (theirs[:split], theirs[split:]):
            if piece:
                task = executor.submit(_bands, self._banded, self._lo, self._size, piece, tables)
                self._pending.update(dict.fromkeys(piece, (task, piece)))
        self._ready: dict[tuple[int, int], np.ndarray] = {}

    def score(self, at: np.ndarray, wide: int, start: int, stop: int) -> np.ndarray:
        cut = (start, stop)
        mine = wide == self._size and np.array_equal(at, self._lo)
        if (cut in self._ready or cut in self._pending) and mine:
            task = self._pending.get(cut)
            if task is not None:
                future, piece = task
                scores, found = future.result().value()
                for done in piece:
                    del self._pending[done]
                self._ready.update(zip(piece, scores, strict=True))
                self._scorer.tables().extend(found)
            return self._ready.pop(cut)
        return self._scorer.band(at, wide, start, stop)

    def research(self, stretches: list[Stretch], width: int) -> list[tuple[BeadPath, list[int]]]:
        """``search_stretch`` of each of the ``stretches`` (``search.Research``), shared out by
        their rows: the largest first, each to the least loaded of this process and the two
        workers."""
        scorer = self._scorer
        rows = [end[0] - beads[0][0] for beads, end in stretches]
        shares: list[list[int]] = [[], [], []]  # this process's, then each worker's
        if sum(rows) >= RESEARCH_ROWS:
            loads = [0, 0, 0]
            for k in sorted(range(len(stretches)), key=rows.__getitem__, reverse=True):
                least = loads.index(min(loads))
                shares[least].append(k)
                loads[least] += rows[k]
        else:
            shares[0] = list(range(len(stretches)))
        tasks = [(share, self._executor.submit(
            _stretches, self._banded, [stretches[k] for k in share], width, self._tables))
            for share in shares[1:] if share]
        found: dict[int, tuple[BeadPath, list[int]]] = {
            k: search_stretch(stretches[k], scorer.n_zh, scorer.n_en, width, self.score,
                              scorer.shapes) for k in shares[0]}
        for share, task in tasks:
            theirs, tables = task.result().value()
            found.update(zip(share, theirs, strict=True))
            scorer.tables().extend(tables)
        return [found[k] for k in range(len(stretches))]

    def close(self) -> None:
        """Remove the scorer handed to the workers (once the search is done)."""
        self._banded.discard()


def align(
    zh: Sequence[Segment], en: Sequence[Segment], *,
    term_pairs: Sequence[tuple[str, str]] = (), weights: Weights | None = None,
    english: Callable[[], English] | None = None,
    chinese: Callable[[], ChineseCuts | None] | None = None, executor: Executor | None = None,
    scores: bool = True,
) -> Alignment:
    """Align Chinese ``zh`` with English ``en``; ``weights`` selects e.g. the length-only mode.

    ``english``: returns the evidence of ``en`` (``english_evidence(en)``), e.g. computed by
    another process; it is called after the length-only guide search, which needs only lengths.
    ``chinese``: returns ``chinese_cuts(zh, term_pairs)``, e.g. computed by a worker that
    segmented the document itself; called then too, when the workers share the alignment.
    ``executor``: from ``PARALLEL`` Chinese sentences on, its workers cut the Chinese sentences
    into words and most of them into learnt units, score most of the final search's band and
    search again most of the stretches where its path ran along the band's edge (processes
    with ``fork`` or ``spawn``); the alignment is the same.
    ``scores``: False leaves every bead's score unknown (0.0): the checks read none, and
    scoring the beads of a long document costs the main process a tenth of a second.
    """
    weights = weights or Weights()
    if len(zh) < PARALLEL or not weights.lexical:
        executor = None
    texts = [s.text for s in zh]
    extra = _term_lexicon(term_pairs) if weights.lexical else {}
    cutting = None
    if executor is not None:
        cutting = chinese or executor.submit(_cuts, texts, extra).result
    zh_lengths, en_lengths = content_lengths(zh), content_lengths(en)
    guide = None
    if weights.lexical and weights.guide and zh and en:
        guide = _guide(zh_lengths, en_lengths, weights.guide)
    links = None
    if weights.lexical:
        zh_features, words, evidence = _zh_features(
            texts, extra, english or (lambda: english_evidence(en)), cutting
        )
        en_features: Sequence[EnSentence] = evidence.sentences
        links = evidence.links
    else:
        zh_features, en_features = lengths_only(zh_lengths, en_lengths)
    model = estimate(zh_lengths, en_lengths, VARIANCE_FACTOR if weights.lexical else 1.0)
    zh_par, en_par = _paragraphs(zh), _paragraphs(en)
    if zh_par is None or en_par is None:
        zh_par = en_par = None
    scorer = BeadScorer(zh_features, en_features, model, weights, zh_par, en_par, english=links)
    learning = None
    if weights.lexical and weights.bootstrap and zh and en:
        learning = _learning_pass(scorer, guide, weights)
    if learning is None:
        centre: Sequence[int] = guide if guide is not None else diagonal(len(zh), len(en))
        width = weights.width
    else:
        first, centre, width = learning
        del scorer  # its Chinese link arrays go before the second pass builds its own
        zh_features = _relearn(zh, zh_features, en_features, first, words, executor)
        scorer = BeadScorer(
            zh_features, en_features, model, weights, zh_par, en_par, english=links
        )
    if executor is None:
        path = search(len(zh), len(en), scorer.band, shapes=scorer.shapes, guide=centre,
                      width=width)
    else:
        shared = _SharedSearch(scorer, centre, width, executor, tables=scores)
        try:
            path = search(len(zh), len(en), shared.score, shapes=scorer.shapes, guide=centre,
                          width=width, research=shared.research)
        finally:
            shared.close()
    if scores and weights.lexical:
        scorer.preload(path)  # before ``unsupported``, which then reads the links it keeps
    unsupported = tuple(scorer.unsupported(path)) if weights.lexical else ()
    # each bead's indices as slices of one tuple of each side's (faster than tuples of ranges)
    zh_ids, en_ids = tuple(range(len(zh))), tuple(range(len(en)))
    if not (scores and weights.lexical):
        beads = [Bead(zh_ids[i : i + a], en_ids[j : j + b]) for i, a, j, b in path]
        return Alignment(zh=tuple(zh), en=tuple(en), beads=tuple(beads), unsupported=unsupported)
    beads = []
    for i, a, j, b in path:
        value = scorer.similarity(i, a, j, b) if a and b else _null_score(scorer, i, a, j, b)
        value = min(1.0, max(0.0, value))
        beads.append(Bead(zh_ids[i : i + a], en_ids[j : j + b], value))
    return Alignment(zh=tuple(zh), en=tuple(en), beads=tuple(beads), unsupported=unsupported)
