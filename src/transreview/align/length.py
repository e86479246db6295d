"""The length model (Gale–Church): how likely two text lengths are to be translations.

The Chinese/English character ratio is estimated from the document pair itself, and the variance
is wider than Gale and Church's default because Chinese and English lengths correlate loosely.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

VARIANCE_FACTOR = 6.0
"""How much wider than a Gale–Church default (6.8 per unit of the ratio squared) the spread is."""

_FLOOR = 1e-12


@dataclass(frozen=True, slots=True)
class LengthModel:
    """English length ~ ratio x Chinese length, with variance ``variance`` x Chinese length."""

    ratio: float
    variance: float

    def log_prob(self, zh_length: np.ndarray, en_length: np.ndarray) -> np.ndarray:
        """log P(match) of beads with these lengths (arrays, broadcast): the two-sided tail of
        the normalised gap, with the erfc of Abramowitz and Stegun 7.1.26. Computed in place,
        in the same order of operations as the formula, so the values are the same."""
        mean = en_length / self.ratio
        mean += zh_length
        mean /= 2.0
        np.maximum(mean, 1.0, out=mean)
        mean *= 2.0 * self.variance
        np.sqrt(mean, out=mean)
        x = en_length - self.ratio * zh_length
        np.abs(x, out=x)
        x /= mean
        t = 0.3275911 * x
        t += 1.0
        np.divide(1.0, t, out=t)
        poly = t * 1.061405429
        for coefficient in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
            poly += coefficient
            poly *= t
        np.log(poly, out=poly)
        x *= x
        poly -= x
        np.maximum(poly, math.log(_FLOOR), out=poly)
        empty = zh_length == 0
        if empty.any():
            poly[empty & (en_length == 0)] = 0.0
        return poly


def estimate(
    zh_lengths: Sequence[int], en_lengths: Sequence[int], factor: float = VARIANCE_FACTOR,
) -> LengthModel:
    """The model of one document pair: ratio of total lengths, variance scaled to that ratio."""
    zh_total, en_total = sum(zh_lengths), sum(en_lengths)
    ratio = en_total / zh_total if zh_total and en_total else 1.0
    return LengthModel(ratio=ratio, variance=factor * 6.8 * ratio * ratio)
