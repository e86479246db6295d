"""The alignment contract every aligner test checks: each sentence in exactly one bead, in
order, no empty bead, scores finite in [0, 1]."""

from __future__ import annotations

import math

from transreview.model import Alignment


def assert_alignment_invariants(alignment: Alignment, zh_count: int, en_count: int) -> None:
    """Fail unless ``alignment`` covers ``zh_count`` and ``en_count`` sentences monotonically."""
    zh_seen = [k for bead in alignment.beads for k in bead.zh]
    en_seen = [k for bead in alignment.beads for k in bead.en]
    assert zh_seen == list(range(zh_count))
    assert en_seen == list(range(en_count))
    for bead in alignment.beads:
        assert bead.zh or bead.en
        assert not math.isnan(bead.score)
        assert 0.0 <= bead.score <= 1.0
