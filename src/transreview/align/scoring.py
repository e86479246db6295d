"""Bead scores: lexical coverage plus the length model, a shape prior and paragraph hints.

The lexical part is a *normalised coverage fraction*: of the content words of both sides of a bead,
the share that a dictionary entry, a glossary pair, a shared number or a pinyin name links to the
other side. Being a fraction, it does not grow with bead size, so the search is not drawn into
merged beads; it is summed over beads, so two good 1-1 beads beat one 2-2 bead. A null bead (an
omission or addition) earns a fixed ``skip`` score, which wins when nothing links the sentence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from transreview.align.features import EnSentence, ZhSentence
from transreview.align.length import LengthModel

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
    prior: float = 0.04
    """Weight of the bead shape's log prior."""
    skip: float = -0.15
    """Score of a null bead before its prior."""
    neutral: float = 0.2
    """Lexical score of a bead with no content word on either side (punctuation only)."""
    paragraph: float = 0.5
    """Penalty per paragraph boundary a bead crosses (when both sides mark paragraphs)."""
    lexical: bool = True
    """False gives the length-only (Gale–Church) mode, the baseline."""


class BeadScorer:
    """Scores candidate beads of one document pair; caches the pairwise links it computes."""

    def __init__(
        self, zh: Sequence[ZhSentence], en: Sequence[EnSentence], model: LengthModel,
        weights: Weights, zh_paragraphs: Sequence[int] | None = None,
        en_paragraphs: Sequence[int] | None = None,
    ) -> None:
        self.zh = zh
        self.en = en
        self.model = model
        self.weights = weights
        self.zh_paragraphs = zh_paragraphs
        self.en_paragraphs = en_paragraphs
        self._links: dict[tuple[int, int], tuple[int, int]] = {}
        self._log_prior = {shape: math.log(p) for shape, p in SHAPE_PRIOR.items()}

    def links(self, i: int, j: int) -> tuple[int, int]:
        """(English token mask, Chinese word mask) of what links Chinese ``i`` and English ``j``."""
        key = (i, j)
        found = self._links.get(key)
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
        self._links[key] = found
        return found

    def similarity(self, i: int, a: int, j: int, b: int) -> float:
        """Lexical coverage of the bead Chinese ``i:i+a`` x English ``j:j+b``, in [0, 1]."""
        total = sum(len(self.zh[k].translations) for k in range(i, i + a))
        total += sum(self.en[k].size for k in range(j, j + b))
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

    def score(self, i: int, a: int, j: int, b: int) -> float:
        """The bead's contribution to the path score (higher is better)."""
        w = self.weights
        zh_length = sum(self.zh[k].length for k in range(i, i + a))
        en_length = sum(self.en[k].length for k in range(j, j + b))
        fit = self.model.log_prob(zh_length, en_length)
        prior = self._log_prior.get((a, b), -12.0)
        if not w.lexical:
            return fit + prior - 10.0 * self._crossings(i, a, j, b)
        base = w.prior * prior - w.paragraph * self._crossings(i, a, j, b)
        if a == 0 or b == 0:
            return w.skip + base
        return self.similarity(i, a, j, b) + w.length * fit + base
