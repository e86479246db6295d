"""``BeadScorer.band``: the shapes scored together (sharing the counts of a block) score as each
shape scored alone."""

from __future__ import annotations

import numpy as np
from test_align_scoring_blocks import scorers

from transreview.align.scoring import BeadScorer
from transreview.align.search import band, diagonal


def test_shapes_score_together_as_alone() -> None:
    for scorer in scorers():
        n_zh, n_en = scorer.n_zh, scorer.n_en
        for width in (2, 9):
            lo, size = band(diagonal(n_zh, n_en), width, n_en)
            together = scorer.band(lo, size, 0, n_zh + 1)
            zh_paragraphs = en_paragraphs = None
            if scorer._paragraphs is not None:
                zh_paragraphs, en_paragraphs = (p.tolist() for p in scorer._paragraphs)
            for k, shape in enumerate(scorer.shapes):
                alone = BeadScorer(
                    scorer.zh, scorer.en, scorer.model, scorer.weights, zh_paragraphs,
                    en_paragraphs, [shape],
                )
                assert np.array_equal(alone.band(lo, size, 0, n_zh + 1)[0], together[k])
