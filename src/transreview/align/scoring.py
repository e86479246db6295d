"""Bead scores: lexical coverage plus the length model, a shape prior and paragraph hints.

The lexical part is a *normalised coverage fraction*: of the content words of both sides of a bead,
the share that a dictionary entry, a glossary pair, a shared number or a pinyin name links to the
other side. Being a fraction, it does not grow with bead size, so the search is not drawn into
merged beads; it is summed over beads, so two good 1-1 beads beat one 2-2 bead. A null bead (an
omission or addition) earns a fixed ``skip`` score, which wins when nothing links the sentence.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from transreview.align.features import EnSentence, ZhSentence
from transreview.align.length import LengthModel
from transreview.align.search import BEADS

SHAPE_PRIOR: dict[tuple[int, int], float] = {
    (1, 1): 0.70, (1, 2): 0.12, (2, 1): 0.05, (1, 3): 0.035, (3, 1): 0.01, (2, 2): 0.02,
    (1, 4): 0.01, (2, 3): 0.008, (3, 2): 0.005, (1, 5): 0.003, (2, 4): 0.003,
    (1, 0): 0.005, (0, 1): 0.005,
}
"""How often each bead shape occurs in news and literary Chinese–English translation."""


@dataclass(frozen=True, slots=True)
class Weights:
    """How the evidence is combined (tuned on MAC-Dev; see benchmarks/align_eval.py)."""

    length: float = 0.25
    """Weight of the length model's log probability."""
    prior: float = 0.036
    """Weight of the bead shape's log prior."""
    skip: float = -0.25
    """Score of a null bead before its prior."""
    neutral: float = 0.2
    """Lexical score of a bead with no content word on either side (punctuation only)."""
    paragraph: float = 0.5
    """Penalty per paragraph boundary a bead crosses (when both sides mark paragraphs)."""
    size: float = 0.35
    """Exponent of a bead's sentence count (halved) that scales its lexical score."""
    orphan: float = 0.3
    """Penalty per weakly linked member of a merged bead (see ``ORPHAN_SHARE``)."""
    lexical: bool = True
    """False gives the length-only (Gale–Church) mode, the baseline."""
    bootstrap: bool = True
    """Learn a lexicon from the first pass's beads and align again with it."""
    refine_width: int = 8
    """Half-width of the band of the second pass, around the first pass's path."""


class BeadScorer:
    """Scores candidate beads of one document pair; caches the pairwise links it computes."""

    def __init__(
        self, zh: Sequence[ZhSentence], en: Sequence[EnSentence], model: LengthModel,
        weights: Weights, zh_paragraphs: Sequence[int] | None = None,
        en_paragraphs: Sequence[int] | None = None, shapes: Sequence[tuple[int, int]] = BEADS,
    ) -> None:
        self.zh = zh
        self.en = en
        self.model = model
        self.weights = weights
        self.shapes = tuple(shapes)
        self.zh_paragraphs = zh_paragraphs
        self.en_paragraphs = en_paragraphs
        self._links: list[dict[int, tuple[int, int]]] = [{} for _ in zh]
        self._zh_length = _prefix(s.length for s in zh)
        self._en_length = _prefix(s.length for s in en)
        self._zh_words = _prefix(len(s.translations) for s in zh)
        self._en_words = _prefix(s.size for s in en)
        self._max_a = max((a for a, _ in self.shapes), default=1)
        self._max_b = max((b for _, b in self.shapes), default=1)
        prior = {shape: math.log(p) for shape, p in SHAPE_PRIOR.items()}
        self._prior = [prior.get(shape, -12.0) for shape in self.shapes]
        self._growth = [((a + b) / 2.0) ** weights.size for a, b in self.shapes]
        if weights.lexical:
            self._plan = [
                (a, b, weights.prior * p + (weights.skip if a == 0 or b == 0 else 0.0), g)
                for (a, b), p, g in zip(self.shapes, self._prior, self._growth, strict=True)
            ]
            self._paragraph_cost = weights.paragraph
        else:
            pairs = zip(self.shapes, self._prior, strict=True)
            self._plan = [(a, b, p, 1.0) for (a, b), p in pairs]
            self._paragraph_cost = 10.0
        self._reach = [max((b for a, b in self.shapes if a == k), default=0) for k in range(8)]

    def links(self, i: int, j: int) -> tuple[int, int]:
        """(English token mask, Chinese word mask) of what links Chinese ``i`` and English ``j``."""
        row = self._links[i]
        found = row.get(j)
        if found is not None:
            return found
        zs, es = self.zh[i], self.en[j]
        en_mask = zh_mask = 0
        lemmas = zs.lemmas
        for lemma, bits in es.lemmas.items():
            if lemma in lemmas:
                en_mask |= bits
        if en_mask:
            present = es.lemmas.keys()
            for unit, translations in enumerate(zs.translations):
                if translations and not translations.isdisjoint(present):
                    zh_mask |= 1 << unit
        for name, bits in es.names.items():
            other = zs.names.get(name)
            if other:
                en_mask |= bits
                zh_mask |= other
        for value, bits in es.numbers.items():
            other = zs.numbers.get(value)
            if other:
                en_mask |= bits
                zh_mask |= other
        found = (en_mask, zh_mask)
        row[j] = found
        return found

    def similarity(self, i: int, a: int, j: int, b: int) -> float:
        """Lexical coverage of the bead Chinese ``i:i+a`` x English ``j:j+b``, in [0, 1]."""
        zw, ew = self._zh_words, self._en_words
        total = zw[i + a] - zw[i] + ew[j + b] - ew[j]
        if total == 0:
            return self.weights.neutral
        covered = 0
        for jj in range(j, j + b):
            mask = 0
            for ii in range(i, i + a):
                mask |= self.links(ii, jj)[0]
            covered += mask.bit_count()
        for ii in range(i, i + a):
            mask = 0
            for jj in range(j, j + b):
                mask |= self.links(ii, jj)[1]
            covered += mask.bit_count()
        return covered / total

    def _coverage(self, i: int, j: int) -> dict[tuple[int, int], tuple[int, float]]:
        """Per pair shape ending at (``i``, ``j``): (covered words, weakness of its members).

        In a bead of three or more sentences, a member of ``ORPHAN_WORDS`` content words or more
        whose share of linked words is below ``ORPHAN_SHARE`` adds up to 1 to the weakness (1 when
        nothing links): a sign that it belongs to a null bead rather than to this one.
        """
        links = self.links
        columns = [0] * (self._max_b + 1)
        rows: list[list[int]] = []
        zh_sizes: list[int] = []
        en_sizes = [self.en[j - b].size for b in range(1, min(self._max_b, j) + 1)]
        out: dict[tuple[int, int], tuple[int, float]] = {}
        for a in range(1, min(self._max_a, i) + 1):
            reach = min(self._reach[a], j)
            ii = i - a
            row = 0
            counts = [0] * (reach + 1)
            for b in range(1, reach + 1):
                en_mask, zh_mask = links(ii, j - b)
                columns[b] |= en_mask
                row |= zh_mask
                counts[b] = row.bit_count()
            rows.append(counts)
            zh_sizes.append(len(self.zh[ii].translations))
            en_total = 0
            en_weak = 0.0
            for b in range(1, reach + 1):
                hits = columns[b].bit_count()
                en_total += hits
                en_weak += _weakness(hits, en_sizes[b - 1])
                zh_total = 0
                zh_weak = 0.0
                for k, counts in enumerate(rows):
                    zh_total += counts[b]
                    zh_weak += _weakness(counts[b], zh_sizes[k])
                weak = en_weak + zh_weak if a + b > 2 else 0.0
                out[(a, b)] = (en_total + zh_total, weak)
        return out

    def _crossings(self, i: int, a: int, j: int, b: int) -> int:
        zp, ep = self.zh_paragraphs, self.en_paragraphs
        if zp is None or ep is None:
            return 0
        count = 0
        if a > 1:
            count += zp[i + a - 1] != zp[i]
        if b > 1:
            count += ep[j + b - 1] != ep[j]
        return count

    def ending_at(self, i: int, j: int) -> list[float]:
        """Per shape, the score of the bead ending at (``i``, ``j``) (-inf where it cannot)."""
        w = self.weights
        ratio, variance = self.model.ratio, self.model.variance
        zl, el, zw, ew = self._zh_length, self._en_length, self._zh_words, self._en_words
        lexical = w.lexical
        covered = self._coverage(i, j) if lexical and i and j else {}
        paragraphs = self.zh_paragraphs is not None
        erfc, log, sqrt = math.erfc, math.log, math.sqrt
        out: list[float] = []
        for a, b, base, growth in self._plan:
            if a > i or b > j:
                out.append(_NEG)
                continue
            zh_length = zl[i] - zl[i - a]
            en_length = el[j] - el[j - b]
            mean = (zh_length + en_length / ratio) * 0.5
            gap = en_length - ratio * zh_length
            spread = sqrt(2.0 * variance * (mean if mean > 1.0 else 1.0))
            tail = erfc((gap if gap > 0 else -gap) / spread)
            fit = log(tail) if tail > _FLOOR else _LOG_FLOOR
            if paragraphs and (a > 1 or b > 1):
                base -= self._paragraph_cost * self._crossings(i - a, a, j - b, b)
            if not lexical:
                out.append(fit + base)
            elif a == 0 or b == 0:
                out.append(base)
            else:
                total = zw[i] - zw[i - a] + ew[j] - ew[j - b]
                hits, orphans = covered[(a, b)]
                sim = hits / total if total else w.neutral
                out.append(sim * growth + w.length * fit + base - w.orphan * orphans)
        return out


ORPHAN_WORDS = 5
"""Content words a sentence needs before weak links make it look out of place in a bead."""
ORPHAN_SHARE = 0.15
"""Share of linked words under which a member of a merged bead counts as weak."""


def _weakness(hits: int, size: int) -> float:
    """0 for a well-linked sentence, up to 1 for a long one with no link at all."""
    if size < ORPHAN_WORDS:
        return 0.0
    share = hits / size
    return 0.0 if share >= ORPHAN_SHARE else 1.0 - share / ORPHAN_SHARE
_NEG = float("-inf")
_FLOOR = 1e-12
_LOG_FLOOR = math.log(_FLOOR)
_SQRT_HALF = math.sqrt(0.5)


def _prefix(values: Iterable[int]) -> list[int]:
    out = [0]
    for value in values:
        out.append(out[-1] + value)
    return out
