"""The in-place length model against its formula written out."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from transreview.align.length import estimate


def formula(ratio: float, variance: float, zh: np.ndarray, en: np.ndarray) -> np.ndarray:
    mean = np.maximum((zh + en / ratio) / 2.0, 1.0)
    x = np.abs(en - ratio * zh) / np.sqrt(2.0 * variance * mean)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (
        -1.453152027 + t * 1.061405429))))
    both_empty = (zh == 0) & (en == 0)
    return np.where(both_empty, 0.0, np.maximum(np.log(poly) - x * x, math.log(1e-12)))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(0, 400), min_size=1, max_size=30),
    st.lists(st.integers(0, 900), min_size=1, max_size=30),
    st.integers(1, 5000), st.integers(1, 5000),
)
def test_log_prob_equals_the_formula(
    zh: list[int], en: list[int], zh_total: int, en_total: int,
) -> None:
    """Bit for bit, with the broadcast shapes the scorer uses (rows x 1 against rows x width)."""
    model = estimate([zh_total], [en_total])
    zh_lengths = np.array(zh, dtype=np.float64)[:, None]
    en_lengths = np.array(en, dtype=np.float64)[None, :] + zh_lengths
    found = model.log_prob(zh_lengths, en_lengths)
    expected = formula(model.ratio, model.variance, zh_lengths, en_lengths)
    assert found.tobytes() == np.broadcast_to(expected, found.shape).tobytes()
