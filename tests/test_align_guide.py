"""The length-only guide path of a long document follows the translation across long omissions."""

from __future__ import annotations

import random

import pytest

from transreview.align import LONG, _guide


def _lengths(seed: int, cut_zh: range, cut_en: range) -> tuple[list[int], list[int], list[int]]:
    """Chinese and English lengths of a ``LONG`` translated document, less the Chinese
    sentences ``cut_zh`` and the English ones ``cut_en``; and the English position that each
    Chinese position should meet."""
    rng = random.Random(seed)
    zh = [rng.randint(5, 80) for _ in range(LONG + 200)]
    en = [max(1, round(length * 1.4 + rng.gauss(0.0, 4.0))) for length in zh]
    kept_zh = [i for i in range(len(zh)) if i not in cut_zh]
    kept_en = [i for i in range(len(en)) if i not in cut_en]
    truth = [sum(1 for j in kept_en if j < i) for i in kept_zh] + [len(kept_en)]
    return [zh[i] for i in kept_zh], [en[j] for j in kept_en], truth


@pytest.mark.parametrize(
    ("cut_zh", "cut_en"), [(range(0), range(4000, 4045)), (range(4000, 4045), range(0))]
)
def test_long_guide_follows_long_omissions(cut_zh: range, cut_en: range) -> None:
    """Off the true path only near the omission (where lengths alone cannot place it)."""
    for seed in (1, 2):
        zh, en, truth = _lengths(seed, cut_zh, cut_en)
        guide = _guide(zh, en, 40)
        off = [i for i, (g, t) in enumerate(zip(guide, truth, strict=True)) if abs(g - t) > 2]
        assert off
        assert min(off) >= 3850 and max(off) <= 4150
