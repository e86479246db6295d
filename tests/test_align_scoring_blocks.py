"""``BeadScorer.band`` scored a block of rows at a time against the same band in one block."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from test_align_links import features

from transreview.align import _paragraphs, english_evidence
from transreview.align import scoring as scoring_module
from transreview.align.features import content_length, lengths_only
from transreview.align.length import estimate
from transreview.align.scoring import BeadScorer, Weights
from transreview.align.search import band, diagonal
from transreview.model import Document
from transreview.segment import segment_document

ROOT = Path(__file__).resolve().parents[1]


def scorers() -> list[BeadScorer]:
    corpus = ROOT / "corpora" / "shanghai"
    zh = segment_document(Document("zh.txt", (corpus / "zh.txt").read_text("utf-8")), "zh")
    en = segment_document(Document("en.txt", (corpus / "en.txt").read_text("utf-8")), "en")
    zh_lengths = [content_length(s.text) for s in zh]
    en_lengths = [content_length(s.text) for s in en]
    zh_features, en_features = features([s.text for s in zh], [s.text for s in en])
    model = estimate(zh_lengths, en_lengths)
    return [
        BeadScorer(*lengths_only(zh_lengths, en_lengths), model, Weights(lexical=False)),
        BeadScorer(zh_features, en_features, model, Weights(), _paragraphs(zh), _paragraphs(en),
                   english=english_evidence(en).links),
    ]


@pytest.mark.parametrize("cells", [1, 7, 40, 333])
def test_blocks_score_as_one_block(monkeypatch: pytest.MonkeyPatch, cells: int) -> None:
    for scorer in scorers():
        n_zh, n_en = scorer.n_zh, scorer.n_en
        for width in (0, 3, 9, 40):
            lo, size = band(diagonal(n_zh, n_en), width, n_en)
            for start, stop in ((0, n_zh + 1), (0, 1), (5, 6), (3, n_zh - 2), (n_zh, n_zh + 1)):
                monkeypatch.setattr(scoring_module, "BLOCK_CELLS", cells)
                blocked = scorer.band(lo, size, start, stop)
                monkeypatch.setattr(scoring_module, "BLOCK_CELLS", 10**12)
                whole = scorer.band(lo, size, start, stop)
                assert blocked.shape == whole.shape == (len(scorer.shapes), stop - start, size)
                assert np.array_equal(blocked, whole)
